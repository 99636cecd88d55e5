"""The Rumah DataKu profile and the editable rules of its level (OFFICIAL.md §4)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kampungkb import kode
from keluarga.models import Desa


class RumahDataKu(models.Model):
    """One per desa: decree, funding, facilities, data groups held, presentation and use."""

    desa = models.OneToOneField(Desa, on_delete=models.PROTECT, related_name="rumah_dataku")
    sk_ada = models.BooleanField(_("ada SK pokja Rumah DataKu dari Kepala Desa"), default=False)
    sk_nomor = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_tanggal = models.DateField(_("tanggal SK"), null=True, blank=True)
    sumber_dana = models.JSONField(_("sumber dana"), default=list, blank=True)
    fasilitas = models.JSONField(_("fasilitas"), default=list, blank=True)
    kelompok_data = models.JSONField(_("kelompok data yang dimiliki"), default=list, blank=True)
    penyajian = models.JSONField(_("cara penyajian data"), default=list, blank=True)
    pemanfaatan = models.JSONField(_("pemanfaatan data"), default=list, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rumah DataKu")
        verbose_name_plural = _("Rumah DataKu")

    def __str__(self):
        return f"Rumah DataKu {self.desa.nama}"

    def clean(self):
        for kolom, pilihan in (
            ("sumber_dana", kode.SumberDanaPortal),
            ("fasilitas", kode.FasilitasRDK),
            ("kelompok_data", kode.KelompokData),
            ("penyajian", kode.PenyajianData),
            ("pemanfaatan", kode.PemanfaatanData),
        ):
            nilai = getattr(self, kolom)
            if not isinstance(nilai, list) or any(v not in pilihan.values for v in nilai):
                raise ValidationError({kolom: _("Pilihan tidak dikenal.")})
        if (self.sk_nomor or self.sk_tanggal) and not self.sk_ada:
            self.sk_ada = True


class AturanRumahDataKu(models.Model):
    """One rule of a level: `syarat` counted at least `minimal`. Seeded with our default
    (docs/DEFINISI.md); read by Admin desa, edited by a superuser in Django admin."""

    tingkat = models.CharField(_("tingkat"), max_length=12, choices=kode.TingkatRDK.choices)
    syarat = models.CharField(_("syarat"), max_length=20, choices=kode.SyaratRDK.choices)
    minimal = models.PositiveSmallIntegerField(_("paling sedikit"))

    class Meta:
        verbose_name = _("aturan tingkat Rumah DataKu")
        verbose_name_plural = _("aturan tingkat Rumah DataKu")
        ordering = ["tingkat", "syarat"]
        constraints = [
            models.UniqueConstraint(fields=["tingkat", "syarat"], name="aturan_rdk_unik"),
        ]

    def __str__(self):
        return f"{self.get_tingkat_display()}: {self.get_syarat_display()} ≥ {self.minimal}"
