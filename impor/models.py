"""The record of every import: who, when, which file and desa, what it would change or changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keluarga.models import Desa


class Impor(models.Model):
    """One import run (a browser preview awaiting confirmation, a dry run, a save or a failure)."""

    class Format(models.TextChoices):
        RUMAHDATAKU = "rumahdataku", _("Rumah Dataku (templat/ekspor)")
        OPENSID = "opensid", _("OpenSID (data penduduk)")

    class Status(models.TextChoices):
        UJI = "uji", _("Uji coba (tidak disimpan)")
        TERSIMPAN = "tersimpan", _("Tersimpan")
        GAGAL = "gagal", _("Gagal (tidak ada yang disimpan)")

    class Antarmuka(models.TextChoices):
        WEB = "web", _("Peramban")
        CLI = "cli", _("Baris perintah")

    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, related_name="impor_set"
    )
    # The target desa's code, also when the desa did not exist yet (a dry run with --desa-nama).
    kode_desa = models.CharField(_("kode desa"), max_length=10, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    antarmuka = models.CharField(max_length=3, choices=Antarmuka.choices, default=Antarmuka.WEB)
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True)
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    tanggal_impor = models.DateField(
        _("tanggal impor"), help_text=_("Tanggal status KB, kehamilan dan peristiwa dari impor.")
    )
    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    jumlah_baris = models.PositiveIntegerField(_("baris data"), default=0)
    baris_kosong = models.PositiveIntegerField(_("baris kosong dilewati"), default=0)
    baru = models.PositiveIntegerField(_("baru"), default=0)
    diubah = models.PositiveIntegerField(_("diubah"), default=0)
    tetap = models.PositiveIntegerField(_("tidak berubah"), default=0)
    peringatan = models.PositiveIntegerField(_("peringatan"), default=0)
    galat = models.PositiveIntegerField(_("kesalahan"), default=0)
    # Counts per kind of record, ignored columns and sheets, mothers linked by name.
    rincian = models.JSONField(default=dict, blank=True)
    # Errors and warnings by sheet, row and column (capped; the counts above are complete).
    masalah = models.JSONField(default=list, blank=True)
    # The upload awaiting confirmation, relative to MEDIA_ROOT (private; removed once used).
    berkas = models.CharField(max_length=200, blank=True)
    # A digest of the planned changes: confirming is refused when the data changed since preview.
    sidik = models.CharField(max_length=64, blank=True)
    # At the door (issue 19): rows of the file the operator chose to link to an existing person
    # instead of creating one, {"lembar:baris": member id}; off (empty) by default, part of the
    # preview's fingerprint, applied on confirmation.
    tautan = models.JSONField(default=dict, blank=True)
    pesan = models.TextField(_("pesan"), blank=True)

    class Meta:
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")
        # Moved from keluarga (issue 14): the table keeps its name and rows.
        db_table = "keluarga_impor"
        ordering = ["-waktu", "-id"]
        indexes = [
            # The import page lists a desa's latest imports.
            models.Index(fields=["desa", "-waktu"], name="impor_desa_waktu_idx"),
        ]

    def __str__(self):
        return f"{self.nama_berkas} ({self.get_status_display()}, {self.waktu:%Y-%m-%d %H:%M})"

    @property
    def menunggu_konfirmasi(self) -> bool:
        """A browser preview without errors whose file is still kept for confirmation."""
        return self.status == self.Status.UJI and bool(self.berkas) and self.galat == 0
