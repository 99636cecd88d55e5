"""Code lists of the poktan app: group types and how a length/height was measured."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisKelompok(models.TextChoices):
    BKB = "bkb", _("BKB")
    BKR = "bkr", _("BKR")
    PIK_R = "pik_r", _("PIK-R")
    BKL = "bkl", _("BKL")
    UPPKA = "uppka", _("UPPKA (dulu UPPKS)")
    POSYANDU = "posyandu", _("Posyandu")


NAMA_PANJANG = {
    JenisKelompok.BKB: _("Bina Keluarga Balita"),
    JenisKelompok.BKR: _("Bina Keluarga Remaja"),
    JenisKelompok.PIK_R: _("Pusat Informasi dan Konseling Remaja"),
    JenisKelompok.BKL: _("Bina Keluarga Lansia"),
    JenisKelompok.UPPKA: _("Usaha Peningkatan Pendapatan Keluarga Akseptor"),
    JenisKelompok.POSYANDU: _("Pos Pelayanan Terpadu"),
}

# Short labels for group names ("UPPKA Maju", not "UPPKA (dulu UPPKS) Maju").
LABEL_PENDEK = {**{j: j.label for j in JenisKelompok}, JenisKelompok.UPPKA: "UPPKA"}
# Display order of the types (the REPORT_JSON.md order).
URUTAN = {j: i for i, j in enumerate(JenisKelompok.values)}

# Members are families for these types (DOMAIN.md §4) and persons for the others.
JENIS_KELUARGA = (JenisKelompok.BKB, JenisKelompok.BKR, JenisKelompok.BKL, JenisKelompok.UPPKA)
JENIS_PERORANGAN = (JenisKelompok.PIK_R, JenisKelompok.POSYANDU)
# The scorecard's pooled participation (DOMAIN.md §2).
JENIS_GABUNGAN = (JenisKelompok.BKB, JenisKelompok.BKR, JenisKelompok.BKL)


class CaraUkur(models.TextChoices):
    """Values equal poktan.antropometri.CARA_UKUR."""

    TELENTANG = "telentang", _("Telentang (panjang badan)")
    BERDIRI = "berdiri", _("Berdiri (tinggi badan)")


# --- SIGA registers K/0 and R/I (OFFICIAL.md §3) ------------------------------------------------


class KategoriPembina(models.TextChoices):
    """The pembina's position, and a meeting presenter's category."""

    PPLKB = "pplkb", _("PPLKB")
    PLKB = "plkb", _("PLKB")
    PPKBD = "ppkbd", _("PPKBD")
    SUB_PPKBD = "sub_ppkbd", _("Sub-PPKBD")
    LAINNYA = "lainnya", _("Lainnya")


class PenerbitSK(models.TextChoices):
    KEPALA_DESA = "kepala_desa", _("Kepala Desa/Lurah")
    CAMAT = "camat", _("Camat")
    OPD_KB = "opd_kb", _("OPD KB kabupaten/kota")
    BUPATI = "bupati", _("Bupati/Wali Kota")


class SumberDana(models.TextChoices):
    APBN = "apbn", _("APBN")
    APBD = "apbd", _("APBD")
    ADD = "add", _("ADD/Dana Desa")
    SWADAYA = "swadaya", _("Swadaya")
    MITRA = "mitra", _("Mitra")


class JabatanPengurus(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    KADER = "kader", _("Kader")


class KelompokUmurBkb(models.TextChoices):
    """The children's age group a BKB meeting discussed (R/I/BKB)."""

    U0 = "0-1", _("0–<1 tahun")
    U1 = "1-2", _("1–<2 tahun")
    U2 = "2-3", _("2–<3 tahun")
    U3 = "3-4", _("3–<4 tahun")
    U4 = "4-5", _("4–<5 tahun")
    U5 = "5-6", _("5–<6 tahun")


class TingkatKemandirian(models.TextChoices):
    """A BKL elder's level of independence (K/0/BKL, R/I/BKL totals)."""

    MANDIRI = "mandiri", _("Mandiri")
    BUTUH_PENDAMPING = "butuh_pendamping", _("Butuh pendamping")


class HasilKka(models.TextChoices):
    SESUAI = "sesuai", _("Sesuai")
    PERLU_RUJUK = "perlu_rujuk", _("Perlu rujuk")


class Formulir(models.TextChoices):
    K0 = "k0", _("K/0")
    RI = "ri", _("R/I")
