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


class Mitra(models.TextChoices):
    """Partner sectors of an activity."""

    PUSKESMAS = "puskesmas", _("Puskesmas/bidan desa")
    PKK = "pkk", _("TP PKK")
    DINAS_KB = "dinas_kb", _("Dinas yang membidangi KB")
    DINAS_LAIN = "dinas_lain", _("Dinas/instansi lain")
    KUA = "kua", _("KUA/Kemenag")
    SEKOLAH = "sekolah", _("Sekolah/PAUD")
    TNI_POLRI = "tni_polri", _("Babinsa/Bhabinkamtibmas")
    PERGURUAN_TINGGI = "perguruan_tinggi", _("Perguruan tinggi")
    SWASTA = "swasta", _("Swasta/dunia usaha")
    ORMAS = "ormas", _("Ormas/LSM/tokoh masyarakat")
    LAINNYA = "lainnya", _("Lainnya")


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
