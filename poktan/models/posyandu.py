"""Posyandu weighings: what was measured, and the z-scores and flags computed when it was saved."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga.models import Anggota
from poktan.kode import CaraUkur

from .kelompok import Keanggotaan
from .register import Pertemuan


def _ukuran(label: str, minimum: str, maksimum: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(minimum)), MaxValueValidator(Decimal(maksimum))],
        **kwargs,
    )


def _z(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=5, decimal_places=2, null=True, editable=False)


class Penimbangan(models.Model):
    """One child weighed (and measured) at a posyandu session.

    Written only through ``poktan.services.catat_penimbangan``, which computes the stored
    age, z-scores (poktan.antropometri: 0.7 cm adjustment, index choice), flags and classes.
    A value outside WHO's plausible range is flagged for re-measurement and never counted.
    """

    pertemuan = models.ForeignKey(
        Pertemuan, on_delete=models.CASCADE, related_name="penimbangan_set"
    )
    # A child of the village (Anggota) or a child from outside recorded as a posyandu member.
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="penimbangan_set"
    )
    anak_luar = models.ForeignKey(
        Keanggotaan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penimbangan_set",
        verbose_name=_("anak dari luar desa"),
    )
    # The session's date, copied by the service: month windows filter on it per child.
    tanggal = models.DateField(_("tanggal"), editable=False)
    berat_kg = _ukuran(_("berat (kg)"), "0.5", "50.0")
    tinggi_cm = _ukuran(_("panjang/tinggi (cm)"), "30.0", "150.0", null=True, blank=True)
    cara_ukur = models.CharField(
        _("cara ukur"), max_length=10, choices=CaraUkur.choices, blank=True
    )
    kms = models.BooleanField(_("punya Buku KIA/KMS"), default=False)
    lingkar_kepala_cm = _ukuran(_("lingkar kepala (cm)"), "20.0", "70.0", null=True, blank=True)
    lila_cm = _ukuran(_("lingkar lengan atas (cm)"), "5.0", "35.0", null=True, blank=True)
    # Computed on save by the service.
    umur_hari = models.PositiveIntegerField(_("umur (hari)"), editable=False)
    umur_bulan = models.PositiveSmallIntegerField(_("umur (bulan)"), editable=False)
    tinggi_dipakai = models.DecimalField(
        _("PB/TB setelah koreksi (cm)"), max_digits=5, decimal_places=2, null=True, editable=False
    )
    z_bb_u = _z(_("z BB/U"))
    z_tb_u = _z(_("z PB/U atau TB/U"))
    z_bb_tb = _z(_("z BB/PB atau BB/TB"))
    bb_u_tidak_wajar = models.BooleanField(default=False, editable=False)
    tb_u_tidak_wajar = models.BooleanField(default=False, editable=False)
    bb_tb_tidak_wajar = models.BooleanField(default=False, editable=False)
    perlu_ukur_ulang = models.BooleanField(_("perlu ukur ulang"), default=False, editable=False)
    status_bb_u = models.CharField(_("status BB/U"), max_length=30, blank=True, editable=False)
    status_tb_u = models.CharField(_("status TB/U"), max_length=30, blank=True, editable=False)
    status_bb_tb = models.CharField(_("status BB/TB"), max_length=30, blank=True, editable=False)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penimbangan")
        verbose_name_plural = _("penimbangan")
        ordering = ["tanggal", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anggota__isnull=False, anak_luar__isnull=True)
                | Q(anggota__isnull=True, anak_luar__isnull=False),
                name="penimbangan_satu_anak",
            ),
            models.CheckConstraint(
                condition=Q(tinggi_cm__isnull=True) | ~Q(cara_ukur=""),
                name="penimbangan_tinggi_dengan_cara_ukur",
                violation_error_message=_("Pilih cara ukur panjang/tinggi badan."),
            ),
            models.UniqueConstraint(
                fields=["pertemuan", "anggota"],
                condition=Q(anggota__isnull=False),
                name="timbang_sekali_per_sesi",
                violation_error_message=_("Anak ini sudah ditimbang di sesi ini."),
            ),
            models.UniqueConstraint(
                fields=["pertemuan", "anak_luar"],
                condition=Q(anak_luar__isnull=False),
                name="timbang_luar_sekali_per_sesi",
                violation_error_message=_("Anak ini sudah ditimbang di sesi ini."),
            ),
        ]
        indexes = [
            # SKDN and growth status: a child's last valid weighing in a month.
            models.Index(fields=["anggota", "tanggal"], name="penimbangan_anak_tgl_idx"),
            # Weighings of a month at the posyandu in scope (other weighings, flags).
            models.Index(fields=["tanggal"], name="penimbangan_tanggal_idx"),
        ]

    def __str__(self):
        return f"{self.nama_anak} {self.tanggal:%Y-%m-%d} {self.berat_kg} kg"

    @property
    def nama_anak(self) -> str:
        return self.anggota.nama if self.anggota_id else self.anak_luar.nama_luar

    @property
    def stunting(self) -> bool:
        return self.z_tb_u is not None and not self.tb_u_tidak_wajar and self.z_tb_u < -2
