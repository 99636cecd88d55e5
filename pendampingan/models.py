"""Family-assistance records (ROLES.md row "Family-assistance records"): teams, brides-to-be and
their screenings, accompaniment visits of every target group, and children's referrals.

Every personal record keeps its change history (simple-history)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga.models import RT, Anggota, Desa, Kehamilan
from keluarga.validators import validate_nik, validate_not_future
from pendampingan import kode


def _ukuran(label, minimum: str, maksimum: str, pesan, **kw) -> models.DecimalField:
    """A measurement with an Indonesian message outside its plausible range."""
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(minimum), message=pesan),
            MaxValueValidator(Decimal(maksimum), message=pesan),
        ],
        **kw,
    )


def _berat():
    return _ukuran(_("berat badan (kg)"), "25", "200", _("Berat badan harus 25–200 kg."))


def _lila():
    return _ukuran(_("LiLA (cm)"), "10", "50", _("LiLA harus 10–50 cm."))


def _hb():
    return _ukuran(_("Hb (g/dL)"), "3", "20", _("Hb harus 3–20 g/dL."))


class TimPendamping(models.Model):
    """A Tim Pendamping Keluarga: its area (RTs of the desa) and its members (Kader users).

    A member sees the family-assistance records and lists of the team's area as their own
    regions (pendampingan/akses.py); managed by the Admin desa."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="tim_pendamping_set")
    nama = models.CharField(_("nama tim"), max_length=100)
    rt = models.ManyToManyField(RT, related_name="tim_pendamping_set", verbose_name=_("wilayah"))
    anggota = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="tim_pendamping_set",
        blank=True,
        verbose_name=_("anggota tim (kader)"),
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[rt, anggota])

    class Meta:
        verbose_name = _("tim pendamping keluarga")
        verbose_name_plural = _("tim pendamping keluarga")
        ordering = ["desa", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "nama"], name="tim_pendamping_nama_unik"),
        ]

    def __str__(self):
        return self.nama


class Catin(models.Model):
    """A bride-to-be (calon pengantin) with her partner; she may not be a member yet.

    When the marriage is recorded she is linked to her member record (confirmed by a person)
    and the entry closes (`tanggal_nikah`)."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="catin_set")
    rt = models.ForeignKey(RT, on_delete=models.PROTECT, related_name="catin_set")
    nama = models.CharField(_("nama calon pengantin perempuan"), max_length=150)
    nik = models.CharField(
        _("NIK"), max_length=16, blank=True, validators=[validate_nik], help_text=_("Boleh kosong.")
    )
    tanggal_lahir = models.DateField(_("tanggal lahir"), validators=[validate_not_future])
    pasangan_nama = models.CharField(_("nama calon suami"), max_length=150)
    pasangan_nik = models.CharField(
        _("NIK calon suami"), max_length=16, blank=True, validators=[validate_nik]
    )
    pasangan_luar_desa = models.BooleanField(_("calon suami tinggal di luar desa"), default=False)
    rencana_nikah = models.DateField(_("rencana tanggal nikah"))
    tanggal_nikah = models.DateField(
        _("tanggal nikah"), null=True, blank=True, validators=[validate_not_future]
    )
    tanggal_daftar = models.DateField(
        _("tanggal didaftar"), default=timezone.localdate, validators=[validate_not_future]
    )
    anggota = models.ForeignKey(
        Anggota,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catin_set",
        verbose_name=_("data anggota setelah menikah"),
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calon pengantin")
        verbose_name_plural = _("calon pengantin")
        ordering = ["rencana_nikah", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anggota__isnull=True) | Q(tanggal_nikah__isnull=False),
                name="catin_tautan_setelah_nikah",
                violation_error_message=_("Tautan ke data anggota hanya setelah menikah."),
            ),
        ]

    def __str__(self):
        return self.nama

    @property
    def terbuka(self) -> bool:
        return self.tanggal_nikah is None


class Skrining(models.Model):
    """A bride-to-be's screening (OFFICIAL.md §5): weight, height, LiLA, Hb; age from her birth
    date on the screening date. The risk flags are computed (pendampingan/risiko.py)."""

    catin = models.ForeignKey(Catin, on_delete=models.PROTECT, related_name="skrining_set")
    tanggal = models.DateField(_("tanggal skrining"), validators=[validate_not_future])
    berat = _berat()
    tinggi = _ukuran(_("tinggi badan (cm)"), "100", "220", _("Tinggi badan harus 100–220 cm."))
    lila = _lila()
    hb = _hb()
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skrining calon pengantin")
        verbose_name_plural = _("skrining calon pengantin")
        ordering = ["tanggal", "id"]

    def __str__(self):
        return f"{self.catin} {self.tanggal}"

    def clean(self):
        if not self.catin_id or not self.tanggal:
            return
        if self.catin.tanggal_nikah and self.tanggal > self.catin.tanggal_nikah:
            raise ValidationError(
                {"tanggal": _("Skrining calon pengantin tidak boleh setelah tanggal nikah.")}
            )
        if self.tanggal < self.catin.tanggal_lahir:
            raise ValidationError({"tanggal": _("Tanggal tidak boleh sebelum tanggal lahir.")})


class Kunjungan(models.Model):
    """An accompaniment visit to one target: a bride-to-be, a pregnancy, a mother after a birth
    or a child. Each records whether the family was counselled, referred, or helped to social
    assistance (OFFICIAL.md §5); a pregnancy visit also its measures and services."""

    sasaran = models.CharField(_("sasaran"), max_length=20, choices=kode.Sasaran.choices)
    catin = models.ForeignKey(
        Catin, on_delete=models.PROTECT, null=True, blank=True, related_name="kunjungan_set"
    )
    kehamilan = models.ForeignKey(
        Kehamilan, on_delete=models.PROTECT, null=True, blank=True, related_name="kunjungan_set"
    )
    # The mother (pasca persalinan) or the child (baduta/balita).
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="kunjungan_set"
    )
    tanggal = models.DateField(_("tanggal kunjungan"), validators=[validate_not_future])
    berat = _berat()
    lila = _lila()
    hb = _hb()
    tablet_tambah_darah = models.PositiveSmallIntegerField(
        _("tablet tambah darah diminum"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(300, message=_("Jumlah tablet tidak wajar (maks. 300)."))],
    )
    periksa_anc = models.BooleanField(
        _("periksa hamil (ANC) di fasilitas kesehatan"), default=False
    )
    konseling = models.BooleanField(_("diberi penyuluhan/konseling"), default=False)
    dirujuk = models.BooleanField(_("dirujuk"), default=False)
    bansos = models.BooleanField(_("difasilitasi bantuan sosial"), default=False)
    catatan = models.CharField(_("catatan"), max_length=200, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kunjungan pendampingan")
        verbose_name_plural = _("kunjungan pendampingan")
        ordering = ["tanggal", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sasaran="catin", catin__isnull=False)
                | Q(sasaran="ibu_hamil", kehamilan__isnull=False)
                | Q(
                    sasaran__in=["pasca_persalinan", "baduta", "balita"],
                    anggota__isnull=False,
                ),
                name="kunjungan_sasaran_sesuai",
                violation_error_message=_("Kunjungan harus menyebut sasarannya."),
            ),
        ]
        indexes = [
            models.Index(fields=["sasaran", "tanggal"], name="kunjungan_sasaran_tgl_idx"),
        ]

    def __str__(self):
        return f"{self.get_sasaran_display()} {self.tanggal}"

    def clean(self):
        if self.kehamilan_id and self.tanggal:
            k = self.kehamilan
            if self.tanggal < k.mulai or (k.selesai and self.tanggal >= k.selesai):
                raise ValidationError(
                    {
                        "tanggal": _(
                            "Tanggal kunjungan harus dalam masa kehamilan "
                            "(sejak mulai hamil, sebelum kehamilan berakhir)."
                        )
                    }
                )
        if self.catin_id and self.tanggal and self.catin.tanggal_nikah:
            if self.tanggal > self.catin.tanggal_nikah:
                raise ValidationError(
                    {"tanggal": _("Kunjungan calon pengantin tidak boleh setelah tanggal nikah.")}
                )


class Rujukan(models.Model):
    """A child's referral from the posyandu signals (Buku KIA): date, where to, outcome and
    follow-up; at most one open referral per child."""

    anak = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="rujukan_set")
    tanggal = models.DateField(_("tanggal rujukan"), validators=[validate_not_future])
    sinyal = models.CharField(_("sinyal"), max_length=60, blank=True)
    tujuan = models.CharField(_("dirujuk ke"), max_length=150)
    hasil = models.CharField(
        _("hasil rujukan"), max_length=20, choices=kode.HasilRujukan.choices, blank=True
    )
    tindak_lanjut = models.CharField(_("tindak lanjut"), max_length=200, blank=True)
    selesai = models.DateField(
        _("tanggal selesai"), null=True, blank=True, validators=[validate_not_future]
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rujukan anak")
        verbose_name_plural = _("rujukan anak")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["anak"],
                condition=Q(selesai__isnull=True),
                name="rujukan_satu_terbuka_per_anak",
                violation_error_message=_("Anak ini masih punya rujukan yang belum selesai."),
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("tanggal")),
                name="rujukan_urutan_tanggal",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal rujukan."),
            ),
        ]

    def __str__(self):
        return f"{self.anak} {self.tanggal}"
