"""Monthly periods, their close (snapshot) and meeting, and saved name lists."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keluarga.models import Anggota, Desa, Keluarga


class PeriodeBulan(models.Model):
    """A desa's month: open (live figures) or closed (figures frozen in `snapshot`)."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DITUTUP = "ditutup", _("Ditutup")

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="periode_set")
    bulan = models.DateField(_("bulan"), help_text=_("Hari pertama bulan."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TERBUKA)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    # The report JSON of REPORT_JSON.md as it was at the close, and the name lists of table 7.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    snapshot_daftar = models.JSONField(null=True, blank=True, editable=False)
    # The same report for the areas inside the desa at the close (laporan/wilayah.py), by key.
    snapshot_wilayah = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("periode bulanan")
        verbose_name_plural = _("periode bulanan")
        ordering = ["desa", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "bulan"], name="periode_unik_per_desa_bulan"),
            models.CheckConstraint(
                condition=models.Q(status="terbuka") | models.Q(snapshot__isnull=False),
                name="periode_ditutup_punya_snapshot",
            ),
        ]

    def __str__(self):
        return f"{self.desa.nama} {self.bulan:%Y-%m} ({self.get_status_display()})"

    @property
    def kode_bulan(self) -> str:
        return f"{self.bulan:%Y-%m}"

    def snapshot_untuk(self, wilayah=None) -> dict | None:
        """The frozen report of the desa (wilayah None) or of an area frozen with it, else None."""
        if wilayah is None:
            return self.snapshot
        return (self.snapshot_wilayah or {}).get(wilayah.kunci)


class RiwayatPeriode(models.Model):
    """Who closed or reopened a month, when, and why (a reopen needs a reason)."""

    class Aksi(models.TextChoices):
        TUTUP = "tutup", _("Ditutup")
        BUKA = "buka", _("Dibuka kembali")

    periode = models.ForeignKey(PeriodeBulan, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(max_length=5, choices=Aksi.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    waktu = models.DateTimeField(auto_now_add=True)
    alasan = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("riwayat periode")
        verbose_name_plural = _("riwayat periode")
        ordering = ["waktu", "id"]

    def __str__(self):
        return f"{self.periode} {self.get_aksi_display()} {self.waktu:%Y-%m-%d %H:%M}"


class RapatBulanan(models.Model):
    """The pokja's monthly meeting recorded with the close (the meeting issue extends it)."""

    periode = models.OneToOneField(PeriodeBulan, on_delete=models.CASCADE, related_name="rapat")
    tanggal = models.DateField(_("tanggal rapat"))
    tempat = models.CharField(_("tempat"), max_length=200)
    peserta = models.TextField(_("peserta"), help_text=_("Satu nama per baris."))
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("rapat bulanan")
        verbose_name_plural = _("rapat bulanan")

    def __str__(self):
        return f"{_('Rapat')} {self.periode}"


class DaftarTersimpan(models.Model):
    """A follow-up list of table 7, addressable as (jenis, wilayah, bulan), frozen when saved."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(_("jenis daftar"), max_length=20)
    wilayah = models.CharField(_("kode wilayah"), max_length=100)
    bulan = models.DateField(_("bulan"))
    judul = models.CharField(_("judul"), max_length=200)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daftar tersimpan")
        verbose_name_plural = _("daftar tersimpan")
        ordering = ["-dibuat"]

    def __str__(self):
        return self.judul


class DaftarTersimpanItem(models.Model):
    daftar = models.ForeignKey(DaftarTersimpan, on_delete=models.CASCADE, related_name="item_set")
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="+")
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("isi daftar tersimpan")
        verbose_name_plural = _("isi daftar tersimpan")
        constraints = [
            models.UniqueConstraint(
                fields=["daftar", "keluarga", "anggota"], name="daftar_item_unik"
            ),
        ]

    def __str__(self):
        return f"{self.daftar}: {self.anggota or self.keluarga}"


class AngkaBulan(models.Model):
    """A month's report as computed, remembered (derived data: never backed up, rebuilt at will).

    Current while the desa's data stamp (`keluarga.CapData.nomor`) and the definitions version
    (`keluarga.cap.versi_definisi`) are the ones it was computed at. `kunci` is the area key of
    laporan/wilayah.py ('' = the whole desa); `lengkap` False is the report without last month's
    comparison, the small per-desa row a kecamatan or kabupaten sum reads."""

    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="+")
    bulan = models.DateField(_("bulan"), help_text=_("Hari pertama bulan."))
    kunci = models.CharField(max_length=100, blank=True, default="")
    lengkap = models.BooleanField(default=True)
    laporan = models.JSONField(editable=False)
    cap = models.BigIntegerField(_("cap data"))
    versi = models.CharField(_("versi definisi"), max_length=32)
    dihitung_pada = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("angka bulan tersimpan")
        verbose_name_plural = _("angka bulan tersimpan")
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "bulan", "kunci", "lengkap"], name="angka_bulan_unik"
            )
        ]

    def __str__(self):
        return f"{self.desa_id} {self.bulan:%Y-%m} {self.kunci or 'desa'}"
