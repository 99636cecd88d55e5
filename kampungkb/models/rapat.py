"""The pokja meeting's agenda, minutes, decisions and plan, beside laporan.RapatBulanan.

RapatBulanan keeps the date, place and the one attendee list; this adds what the minutes need.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from laporan.models import RapatBulanan


class RapatDetail(models.Model):
    rapat = models.OneToOneField(RapatBulanan, on_delete=models.CASCADE, related_name="detail")
    jam_mulai = models.TimeField(_("jam mulai"), null=True, blank=True)
    jam_selesai = models.TimeField(_("jam selesai"), null=True, blank=True)
    pemimpin = models.CharField(_("pemimpin rapat"), max_length=150, blank=True)
    notulis = models.CharField(_("notulis"), max_length=150, blank=True)
    pembicara = models.TextField(
        _("pembicara"), blank=True, help_text=_("Satu per baris: nama — materi.")
    )
    # The agenda generated from the month when the minutes were first saved (or regenerated),
    # so the printed minutes show what was discussed even after the data changed.
    agenda = models.JSONField(null=True, blank=True, editable=False)
    notulen = models.TextField(_("hal-hal yang disampaikan"), blank=True)
    keputusan = models.TextField(_("keputusan"), blank=True, help_text=_("Satu per baris."))
    rencana = models.TextField(_("rencana bulan depan"), blank=True, help_text=_("Satu per baris."))
    versi = models.PositiveIntegerField(default=0, editable=False)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notulen rapat")
        verbose_name_plural = _("notulen rapat")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jam_mulai__isnull=True)
                | models.Q(jam_selesai__isnull=True)
                | models.Q(jam_selesai__gte=models.F("jam_mulai")),
                name="rapat_jam_berurutan",
            ),
        ]

    def __str__(self):
        return f"{_('Notulen')} {self.rapat}"

    def clean(self):
        if self.jam_mulai and self.jam_selesai and self.jam_selesai < self.jam_mulai:
            raise ValidationError({"jam_selesai": _("Jam selesai sebelum jam mulai.")})
