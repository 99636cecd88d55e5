"""Records the SIGA registers need beyond meetings: a BKB child's Kartu Kembang Anak, a BKL
elder's dated level of independence, and a group's register of a month or year (no meeting held,
handed over)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga.models import Anggota
from keluarga.validators import validate_not_future
from poktan.kode import Formulir, HasilKka, TingkatKemandirian

from .kelompok import Kelompok


class KartuKembangAnak(models.Model):
    """A BKB child's Kartu Kembang Anak for one month: filled or not, and its result.

    Written through poktan.services.simpan_kka (child under 67 months, family a BKB member)."""

    kelompok = models.ForeignKey(Kelompok, on_delete=models.PROTECT, related_name="kka_set")
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, related_name="kka_set", verbose_name=_("anak")
    )
    bulan = models.DateField(_("bulan"), help_text=_("Hari pertama bulan."))
    terisi = models.BooleanField(_("kartu diisi"), default=True)
    hasil = models.CharField(_("hasil"), max_length=12, choices=HasilKka.choices, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kartu Kembang Anak")
        verbose_name_plural = _("Kartu Kembang Anak")
        ordering = ["anggota", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["anggota", "bulan"], name="kka_sekali_per_bulan"),
            models.CheckConstraint(
                condition=Q(terisi=True) | Q(hasil=""),
                name="kka_hasil_hanya_bila_terisi",
                violation_error_message=_("Hasil hanya diisi bila kartu diisi."),
            ),
        ]
        indexes = [
            # The referral list: a BKB group's cards of the last months.
            models.Index(fields=["kelompok", "bulan"], name="kka_kelompok_bulan_idx"),
        ]

    def __str__(self):
        return f"KKA {self.anggota} {self.bulan:%Y-%m}"


class KemandirianLansia(models.Model):
    """A BKL elder's level of independence from a date (a month's totals read it at month-end)."""

    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, related_name="kemandirian_set", verbose_name=_("lansia")
    )
    tanggal = models.DateField(_("sejak tanggal"), validators=[validate_not_future])
    tingkat = models.CharField(
        _("tingkat kemandirian"), max_length=20, choices=TingkatKemandirian.choices
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kemandirian lansia")
        verbose_name_plural = _("kemandirian lansia")
        ordering = ["anggota", "tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["anggota", "tanggal"],
                name="kemandirian_sekali_per_tanggal",
                violation_error_message=_("Tingkat kemandirian tanggal ini sudah tercatat."),
            ),
        ]

    def __str__(self):
        return f"{self.anggota} {self.tanggal} {self.get_tingkat_display()}"


class RegisterKelompok(models.Model):
    """A group's K/0 of a year or R/I of a month: a "no meeting held" record, and the handover.

    The state (poktan.register.status_register) is read from this row and the month's meetings.
    """

    kelompok = models.ForeignKey(Kelompok, on_delete=models.PROTECT, related_name="register_set")
    formulir = models.CharField(_("formulir"), max_length=2, choices=Formulir.choices)
    periode = models.DateField(
        _("periode"), help_text=_("R/I: hari pertama bulan; K/0: 1 Januari tahunnya.")
    )
    tanpa_pertemuan = models.BooleanField(_("tidak ada pertemuan bulan ini"), default=False)
    alasan = models.CharField(_("keterangan"), max_length=200, blank=True)
    diserahkan_pada = models.DateField(_("diserahkan pada"), null=True, blank=True)
    diserahkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("register kelompok")
        verbose_name_plural = _("register kelompok")
        ordering = ["kelompok", "formulir", "-periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["kelompok", "formulir", "periode"], name="register_sekali_per_periode"
            ),
            models.CheckConstraint(
                condition=Q(formulir="ri") | Q(tanpa_pertemuan=False),
                name="register_tanpa_pertemuan_hanya_ri",
            ),
        ]

    def __str__(self):
        return f"{self.get_formulir_display()} {self.kelompok} {self.periode:%Y-%m}"
