"""Code lists of the family census (PK21) and Dukcapil, as Django choices with Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class StatusKawin(models.TextChoices):
    BELUM_KAWIN = "belum_kawin", _("Belum kawin")
    KAWIN = "kawin", _("Kawin")
    CERAI_HIDUP = "cerai_hidup", _("Cerai hidup")
    CERAI_MATI = "cerai_mati", _("Cerai mati")


class HubunganKK(models.TextChoices):
    """Dukcapil's SHDK list; the PK code is derived from it (see ``hubungan_pk``)."""

    KEPALA = "1", _("Kepala keluarga")
    SUAMI = "2", _("Suami")
    ISTRI = "3", _("Istri")
    ANAK = "4", _("Anak")
    MENANTU = "5", _("Menantu")
    CUCU = "6", _("Cucu")
    ORANG_TUA = "7", _("Orang tua")
    MERTUA = "8", _("Mertua")
    FAMILI_LAIN = "9", _("Famili lain")
    PEMBANTU = "10", _("Pembantu")
    LAINNYA = "11", _("Lainnya")


class HubunganPK(models.TextChoices):
    KEPALA = "1", _("Kepala keluarga")
    ISTRI = "2", _("Istri")
    ANAK = "3", _("Anak")
    LAINNYA = "4", _("Lainnya")


def hubungan_pk(shdk: str) -> str:
    """PK21 relationship code derived from the SHDK code."""
    return {
        HubunganKK.KEPALA: HubunganPK.KEPALA,
        HubunganKK.ISTRI: HubunganPK.ISTRI,
        HubunganKK.ANAK: HubunganPK.ANAK,
    }.get(shdk, HubunganPK.LAINNYA)


class AktaLahir(models.TextChoices):
    YA = "ya", _("Ya")
    TIDAK = "tidak", _("Tidak")


class Agama(models.TextChoices):
    ISLAM = "islam", _("Islam")
    KRISTEN = "kristen", _("Kristen")
    KATOLIK = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHA = "buddha", _("Buddha")
    KHONGHUCU = "khonghucu", _("Khonghucu")
    PENGHAYAT = "penghayat", _("Penghayat kepercayaan")


class Pekerjaan(models.TextChoices):
    TIDAK_BEKERJA = "tidak_bekerja", _("Tidak/belum bekerja")
    PETANI = "petani", _("Petani")
    NELAYAN = "nelayan", _("Nelayan")
    PEDAGANG = "pedagang", _("Pedagang")
    PEJABAT_NEGARA = "pejabat_negara", _("Pejabat negara")
    PNS_TNI_POLRI = "pns_tni_polri", _("PNS/TNI/POLRI")
    PEGAWAI_SWASTA = "pegawai_swasta", _("Pegawai swasta")
    WIRASWASTA = "wiraswasta", _("Wiraswasta")
    PENSIUNAN = "pensiunan", _("Pensiunan")
    PEKERJA_LEPAS = "pekerja_lepas", _("Pekerja lepas")


class Pendidikan(models.TextChoices):
    TIDAK_SEKOLAH = "tidak_sekolah", _("Tidak/belum sekolah")
    TIDAK_TAMAT_SD = "tidak_tamat_sd", _("Tidak tamat SD")
    MASIH_SD = "masih_sd", _("Masih SD")
    TAMAT_SD = "tamat_sd", _("Tamat SD")
    MASIH_SLTP = "masih_sltp", _("Masih SLTP")
    TAMAT_SLTP = "tamat_sltp", _("Tamat SLTP")
    MASIH_SLTA = "masih_slta", _("Masih SLTA")
    TAMAT_SLTA = "tamat_slta", _("Tamat SLTA")
    MASIH_PT = "masih_pt", _("Masih PT/Akademi")
    TAMAT_PT = "tamat_pt", _("Tamat PT/Akademi")


class JKN(models.TextChoices):
    PBI = "pbi", _("BPJS-PBI/Jamkesda")
    NON_PBI = "non_pbi", _("BPJS non-PBI")
    SWASTA = "swasta", _("Asuransi swasta")
    TIDAK = "tidak", _("Tidak memiliki")


class Keberadaan(models.TextChoices):
    DI_DALAM = "di_dalam", _("Di dalam rumah")
    DI_LUAR = "di_luar", _("Di luar rumah")
    LUAR_NEGERI = "luar_negeri", _("Di luar negeri")


class SumberAir(models.TextChoices):
    KEMASAN = "kemasan", _("Air kemasan/isi ulang")
    LEDENG = "ledeng", _("Ledeng/PAM")
    SUMUR_BOR = "sumur_bor", _("Sumur bor/pompa")
    SUMUR_TERLINDUNG = "sumur_terlindung", _("Sumur terlindung")
    SUMUR_TIDAK_TERLINDUNG = "sumur_tidak_terlindung", _("Sumur tidak terlindung")
    MATA_AIR_TERLINDUNG = "mata_air_terlindung", _("Mata air terlindung")
    MATA_AIR_TIDAK_TERLINDUNG = "mata_air_tidak_terlindung", _("Mata air tidak terlindung")
    AIR_PERMUKAAN = "air_permukaan", _("Air permukaan (sungai/danau)")
    AIR_HUJAN = "air_hujan", _("Air hujan")
    LAINNYA = "lainnya", _("Lainnya")


# DOMAIN.md §2 (KRS): the sources that count as proper drinking water — BKKBN's operational list
# for KRS, the default of the setting RUMAHDATAKU["AIR_LAYAK"] (indicators.air_layak()).
AIR_LAYAK_BKKBN = (
    SumberAir.KEMASAN.value,
    SumberAir.LEDENG.value,
    SumberAir.SUMUR_BOR.value,
    SumberAir.SUMUR_TERLINDUNG.value,
)
# BPS's list of *layak* water also counts these two (a village may choose it in the setting).
AIR_LAYAK_BPS = (
    *AIR_LAYAK_BKKBN,
    SumberAir.MATA_AIR_TERLINDUNG.value,
    SumberAir.AIR_HUJAN.value,
)


class Jamban(models.TextChoices):
    SENDIRI_SEPTIC = "sendiri_septic", _("Milik sendiri dengan septic tank")
    SENDIRI_TANPA_SEPTIC = "sendiri_tanpa_septic", _("Milik sendiri tanpa septic tank")
    BERSAMA = "bersama", _("Bersama/umum")
    TIDAK_ADA = "tidak_ada", _("Tidak ada")


JAMBAN_LAYAK = [Jamban.SENDIRI_SEPTIC]


class Lantai(models.TextChoices):
    KERAMIK = "keramik", _("Keramik/marmer/granit")
    SEMEN = "semen", _("Semen/plester")
    KAYU = "kayu", _("Kayu/papan")
    TANAH = "tanah", _("Tanah/bambu")
    LAINNYA = "lainnya", _("Lainnya")


class Dinding(models.TextChoices):
    TEMBOK = "tembok", _("Tembok")
    KAYU = "kayu", _("Kayu/papan")
    BAMBU = "bambu", _("Bambu/anyaman")
    LAINNYA = "lainnya", _("Lainnya")


class Atap(models.TextChoices):
    GENTENG = "genteng", _("Genteng/beton")
    SENG = "seng", _("Seng/asbes")
    IJUK = "ijuk", _("Ijuk/rumbia/daun")
    LAINNYA = "lainnya", _("Lainnya")


class Penerangan(models.TextChoices):
    PLN = "pln", _("Listrik PLN")
    NON_PLN = "non_pln", _("Listrik non-PLN")
    LAINNYA = "lainnya", _("Bukan listrik")


class BahanBakar(models.TextChoices):
    LISTRIK_GAS = "listrik_gas", _("Listrik/gas")
    MINYAK_TANAH = "minyak_tanah", _("Minyak tanah")
    ARANG_KAYU = "arang_kayu", _("Arang/kayu")
    LAINNYA = "lainnya", _("Lainnya")


class KepemilikanRumah(models.TextChoices):
    MILIK_SENDIRI = "milik_sendiri", _("Milik sendiri")
    SEWA = "sewa", _("Sewa/kontrak")
    MENUMPANG = "menumpang", _("Menumpang")
    LAINNYA = "lainnya", _("Lainnya")


class JawabanKS(models.TextChoices):
    YA = "Y", _("Ya")
    TIDAK = "T", _("Tidak")
    TIDAK_BERLAKU = "TB", _("Tidak berlaku")


class TahapanKS(models.TextChoices):
    PRA_S = "pra_s", _("Pra Sejahtera")
    KS_1 = "ks_1", _("KS I")
    KS_2 = "ks_2", _("KS II")
    KS_3 = "ks_3", _("KS III")
    KS_3_PLUS = "ks_3_plus", _("KS III Plus")
    BELUM_TERDATA = "belum_terdata", _("Belum terdata")


class MetodeKB(models.TextChoices):
    IUD = "iud", _("IUD")
    MOW = "mow", _("MOW")
    MOP = "mop", _("MOP")
    IMPLAN = "implan", _("Implan")
    SUNTIK = "suntik", _("Suntik")
    PIL = "pil", _("Pil")
    KONDOM = "kondom", _("Kondom")
    MAL = "mal", _("MAL")
    TRADISIONAL = "tradisional", _("Tradisional")


METODE_7_CARA = [
    MetodeKB.IUD,
    MetodeKB.MOW,
    MetodeKB.MOP,
    MetodeKB.IMPLAN,
    MetodeKB.SUNTIK,
    MetodeKB.PIL,
    MetodeKB.KONDOM,
]
METODE_MODERN = [m for m in MetodeKB.values if m != MetodeKB.TRADISIONAL]
METODE_MKJP = [MetodeKB.IUD, MetodeKB.MOW, MetodeKB.MOP, MetodeKB.IMPLAN]
METODE_NON_MKJP = [MetodeKB.SUNTIK, MetodeKB.PIL, MetodeKB.KONDOM, MetodeKB.MAL]
# A man's own KB status can only be one of these; his wife's PUS may take it.
METODE_PRIA = [MetodeKB.MOP, MetodeKB.KONDOM]
# Methods the Kampung KB portal does not know: a PUS on one is placed there by her fertility
# intention (StatusKB.niat, an AlasanTidakKB code), OFFICIAL.md §1.
METODE_NIAT = [MetodeKB.MAL, MetodeKB.TRADISIONAL]


class AlasanTidakKB(models.TextChoices):
    IAS = "ias", _("Ingin anak segera (IAS)")
    IAT = "iat", _("Ingin anak ditunda (IAT)")
    TIAL = "tial", _("Tidak ingin anak lagi (TIAL)")


class StatusKBPada(models.TextChoices):
    """The one KB status a PUS has on a date (DOMAIN.md §2), in the order of precedence."""

    HAMIL = "hamil", _("Hamil")
    IUD = "iud", _("IUD")
    MOW = "mow", _("MOW")
    MOP = "mop", _("MOP")
    IMPLAN = "implan", _("Implan")
    SUNTIK = "suntik", _("Suntik")
    PIL = "pil", _("Pil")
    KONDOM = "kondom", _("Kondom")
    MAL = "mal", _("MAL")
    TRADISIONAL = "tradisional", _("Tradisional")
    IAS = "ias", _("IAS")
    IAT = "iat", _("IAT")
    TIAL = "tial", _("TIAL")
    BELUM_TERDATA = "belum_terdata", _("Belum terdata")


class HasilKehamilan(models.TextChoices):
    LAHIR = "lahir", _("Lahir")
    KEGUGURAN = "keguguran", _("Keguguran")
    LAINNYA = "lainnya", _("Lainnya")


class JenisPeristiwa(models.TextChoices):
    LAHIR = "lahir", _("Lahir")
    MENINGGAL = "meninggal", _("Meninggal")
    PINDAH_KELUAR = "pindah_keluar", _("Pindah keluar")
    DATANG = "datang", _("Datang (pindah masuk)")
    KAWIN = "kawin", _("Kawin")
    CERAI_HIDUP = "cerai_hidup", _("Cerai hidup")
    CERAI_MATI = "cerai_mati", _("Cerai mati")
    PINDAH_KK = "pindah_kk", _("Pindah keluarga (KK)")


# Events that decide whether someone is in the population (DOMAIN.md §2).
PERISTIWA_KEBERADAAN = [
    JenisPeristiwa.DATANG,
    JenisPeristiwa.PINDAH_KELUAR,
    JenisPeristiwa.MENINGGAL,
]
PERISTIWA_STATUS_KAWIN = {
    JenisPeristiwa.KAWIN: StatusKawin.KAWIN,
    JenisPeristiwa.CERAI_HIDUP: StatusKawin.CERAI_HIDUP,
    JenisPeristiwa.CERAI_MATI: StatusKawin.CERAI_MATI,
}


class StatusHidup(models.TextChoices):
    HIDUP = "hidup", _("Hidup")
    MENINGGAL = "meninggal", _("Meninggal")
    PINDAH = "pindah", _("Pindah")
    HILANG = "hilang", _("Hilang")


class SumberData(models.TextChoices):
    ENTRI = "entri", _("Entri")
    IMPOR = "impor", _("Impor")
    DEMO = "demo", _("Data demo")


# The 18 Pembangunan Keluarga items (PK21), stored per family as {nomor: true/false}.
ITEM_PEMBANGUNAN_KELUARGA = {
    1: _("Anggota keluarga melaksanakan ibadah sesuai agama"),
    2: _("Pasangan memiliki akta nikah/buku nikah"),
    3: _("Anggota keluarga memiliki akta kelahiran"),
    4: _("Keluarga memiliki penghasilan tetap untuk kebutuhan pokok"),
    5: _("Keluarga memiliki tabungan"),
    6: _("Anggota keluarga makan makanan beragam"),
    7: _("Keluarga meluangkan waktu bersama"),
    8: _("Keluarga ikut kegiatan sosial/gotong royong"),
    9: _("Keluarga berinteraksi dengan tetangga"),
    10: _("Keluarga memperoleh informasi dari media"),
    11: _("Anggota keluarga ikut posyandu"),
    12: _("Keluarga ikut kegiatan BKB"),
    13: _("Keluarga ikut kegiatan BKR"),
    14: _("Keluarga ikut kegiatan PIK-R"),
    15: _("Keluarga ikut kegiatan BKL"),
    16: _("Keluarga ikut kelompok kegiatan ekonomi (UPPKA)"),
    17: _("Keluarga memiliki rumah sehat"),
    18: _("Anggota keluarga memakai alat kontrasepsi modern"),
}

# Tahapan KS: 21 indicators, numbered 1..21, grouped by level (DOMAIN.md §2).
INDIKATOR_KS_PER_TAHAP = [
    (TahapanKS.KS_1, range(1, 7)),
    (TahapanKS.KS_2, range(7, 15)),
    (TahapanKS.KS_3, range(15, 20)),
    (TahapanKS.KS_3_PLUS, range(20, 22)),
]
