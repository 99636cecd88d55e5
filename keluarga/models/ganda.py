"""Likely duplicate people: candidate pairs found by keluarga.ganda, reviewed on the worklist."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .keluarga import Anggota
from .wilayah import Desa


class PasanganGanda(models.Model):
    """Two members of one desa that are likely the same person (issue 19).

    Refreshed by ``keluarga.ganda.segarkan`` (command ``cari_ganda``, nightly, after an import,
    on a member's save); ``anggota_a`` is the lower id. A pair dismissed as "bukan orang yang
    sama" stays dismissed on every refresh; a merged pair stays as the record of a finding."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Belum diperiksa")
        BUKAN = "bukan", _("Bukan orang yang sama")
        DIGABUNG = "digabung", _("Sudah digabung")

    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="+")
    anggota_a = models.ForeignKey(Anggota, on_delete=models.CASCADE, related_name="+")
    anggota_b = models.ForeignKey(Anggota, on_delete=models.CASCADE, related_name="+")
    skor = models.FloatField(_("skor"))
    alasan = models.CharField(_("alasan"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TERBUKA
    )
    ditolak_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditandai bukan ganda oleh"),
    )
    ditolak_pada = models.DateTimeField(_("ditandai bukan ganda pada"), null=True, blank=True)
    dibuat = models.DateTimeField(_("ditemukan"), auto_now_add=True)
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pasangan kemungkinan ganda")
        verbose_name_plural = _("pasangan kemungkinan ganda")
        ordering = ["-skor", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["anggota_a", "anggota_b"], name="pasangan_ganda_unik"),
            models.CheckConstraint(
                condition=models.Q(anggota_a__lt=models.F("anggota_b")),
                name="pasangan_ganda_urut",
            ),
        ]
        indexes = [
            models.Index(fields=["desa", "status", "skor"], name="pasangan_ganda_desa_idx"),
            models.Index(fields=["anggota_b"], name="pasangan_ganda_b_idx"),
        ]

    def __str__(self):
        return f"{self.anggota_a_id}–{self.anggota_b_id} ({self.skor:.2f})"
