"""The monthly register (R/I): topics, meetings, attendance, and UPPKA's capital and turnover."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga.validators import validate_not_future
from poktan.kode import JenisKelompok, KategoriPembina, KelompokUmurBkb

from .kelompok import Keanggotaan, Kelompok


class Topik(models.Model):
    """A meeting topic of a group type (editable in the admin; seeded with BKKBN's usual ones)."""

    jenis = models.CharField(_("jenis kelompok"), max_length=10, choices=JenisKelompok.choices)
    nama = models.CharField(_("topik"), max_length=150)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("topik pertemuan")
        verbose_name_plural = _("topik pertemuan")
        ordering = ["jenis", "urutan", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["jenis", "nama"], name="topik_unik_per_jenis"),
        ]

    def __str__(self):
        return self.nama


class Pertemuan(models.Model):
    """A meeting of a group (for a posyandu: a session, whose weighings hang on it)."""

    kelompok = models.ForeignKey(Kelompok, on_delete=models.PROTECT, related_name="pertemuan_set")
    tanggal = models.DateField(_("tanggal"), validators=[validate_not_future])
    topik = models.ForeignKey(
        Topik,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topik"),
    )
    topik_lain = models.CharField(
        _("topik lain / keterangan"),
        max_length=200,
        blank=True,
        help_text=_("Tulis bila topik tidak ada di daftar, atau sebagai tambahan."),
    )
    narasumber = models.CharField(_("narasumber"), max_length=150, blank=True)
    kategori_narasumber = models.CharField(
        _("penyaji"), max_length=10, choices=KategoriPembina.choices, blank=True
    )
    kelompok_umur = models.CharField(
        _("kelompok umur anak yang dibahas"),
        max_length=5,
        choices=KelompokUmurBkb.choices,
        blank=True,
        help_text=_("Hanya BKB."),
    )
    diskusi = models.BooleanField(_("ada diskusi"), null=True, blank=True)
    tempat = models.CharField(_("tempat"), max_length=150, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    # Optimistic lock: a second editor working from an older page is refused.
    versi = models.PositiveIntegerField(default=0, editable=False)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Made on the phone for a record written offline (luring): sending it twice saves it once.
    uuid_luring = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["versi"])

    class Meta:
        verbose_name = _("pertemuan")
        verbose_name_plural = _("pertemuan")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topik__isnull=False) | ~Q(topik_lain=""),
                name="pertemuan_punya_topik",
                violation_error_message=_("Pilih topik atau tulis topik lain."),
            ),
        ]
        indexes = [
            # Meetings of a month per group: the register, "belum lapor", the poktan block.
            models.Index(fields=["kelompok", "tanggal"], name="pertemuan_kelompok_tgl_idx"),
        ]

    def __str__(self):
        return f"{self.kelompok} {self.tanggal:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("poktan:pertemuan", args=[self.pk])

    @property
    def judul(self) -> str:
        bagian = [str(self.topik)] if self.topik_id else []
        if self.topik_lain:
            bagian.append(self.topik_lain)
        return " — ".join(bagian)

    def clean(self):
        self.topik_lain = " ".join((self.topik_lain or "").split())
        if self.topik_id and self.kelompok_id and self.topik.jenis != self.kelompok.jenis:
            raise ValidationError({"topik": _("Topik ini bukan untuk jenis kelompok ini.")})
        if self.kelompok_umur and self.kelompok_id and self.kelompok.jenis != JenisKelompok.BKB:
            raise ValidationError({"kelompok_umur": _("Kelompok umur anak hanya untuk BKB.")})
        if self.tanggal and self.kelompok_id:
            berdiri = self.kelompok.tanggal_berdiri
            if berdiri and self.tanggal < berdiri:
                raise ValidationError(
                    {
                        "tanggal": _("Tanggal pertemuan sebelum kelompok berdiri (%(t)s).")
                        % {"t": berdiri.strftime("%d-%m-%Y")}
                    }
                )


class Kehadiran(models.Model):
    """A member present at a meeting (R/I register); a posyandu's presence is its weighings."""

    pertemuan = models.ForeignKey(Pertemuan, on_delete=models.CASCADE, related_name="kehadiran_set")
    keanggotaan = models.ForeignKey(
        Keanggotaan, on_delete=models.PROTECT, related_name="kehadiran_set"
    )

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["keanggotaan", "pertemuan"], name="hadir_sekali_per_pertemuan"
            ),
        ]

    def __str__(self):
        return f"{self.keanggotaan} @ {self.pertemuan}"


class KeuanganUppka(models.Model):
    """An UPPKA group's capital and turnover for a month (rupiah)."""

    kelompok = models.ForeignKey(Kelompok, on_delete=models.PROTECT, related_name="keuangan_set")
    bulan = models.DateField(_("bulan"), help_text=_("Hari pertama bulan."))
    modal = models.PositiveBigIntegerField(_("modal (Rp)"), validators=[MaxValueValidator(10**13)])
    omzet = models.PositiveBigIntegerField(
        _("omzet bulan ini (Rp)"), validators=[MaxValueValidator(10**13)]
    )
    catatan = models.CharField(_("catatan"), max_length=200, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keuangan UPPKA")
        verbose_name_plural = _("keuangan UPPKA")
        ordering = ["kelompok", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["kelompok", "bulan"], name="keuangan_sekali_per_bulan"),
        ]

    def __str__(self):
        return f"{self.kelompok} {self.bulan:%Y-%m}"

    def clean(self):
        if self.bulan:
            self.bulan = self.bulan.replace(day=1)
        if self.kelompok_id and not self.kelompok.uppka:
            raise ValidationError(_("Modal dan omzet hanya dicatat untuk kelompok UPPKA."))
