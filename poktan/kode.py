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
