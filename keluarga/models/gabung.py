"""The record of merging one person into another (keluarga.gabung), kept for its undo."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .keluarga import Anggota
from .wilayah import Desa


class Penggabungan(models.Model):
    """Two records of one person joined: `digabung` merged into `penyintas` by `oleh` at `waktu`.

    `asli_penyintas` / `asli_digabung` are both rows as they were (field → value, as Django's JSON
    serialiser writes them); `pindahan` lists every reference moved ({model, pk, field, dari, ke});
    `pilihan` the operator's choices (field → "a"/"b", collision → "a"/"b"). Undone when
    `dibatalkan` is set; the rows themselves then are as they were before the merge."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    penyintas = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, related_name="+", verbose_name=_("data yang dipakai")
    )
    digabung = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, related_name="+", verbose_name=_("data yang digabung")
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waktu = models.DateTimeField(_("waktu"), db_index=True)
    asli_penyintas = models.JSONField(default=dict)
    asli_digabung = models.JSONField(default=dict)
    pindahan = models.JSONField(default=list, blank=True)
    pilihan = models.JSONField(default=dict, blank=True)
    dibatalkan = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    dibatalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("penggabungan data orang")
        verbose_name_plural = _("penggabungan data orang")
        ordering = ["-waktu", "-id"]

    def __str__(self):
        return f"{_('Penggabungan')} {self.digabung_id} → {self.penyintas_id} {self.waktu:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("keluarga:gabung_detail", args=[self.pk])
