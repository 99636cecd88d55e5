"""Code lists of the family-assistance follow-up (OFFICIAL.md §5–6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sasaran(models.TextChoices):
    """The target groups of a Tim Pendamping Keluarga (the block `pendampingan`'s keys)."""

    CATIN = "catin", _("Calon pengantin")
    IBU_HAMIL = "ibu_hamil", _("Ibu hamil")
    PASCA_PERSALINAN = "pasca_persalinan", _("Ibu pasca persalinan")
    BADUTA = "baduta", _("Baduta (0–23 bulan)")
    BALITA = "balita", _("Balita (0–59 bulan)")


class Sinyal(models.TextChoices):
    """Posyandu referral signals (Buku KIA, OFFICIAL.md §6)."""

    T = "t", _("T (berat tidak naik)")
    DUA_T = "2t", _("2T (dua bulan tidak naik)")
    BGM = "bgm", _("BGM (di bawah garis merah)")
    WASTING = "wasting", _("Gizi kurang/buruk (wasting)")
    STUNTING = "stunting", _("Stunting")
    KKA = "kka", _("KKA perlu rujuk 3 bulan berturut-turut")


class HasilRujukan(models.TextChoices):
    BELUM = "", _("Belum ada hasil")
    DITANGANI = "ditangani", _("Ditangani, kembali ke posyandu")
    DIRAWAT = "dirawat", _("Dirawat / dirujuk lanjut")
    TIDAK_DATANG = "tidak_datang", _("Tidak datang ke tempat rujukan")
