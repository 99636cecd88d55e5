"""Groups (kelompok) of every poktan type, their leaders and their members (keanggotaan)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga import kode as kode_keluarga
from keluarga.models import RW, Anggota, Desa, Dusun, Keluarga
from keluarga.validators import validate_nik, validate_not_future
from poktan.kode import (
    JENIS_KELUARGA,
    LABEL_PENDEK,
    JabatanPengurus,
    JenisKelompok,
    KategoriPembina,
    PenerbitSK,
)


class Kelompok(models.Model):
    """A BKB, BKR, PIK-R, BKL, UPPKA or Posyandu group of one desa; its kader are its writers."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="kelompok_set")
    jenis = models.CharField(_("jenis kelompok"), max_length=10, choices=JenisKelompok.choices)
    nama = models.CharField(_("nama kelompok"), max_length=150)
    # The area is the union of these dusun and RW; both empty means the whole desa.
    wilayah_dusun = models.ManyToManyField(
        Dusun, blank=True, related_name="+", verbose_name=_("wilayah dusun")
    )
    wilayah_rw = models.ManyToManyField(
        RW, blank=True, related_name="+", verbose_name=_("wilayah RW")
    )
    kader = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="kelompok_kader",
        verbose_name=_("kader"),
        help_text=_("Pengguna berperan Kader yang boleh mengisi register kelompok ini."),
    )
    tanggal_berdiri = models.DateField(
        _("tanggal berdiri"), null=True, blank=True, validators=[validate_not_future]
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    # SIGA K/0 identity and profile (OFFICIAL.md §3).
    kode_kelompok = models.CharField(_("kode kelompok"), max_length=30, blank=True)
    nomor_register = models.CharField(_("nomor register"), max_length=30, blank=True)
    pembina_nomor = models.CharField(_("nomor registrasi pembina"), max_length=30, blank=True)
    pembina_nama = models.CharField(_("nama pembina"), max_length=150, blank=True)
    pembina_jabatan = models.CharField(
        _("jabatan pembina"), max_length=10, choices=KategoriPembina.choices, blank=True
    )
    sk_ada = models.BooleanField(_("ada SK pengukuhan"), null=True, blank=True)
    sk_nomor = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_tanggal = models.DateField(
        _("tanggal SK"), null=True, blank=True, validators=[validate_not_future]
    )
    sk_penerbit = models.CharField(
        _("SK dikeluarkan oleh"), max_length=15, choices=PenerbitSK.choices, blank=True
    )
    # Codes of poktan.kode.SumberDana, of poktan.tata_letak.INTEGRASI[jenis] and MATERI[jenis].
    sumber_dana = models.JSONField(_("sumber dana"), default=list, blank=True)
    integrasi = models.JSONField(_("integrasi dengan layanan lain"), default=list, blank=True)
    integrasi_lain = models.CharField(_("integrasi lainnya"), max_length=150, blank=True)
    proyek_prioritas = models.BooleanField(
        _("proyek prioritas nasional"), null=True, blank=True, help_text=_("BKR dan BKL.")
    )
    materi = models.JSONField(_("materi yang dimiliki"), default=list, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kelompok")
        verbose_name_plural = _("kelompok")
        ordering = ["desa", "jenis", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "jenis", "nama"],
                name="kelompok_nama_unik_per_desa",
                violation_error_message=_("Nama kelompok ini sudah dipakai di desa ini."),
            ),
        ]
        indexes = [
            # The monthly poktan block: active groups of the desa in scope, per type.
            models.Index(fields=["desa", "jenis", "aktif"], name="kelompok_desa_jenis_idx"),
        ]

    def __str__(self):
        return f"{self.label_jenis} {self.nama}"

    def get_absolute_url(self):
        return reverse("poktan:kelompok", args=[self.pk])

    @property
    def label_jenis(self) -> str:
        return str(LABEL_PENDEK[self.jenis])

    @property
    def berbasis_keluarga(self) -> bool:
        """Members are families (BKB, BKR, BKL, UPPKA); else persons (PIK-R, Posyandu)."""
        return self.jenis in JENIS_KELUARGA

    @property
    def posyandu(self) -> bool:
        return self.jenis == JenisKelompok.POSYANDU

    @property
    def uppka(self) -> bool:
        return self.jenis == JenisKelompok.UPPKA

    def label_wilayah(self) -> str:
        """The area for display: dusun and RW names, or the whole desa."""
        bagian = [d.nama for d in self.wilayah_dusun.all()]
        bagian += [f"RW {rw.nomor} {rw.dusun.nama}" for rw in self.wilayah_rw.all()]
        return ", ".join(bagian) if bagian else str(_("Seluruh desa"))


class Pengurus(models.Model):
    """An officer (chair, secretary, treasurer) or kader of a group, as the K/0 lists them.

    `peran` is the K/0 category; `jabatan` the free text the group uses. The record may link to
    the person in the village data (`anggota`, for the family code) and to the user account of
    the same person (`user`). Dated: the K/0 of year Y lists officers serving on 1 January Y.
    """

    kelompok = models.ForeignKey(Kelompok, on_delete=models.CASCADE, related_name="pengurus_set")
    jabatan = models.CharField(_("jabatan"), max_length=60)
    nama = models.CharField(_("nama"), max_length=150)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    peran = models.CharField(
        _("kedudukan di K/0"), max_length=12, choices=JabatanPengurus.choices, blank=True
    )
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[validate_nik])
    anggota = models.ForeignKey(
        Anggota,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("orang (data desa)"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pengurus_poktan_set",
        verbose_name=_("akun pengguna"),
    )
    peserta_kb = models.BooleanField(_("peserta KB"), null=True, blank=True)
    terlatih = models.BooleanField(_("sudah dilatih"), null=True, blank=True)
    mulai = models.DateField(_("menjabat sejak"), null=True, blank=True)
    selesai = models.DateField(_("berhenti"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengurus kelompok")
        verbose_name_plural = _("pengurus kelompok")
        ordering = ["kelompok", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True)
                | Q(mulai__isnull=True)
                | Q(selesai__gt=models.F("mulai")),
                name="pengurus_selesai_setelah_mulai",
                violation_error_message=_("Tanggal berhenti harus sesudah tanggal mulai."),
            ),
        ]

    def __str__(self):
        return f"{self.jabatan}: {self.nama}"

    def clean(self):
        self.nama = " ".join((self.nama or "").split())
        if self.anggota_id and self.kelompok_id and self.anggota.desa_id != self.kelompok.desa_id:
            raise ValidationError({"anggota": _("Orang ini tidak terdata di desa kelompok.")})
        if self.anggota_id and not self.nik:
            self.nik = self.anggota.nik or ""


def q_terbuka_pada(tanggal: dt.date, prefix: str = "") -> Q:
    """A membership open on the date: [mulai, selesai) contains it."""
    return Q(**{f"{prefix}mulai__lte": tanggal}) & (
        Q(**{f"{prefix}selesai__isnull": True}) | Q(**{f"{prefix}selesai__gt": tanggal})
    )


class Keanggotaan(models.Model):
    """A member of a group over [mulai, selesai): a family, a person, or someone from outside."""

    kelompok = models.ForeignKey(Kelompok, on_delete=models.PROTECT, related_name="keanggotaan_set")
    # Copied from the group by clean(), so the database can keep one posyandu per child.
    jenis = models.CharField(max_length=10, choices=JenisKelompok.choices, editable=False)
    keluarga = models.ForeignKey(
        Keluarga,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="keanggotaan_poktan_set",
        verbose_name=_("keluarga"),
    )
    anggota = models.ForeignKey(
        Anggota,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="keanggotaan_poktan_set",
        verbose_name=_("orang"),
    )
    nama_luar = models.CharField(
        _("nama (dari luar desa)"),
        max_length=150,
        blank=True,
        help_text=_("Hanya untuk anggota yang tidak terdata di desa ini."),
    )
    jenis_kelamin_luar = models.CharField(
        _("jenis kelamin"), max_length=1, choices=kode_keluarga.JenisKelamin.choices, blank=True
    )
    tanggal_lahir_luar = models.DateField(
        _("tanggal lahir"), null=True, blank=True, validators=[validate_not_future]
    )
    alamat_luar = models.CharField(_("alamat"), max_length=200, blank=True)
    mulai = models.DateField(_("tanggal masuk"), validators=[validate_not_future])
    selesai = models.DateField(_("tanggal keluar"), null=True, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keanggotaan kelompok")
        verbose_name_plural = _("keanggotaan kelompok")
        ordering = ["kelompok", "mulai", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(keluarga__isnull=False, anggota__isnull=True, nama_luar="")
                    | Q(keluarga__isnull=True, anggota__isnull=False, nama_luar="")
                    | (Q(keluarga__isnull=True, anggota__isnull=True) & ~Q(nama_luar=""))
                ),
                name="keanggotaan_satu_jenis_anggota",
                violation_error_message=_(
                    "Isi tepat satu: keluarga, orang, atau nama anggota dari luar desa."
                ),
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="keanggotaan_selesai_setelah_mulai",
                violation_error_message=_("Tanggal keluar tidak boleh sebelum tanggal masuk."),
            ),
            # Each child belongs to one posyandu (DOMAIN.md §3).
            models.UniqueConstraint(
                fields=["anggota"],
                condition=Q(jenis="posyandu", selesai__isnull=True, anggota__isnull=False),
                name="satu_posyandu_per_anak",
                violation_error_message=_("Anak ini sudah terdaftar di posyandu lain."),
            ),
            models.UniqueConstraint(
                fields=["kelompok", "keluarga"],
                condition=Q(selesai__isnull=True, keluarga__isnull=False),
                name="keluarga_sekali_per_kelompok",
                violation_error_message=_("Keluarga ini sudah menjadi anggota kelompok."),
            ),
            models.UniqueConstraint(
                fields=["kelompok", "anggota"],
                condition=Q(selesai__isnull=True, anggota__isnull=False),
                name="orang_sekali_per_kelompok",
                violation_error_message=_("Orang ini sudah menjadi anggota kelompok."),
            ),
        ]
        indexes = [
            # Members of a type open on a date in the desa's groups (the poktan block's targets
            # and memberships, invite lists). Led by the group, so it reads one desa's rows: a
            # (jenis, mulai) index read the whole district's (×2.5 the block's time at 33 desa).
            models.Index(
                fields=["kelompok", "jenis", "mulai"], name="keanggotaan_kelompok_jenis_idx"
            ),
        ]

    def __str__(self):
        return f"{self.nama_tampil} · {self.kelompok}"

    @property
    def luar(self) -> bool:
        return not (self.keluarga_id or self.anggota_id)

    @property
    def nama_tampil(self) -> str:
        if self.anggota_id:
            return self.anggota.nama
        if self.keluarga_id:
            if hasattr(self, "nama_kepala"):  # annotated by list queries
                kepala = self.nama_kepala
            else:
                kepala = (
                    self.keluarga.anggota_set.filter(
                        hubungan=kode_keluarga.HubunganKK.KEPALA,
                        status_hidup=kode_keluarga.StatusHidup.HIDUP,
                    )
                    .values_list("nama", flat=True)
                    .first()
                )
            return str(_("Keluarga %(n)s") % {"n": kepala or "-"})
        return self.nama_luar

    @property
    def jenis_kelamin_anak(self) -> str:
        return self.anggota.jenis_kelamin if self.anggota_id else self.jenis_kelamin_luar

    @property
    def tanggal_lahir_anak(self) -> dt.date | None:
        return self.anggota.tanggal_lahir if self.anggota_id else self.tanggal_lahir_luar

    def terbuka_pada(self, tanggal: dt.date) -> bool:
        return self.mulai <= tanggal and (self.selesai is None or self.selesai > tanggal)

    def clean(self):
        self.nama_luar = " ".join((self.nama_luar or "").split())
        if not self.kelompok_id:
            return
        kelompok = self.kelompok
        self.jenis = kelompok.jenis
        if kelompok.berbasis_keluarga and self.anggota_id:
            raise ValidationError(
                {
                    "anggota": _("Anggota %(j)s adalah keluarga, bukan perorangan.")
                    % {"j": kelompok.get_jenis_display()}
                }
            )
        if not kelompok.berbasis_keluarga and self.keluarga_id:
            raise ValidationError(
                {"keluarga": _("Anggota PIK-R dan Posyandu adalah perorangan, bukan keluarga.")}
            )
        if self.keluarga_id and self.keluarga.desa_id != kelompok.desa_id:
            raise ValidationError({"keluarga": _("Keluarga ini tidak terdata di desa kelompok.")})
        if self.anggota_id and self.anggota.desa_id != kelompok.desa_id:
            raise ValidationError({"anggota": _("Orang ini tidak terdata di desa kelompok.")})
        if self.luar and kelompok.posyandu:
            kurang = {}
            if not self.jenis_kelamin_luar:
                kurang["jenis_kelamin_luar"] = _("Anak dari luar desa perlu jenis kelamin.")
            if not self.tanggal_lahir_luar:
                kurang["tanggal_lahir_luar"] = _("Anak dari luar desa perlu tanggal lahir.")
            if kurang:
                raise ValidationError(kurang)
        tanggal_lahir = self.tanggal_lahir_anak if (self.anggota_id or self.luar) else None
        if tanggal_lahir and self.mulai and self.mulai < tanggal_lahir:
            raise ValidationError({"mulai": _("Tanggal masuk tidak boleh sebelum tanggal lahir.")})
        self._cek_tumpang_tindih()

    def _cek_tumpang_tindih(self) -> None:
        """The same member twice in one group, or a child in two posyandu, over the same days."""
        if not self.mulai or self.luar:
            return
        irisan = Q(selesai__isnull=True) | Q(selesai__gt=self.mulai)
        if self.selesai is not None:
            irisan &= Q(mulai__lt=self.selesai)
        lain = Keanggotaan.objects.filter(irisan).exclude(pk=self.pk)
        if self.keluarga_id:
            if lain.filter(kelompok_id=self.kelompok_id, keluarga_id=self.keluarga_id).exists():
                raise ValidationError(
                    _("Keluarga ini sudah menjadi anggota kelompok pada tanggal itu.")
                )
            return
        if lain.filter(kelompok_id=self.kelompok_id, anggota_id=self.anggota_id).exists():
            raise ValidationError(_("Orang ini sudah menjadi anggota kelompok pada tanggal itu."))
        if self.jenis == JenisKelompok.POSYANDU:
            ganda = lain.filter(jenis=JenisKelompok.POSYANDU, anggota_id=self.anggota_id).first()
            if ganda is not None:
                raise ValidationError(
                    _("Anak ini sudah terdaftar di %(p)s. Akhiri dulu keanggotaan itu."),
                    params={"p": ganda.kelompok},
                )
