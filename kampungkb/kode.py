"""Code lists of the Kampung KB: selection criteria, pokja positions, activity categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KriteriaProgram(models.TextChoices):
    """Programme criteria a Kampung KB is chosen by (Juknis Kampung KB)."""

    PRA_S_KS1_TINGGI = "pra_s_ks1", _("Keluarga Pra-S dan KS I di atas rata-rata")
    KESERTAAN_KB_RENDAH = "kb_rendah", _("Kesertaan ber-KB di bawah rata-rata")
    DESA_STUNTING = "stunting", _("Desa lokus stunting")


class KriteriaWilayah(models.TextChoices):
    """Area criteria (Juknis Kampung KB)."""

    KUMUH = "kumuh", _("Kumuh")
    PESISIR = "pesisir", _("Pesisir/nelayan")
    DAS = "das", _("Daerah aliran sungai (DAS)")
    BANTARAN_KA = "bantaran_ka", _("Bantaran kereta api")
    MISKIN = "miskin", _("Kawasan miskin (termasuk miskin perkotaan)")
    TERPENCIL = "terpencil", _("Terpencil")
    PERBATASAN = "perbatasan", _("Perbatasan")
    INDUSTRI = "industri", _("Kawasan industri")
    WISATA = "wisata", _("Kawasan wisata")
    PADAT = "padat", _("Padat penduduk")


class Cakupan(models.TextChoices):
    DESA = "desa", _("Seluruh desa/kelurahan")
    SEBAGIAN = "sebagian", _("Sebagian wilayah (dusun/RW/RT)")


class Kategori(models.TextChoices):
    """The eight family functions (PP 87/2014), plus KB/KKBPK and other."""

    AGAMA = "agama", _("Fungsi agama")
    SOSIAL_BUDAYA = "sosial_budaya", _("Fungsi sosial budaya")
    CINTA_KASIH = "cinta_kasih", _("Fungsi cinta kasih")
    PERLINDUNGAN = "perlindungan", _("Fungsi perlindungan")
    REPRODUKSI = "reproduksi", _("Fungsi reproduksi")
    SOSIALISASI_PENDIDIKAN = "sosialisasi_pendidikan", _("Fungsi sosialisasi dan pendidikan")
    EKONOMI = "ekonomi", _("Fungsi ekonomi")
    LINGKUNGAN = "lingkungan", _("Fungsi pembinaan lingkungan")
    KKBPK = "kkbpk", _("KB/KKBPK")
    LAINNYA = "lainnya", _("Lainnya")


class Jabatan(models.TextChoices):
    """Positions in the Kampung KB pokja, in the order of its structure."""

    PEMBINA = "pembina", _("Pembina")
    PENASIHAT = "penasihat", _("Penasihat")
    KETUA = "ketua", _("Ketua")
    WAKIL_KETUA = "wakil_ketua", _("Wakil Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    SEKSI = "seksi", _("Seksi")
    ANGGOTA = "anggota", _("Anggota")


# Positions held by one person at a time (a named DB constraint enforces it).
JABATAN_TUNGGAL = [Jabatan.KETUA, Jabatan.SEKRETARIS, Jabatan.BENDAHARA]
URUTAN_JABATAN = {j: i for i, j in enumerate(Jabatan.values)}


class SumberDana(models.TextChoices):
    DANA_DESA = "dana_desa", _("Dana Desa")
    ADD = "add", _("Alokasi Dana Desa (ADD)")
    APBD = "apbd", _("APBD")
    BOK_KB = "bok_kb", _("BOKB/APBN")
    SWADAYA = "swadaya", _("Swadaya masyarakat")
    CSR = "csr", _("CSR/swasta")
    LAINNYA = "lainnya", _("Lainnya")
    TANPA_BIAYA = "tanpa_biaya", _("Tanpa biaya")


class StatusKegiatan(models.TextChoices):
    RENCANA = "rencana", _("Direncanakan")
    TERLAKSANA = "terlaksana", _("Terlaksana")
    DITUNDA = "ditunda", _("Ditunda")
    BATAL = "batal", _("Batal")


# --- the Kampung KB portal's profile inputs (OFFICIAL.md §2) --------------------------------------


class SumberDanaPortal(models.TextChoices):
    """The portal's six funding sources, in its order."""

    APBN = "apbn", _("APBN")
    APBD = "apbd", _("APBD")
    DANA_DESA = "dana_desa", _("Dana Desa")
    DONASI = "donasi", _("Donasi/Hibah masyarakat")
    CSR = "csr", _("Perusahaan/CSR")
    SWADAYA = "swadaya", _("Swadaya masyarakat")


# An activity's funding (SumberDana) as one of the portal's six (docs/DEFINISI.md); None: not one.
SUMBER_DANA_PORTAL = {
    SumberDana.DANA_DESA: SumberDanaPortal.DANA_DESA,
    SumberDana.ADD: SumberDanaPortal.DANA_DESA,
    SumberDana.APBD: SumberDanaPortal.APBD,
    SumberDana.BOK_KB: SumberDanaPortal.APBN,
    SumberDana.SWADAYA: SumberDanaPortal.SWADAYA,
    SumberDana.CSR: SumberDanaPortal.CSR,
    SumberDana.LAINNYA: None,
    SumberDana.TANPA_BIAYA: None,
}


class Pembina(models.TextChoices):
    """Who guides the village when no PLKB/PKB is its companion (the portal's list)."""

    KADER = "kader", _("Kader")
    RT_RW = "rt_rw", _("Ketua RT/RW")
    PERANGKAT_DESA = "perangkat_desa", _("Perangkat desa")
    PKK = "pkk", _("PKK")
    TOKOH = "tokoh", _("Tokoh agama/masyarakat")
    OPD_KB = "opd_kb", _("OPD KB kabupaten/kota")
    BKKBN_PROVINSI = "bkkbn_provinsi", _("Perwakilan BKKBN provinsi")
    PLKB_NON_PNS = "plkb_non_pns", _("PLKB non-PNS")
    LAINNYA = "lainnya", _("Lainnya")


class Regulasi(models.TextChoices):
    """The four levels of a decree on the Kampung KB."""

    GUBERNUR = "gubernur", _("Peraturan/SK Gubernur")
    BUPATI = "bupati", _("Peraturan/SK Bupati/Wali Kota")
    CAMAT = "camat", _("SK Camat")
    KEPALA_DESA = "kepala_desa", _("Peraturan/SK Kepala Desa/Lurah")


class DataPerencanaan(models.TextChoices):
    """The data the pokja uses in planning (the portal's five)."""

    PK = "pk", _("PK dan pemutakhiran data")
    RUTIN_BKKBN = "rutin_bkkbn", _("Data rutin BKKBN")
    POTENSI_DESA = "potensi_desa", _("Potensi desa")
    SEKTORAL = "sektoral", _("Data sektoral")
    LAINNYA = "lainnya", _("Lainnya")


class Frekuensi(models.TextChoices):
    """How often an operating mechanism is held (blank: not held)."""

    MINGGUAN = "mingguan", _("Mingguan")
    BULANAN = "bulanan", _("Bulanan")
    TRIWULAN = "triwulan", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")
    TAHUNAN = "tahunan", _("Tahunan")
    INSIDENTAL = "insidental", _("Sewaktu-waktu")


# The five operating mechanisms, as the profile's field names and their labels.
MEKANISME = {
    "frekuensi_rapat_perencanaan": _("Rapat perencanaan kegiatan"),
    "frekuensi_rapat_koordinasi": _("Rapat koordinasi dengan dinas/instansi"),
    "frekuensi_sosialisasi": _("Sosialisasi kegiatan"),
    "frekuensi_monev": _("Monitoring dan evaluasi"),
    "frekuensi_laporan": _("Penyusunan laporan"),
}

# The cross-sector count leaves these agencies out (OFFICIAL.md §2).
INSTANSI_BUKAN_LINTAS_SEKTOR = ("OPD PPKB", "Perwakilan BKKBN")
# The portal's 37 agencies, in its order (seeded by migration; admin-editable).
INSTANSI_PORTAL = (
    "Dinas Perhubungan",
    "Kelautan dan Perikanan",
    "Pariwisata",
    "ESDM",
    "Dukcapil",
    "TNI–POLRI",
    "Kanwil Kemenkumham",
    "Kominfo",
    "BUMN dan BUMD",
    "Koperasi",
    "Perindustrian",
    "Perdagangan",
    "Pertanian",
    "Ketenagakerjaan",
    "PUPR",
    "Kehutanan dan Lingkungan Hidup",
    "Bina Marga dan Penataan Ruang",
    "Kanwil Kemenag",
    "Kesehatan",
    "Sosial",
    "PP dan PA",
    "Pendidikan",
    "Pemuda dan Olahraga",
    "PMD",
    "Pemerintahan Daerah",
    "OPD PPKB",
    "Pemerintahan Desa/Lurah",
    "Lembaga Pendidikan",
    "Swasta/Perusahaan",
    "Puskesmas",
    "RS/Klinik",
    "Komponen Masyarakat Kampung KB",
    "BPS",
    "Perwakilan BKKBN",
    "Ketahanan Pangan",
    "Peternakan dan Kesehatan Hewan",
    "Lainnya",
)
INSTANSI_LAINNYA = "Lainnya"


# --- the Rumah DataKu (OFFICIAL.md §4) ------------------------------------------------------------


class FasilitasRDK(models.TextChoices):
    PAPAN_NAMA = "papan_nama", _("Papan nama")
    PAPAN_DATA = "papan_data", _("Papan/tampilan data")
    BUKU_DATA = "buku_data", _("Buku data")
    INTERNET = "internet", _("Jaringan internet")
    POJOK = "pojok_kependudukan", _("Pojok kependudukan")


class KelompokData(models.TextChoices):
    """The seven data groups a Rumah DataKu holds."""

    KUANTITAS = "kuantitas", _("Kuantitas penduduk")
    KUALITAS = "kualitas", _("Kualitas penduduk")
    MOBILITAS = "mobilitas", _("Mobilitas penduduk")
    PEMBANGUNAN_KELUARGA = "pembangunan_keluarga", _("Pembangunan keluarga")
    ADMINDUK = "adminduk", _("Administrasi kependudukan")
    PERLINDUNGAN_SOSIAL = "perlindungan_sosial", _("Perlindungan sosial")
    POTENSI_DESA = "potensi_desa", _("Potensi desa")


# The groups this app itself holds (population and its flow, families/KB/poktan, birth
# certificates, bansos and JKN); village potential once a yearly record exists.
KELOMPOK_DATA_APLIKASI = (
    KelompokData.KUANTITAS,
    KelompokData.MOBILITAS,
    KelompokData.PEMBANGUNAN_KELUARGA,
    KelompokData.ADMINDUK,
    KelompokData.PERLINDUNGAN_SOSIAL,
)


class PenyajianData(models.TextChoices):
    BUKU_DATA = "buku_data", _("Buku data")
    MANUAL = "manual", _("Papan/tulisan manual")
    KOMPUTER = "komputer", _("Komputer/aplikasi")
    TABEL = "tabel", _("Tabel")
    INFOGRAFIS = "infografis", _("Grafik/infografis")


class PemanfaatanData(models.TextChoices):
    PERENCANAAN_DESA = "perencanaan_desa", _("Perencanaan pemerintah desa")
    SEKTOR_LAIN = "sektor_lain", _("Perencanaan sektor lain")
    KAMPUNG_KB = "kampung_kb", _("Kegiatan Kampung KB")
    LAINNYA = "lainnya", _("Lainnya")


class TingkatRDK(models.TextChoices):
    SEDERHANA = "sederhana", _("Sederhana")
    LENGKAP = "lengkap", _("Lengkap")
    PARIPURNA = "paripurna", _("Paripurna")


class SyaratRDK(models.TextChoices):
    """What a level rule counts (each at least its `minimal`)."""

    SK = "sk", _("SK pokja dari Kepala Desa")
    SUMBER_DANA = "sumber_dana", _("sumber dana")
    FASILITAS = "fasilitas", _("fasilitas")
    KELOMPOK_DATA = "kelompok_data", _("kelompok data")
    PENYAJIAN = "penyajian", _("cara penyajian data")
    PEMANFAATAN = "pemanfaatan", _("pemanfaatan data")
