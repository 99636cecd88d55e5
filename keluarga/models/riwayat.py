"""Dated histories of a member: population events, house moves, pregnancies and KB status."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga import kode
from keluarga.validators import validate_not_future

from .keluarga import Anggota, Keluarga, Rumah


class Peristiwa(models.Model):
    """A population event (mutasi) or a dated change of marital status or family."""

    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="peristiwa_set")
    jenis = models.CharField(
        _("jenis peristiwa"), max_length=15, choices=kode.JenisPeristiwa.choices
    )
    tanggal = models.DateField(_("tanggal peristiwa"), validators=[validate_not_future])
    tanggal_lapor = models.DateField(_("tanggal lapor"), validators=[validate_not_future])
    # For a marital event: the status it ended (what applies before the member's first event).
    status_kawin_lama = models.CharField(
        max_length=15, choices=kode.StatusKawin.choices, blank=True
    )
    # For pindah_kk: the family left and the family joined.
    keluarga_asal = models.ForeignKey(
        Keluarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    keluarga_tujuan = models.ForeignKey(
        Keluarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    sumber = models.CharField(
        max_length=10, choices=kode.SumberData.choices, default=kode.SumberData.ENTRI
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peristiwa kependudukan")
        verbose_name_plural = _("peristiwa kependudukan")
        ordering = ["tanggal", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_lapor__gte=F("tanggal")),
                name="peristiwa_lapor_setelah_kejadian",
                violation_error_message=_("Tanggal lapor tidak boleh sebelum tanggal peristiwa."),
            ),
            models.CheckConstraint(
                condition=~Q(jenis="pindah_kk")
                | Q(keluarga_asal__isnull=False, keluarga_tujuan__isnull=False),
                name="pindah_kk_punya_asal_tujuan",
            ),
        ]
        indexes = [
            # "Latest event of these kinds on or before D" subqueries of the indicators.
            models.Index(fields=["anggota", "jenis", "tanggal"], name="peristiwa_anggota_idx"),
            # Population flow of a month: events of a kind between two dates.
            models.Index(fields=["jenis", "tanggal"], name="peristiwa_jenis_tanggal_idx"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.anggota} {self.tanggal}"

    def clean(self):
        if self.anggota_id and self.tanggal and self.tanggal < self.anggota.tanggal_lahir:
            raise ValidationError(
                {"tanggal": _("Tanggal peristiwa tidak boleh sebelum tanggal lahir.")}
            )
        if self.tanggal and self.tanggal_lapor and self.tanggal_lapor < self.tanggal:
            raise ValidationError(
                {"tanggal_lapor": _("Tanggal lapor tidak boleh sebelum tanggal peristiwa.")}
            )


class PindahRumah(models.Model):
    """A family moving to another house, dated: the family's house (and RT) on a date follows it."""

    keluarga = models.ForeignKey(
        Keluarga, on_delete=models.PROTECT, related_name="pindah_rumah_set"
    )
    rumah_asal = models.ForeignKey(Rumah, on_delete=models.PROTECT, related_name="+")
    rumah_tujuan = models.ForeignKey(Rumah, on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField(_("tanggal pindah"), validators=[validate_not_future])
    tanggal_lapor = models.DateField(_("tanggal lapor"), validators=[validate_not_future])
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pindah rumah")
        verbose_name_plural = _("pindah rumah")
        ordering = ["tanggal", "id"]
        indexes = [
            # "House of a family on D": the first move after D.
            models.Index(fields=["keluarga", "tanggal"], name="pindahrumah_keluarga_idx"),
        ]

    def __str__(self):
        return f"{self.keluarga} {self.tanggal}"


class Kehamilan(models.Model):
    ibu = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="kehamilan_set")
    hpht = models.DateField(_("HPHT (hari pertama haid terakhir)"), null=True, blank=True)
    hpl = models.DateField(_("HPL (hari perkiraan lahir)"), null=True, blank=True)
    # Derived by clean(): HPHT, else HPL − 280 days, else the recording date (DOMAIN.md §2).
    mulai = models.DateField(_("mulai"), blank=True)
    selesai = models.DateField(
        _("berakhir"), null=True, blank=True, validators=[validate_not_future]
    )
    hasil = models.CharField(
        _("hasil"), max_length=10, choices=kode.HasilKehamilan.choices, blank=True
    )
    sumber = models.CharField(
        max_length=10, choices=kode.SumberData.choices, default=kode.SumberData.ENTRI
    )
    # Made on the phone for a record written offline (luring): sending it twice saves it once.
    uuid_luring = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehamilan")
        verbose_name_plural = _("kehamilan")
        ordering = ["mulai", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=F("mulai")),
                name="kehamilan_urutan_tanggal",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum mulai hamil."),
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True, hasil="")
                | Q(selesai__isnull=False) & ~Q(hasil=""),
                name="kehamilan_selesai_dengan_hasil",
                violation_error_message=_("Kehamilan yang berakhir harus punya hasil."),
            ),
        ]
        indexes = [
            # "Open pregnancy on D" subqueries: per woman, by start and end.
            models.Index(fields=["ibu", "mulai", "selesai"], name="kehamilan_ibu_idx"),
        ]

    def __str__(self):
        return f"{_('Kehamilan')} {self.ibu} {self.mulai}"

    def clean(self):
        import datetime as dt

        from django.utils import timezone

        if not self.mulai:
            if self.hpht:
                self.mulai = self.hpht
            elif self.hpl:
                self.mulai = self.hpl - dt.timedelta(days=280)
            else:
                self.mulai = timezone.localdate()
        if self.ibu_id and self.ibu.jenis_kelamin != kode.JenisKelamin.PEREMPUAN:
            raise ValidationError(_("Kehamilan hanya bisa dicatat untuk perempuan."))
        if self.selesai and self.selesai < self.mulai:
            raise ValidationError(
                {"selesai": _("Tanggal berakhir tidak boleh sebelum mulai hamil.")}
            )
        if self.selesai and not self.hasil:
            raise ValidationError({"hasil": _("Isi hasil kehamilan yang berakhir.")})
        if self.ibu_id and self.mulai < self.ibu.tanggal_lahir:
            raise ValidationError({"mulai": _("Tanggal tidak boleh sebelum tanggal lahir ibu.")})


class StatusKB(models.Model):
    """One episode of a member's KB status: a method or a reason for not using KB, [mulai, selesai)."""

    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="status_kb_set")
    metode = models.CharField(
        _("metode KB"), max_length=15, choices=kode.MetodeKB.choices, null=True, blank=True
    )
    alasan = models.CharField(
        _("alasan tidak ber-KB"),
        max_length=5,
        choices=kode.AlasanTidakKB.choices,
        null=True,
        blank=True,
    )
    # A PUS on MAL or a traditional method: her fertility intention, by which the Kampung KB
    # portal (7 methods only) places her among the non-users (OFFICIAL.md §1).
    niat = models.CharField(
        _("keinginan punya anak"),
        max_length=5,
        choices=kode.AlasanTidakKB.choices,
        null=True,
        blank=True,
        help_text=_(
            "Untuk MAL atau KB tradisional: IAS, IAT atau TIAL (formulir portal Kampung KB)."
        ),
    )
    mulai = models.DateField(_("mulai"), validators=[validate_not_future])
    selesai = models.DateField(_("berakhir"), null=True, blank=True)
    tempat_pelayanan = models.CharField(_("tempat pelayanan"), max_length=100, blank=True)
    baru = models.BooleanField(
        _("peserta KB baru"),
        default=False,
        help_text=_("Pertama kali ber-KB, atau mulai lagi setelah melahirkan/keguguran."),
    )
    sumber = models.CharField(
        max_length=10, choices=kode.SumberData.choices, default=kode.SumberData.ENTRI
    )
    # Made on the phone for a record written offline (luring): sending it twice saves it once.
    uuid_luring = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status KB")
        verbose_name_plural = _("status KB")
        ordering = ["mulai", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(metode__isnull=False, alasan__isnull=True)
                | Q(metode__isnull=True, alasan__isnull=False),
                name="statuskb_metode_atau_alasan",
                violation_error_message=_("Isi metode KB atau alasan tidak ber-KB (salah satu)."),
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=F("mulai")),
                name="statuskb_urutan_tanggal",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(baru=False) | Q(metode__isnull=False),
                name="statuskb_baru_hanya_metode",
            ),
            models.CheckConstraint(
                condition=Q(niat__isnull=True) | Q(metode__in=kode.METODE_NIAT),
                name="statuskb_niat_hanya_mal_tradisional",
                violation_error_message=_(
                    "Keinginan punya anak hanya diisi untuk MAL atau KB tradisional."
                ),
            ),
        ]
        indexes = [
            # "KB status on D" subqueries: per member, by start and end.
            models.Index(fields=["anggota", "mulai", "selesai"], name="statuskb_anggota_idx"),
        ]

    def __str__(self):
        teks = self.get_metode_display() or self.get_alasan_display()
        if self.niat:
            teks = f"{teks} · {self.get_niat_display()}"
        return f"{self.anggota}: {teks}"

    def clean(self):
        if not self.anggota_id:
            return
        if self.anggota.jenis_kelamin == kode.JenisKelamin.LAKI_LAKI and (
            self.alasan or self.metode not in kode.METODE_PRIA
        ):
            raise ValidationError({"metode": _("Status KB laki-laki hanya MOP atau Kondom.")})
        if self.mulai and self.mulai < self.anggota.tanggal_lahir:
            raise ValidationError({"mulai": _("Tanggal tidak boleh sebelum tanggal lahir.")})
        if self.selesai and self.mulai and self.selesai < self.mulai:
            raise ValidationError(
                {"selesai": _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")}
            )
