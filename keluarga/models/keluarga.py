"""Houses, families (No KK) and their members (NIK)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keluarga import kode
from keluarga.validators import validate_nik, validate_no_kk, validate_not_future

from .wilayah import RT, Desa


def normalisasi_nama(nama: str) -> str:
    """Name for matching: lower case, single spaces, letters and digits only."""
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z ]", "", (nama or "").lower())).strip()


class Rumah(models.Model):
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="rumah_set")
    rt = models.ForeignKey(RT, on_delete=models.PROTECT, related_name="rumah_set")
    nomor = models.CharField(_("nomor rumah"), max_length=20, blank=True)
    alamat = models.CharField(_("alamat"), max_length=200, blank=True)
    lat = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rumah")
        verbose_name_plural = _("rumah")
        ordering = ["rt", "nomor"]

    def __str__(self):
        return f"{_('Rumah')} {self.nomor or '-'} {self.rt.label}"

    @property
    def punya_gps(self) -> bool:
        return self.lat is not None and self.lng is not None


class Keluarga(models.Model):
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="keluarga_set")
    rumah = models.ForeignKey(Rumah, on_delete=models.PROTECT, related_name="keluarga_set")
    no_kk = models.CharField(_("No KK"), max_length=16, unique=True, validators=[validate_no_kk])
    sumber_air = models.CharField(
        _("sumber air minum"), max_length=30, choices=kode.SumberAir.choices, blank=True
    )
    jamban = models.CharField(_("jamban"), max_length=30, choices=kode.Jamban.choices, blank=True)
    lantai = models.CharField(_("lantai"), max_length=20, choices=kode.Lantai.choices, blank=True)
    dinding = models.CharField(
        _("dinding"), max_length=20, choices=kode.Dinding.choices, blank=True
    )
    atap = models.CharField(_("atap"), max_length=20, choices=kode.Atap.choices, blank=True)
    penerangan = models.CharField(
        _("penerangan utama"), max_length=20, choices=kode.Penerangan.choices, blank=True
    )
    bahan_bakar = models.CharField(
        _("bahan bakar memasak"), max_length=20, choices=kode.BahanBakar.choices, blank=True
    )
    kepemilikan_rumah = models.CharField(
        _("kepemilikan rumah"), max_length=20, choices=kode.KepemilikanRumah.choices, blank=True
    )
    luas_lantai = models.PositiveIntegerField(_("luas lantai (m²)"), null=True, blank=True)
    jumlah_penghuni = models.PositiveSmallIntegerField(_("jumlah penghuni"), null=True, blank=True)
    pembangunan_keluarga = models.JSONField(
        _("item Pembangunan Keluarga"),
        default=dict,
        blank=True,
        help_text=_("18 item ya/tidak PK21, disimpan sebagai {nomor: true/false}."),
    )
    indikator_ks = models.JSONField(
        _("indikator Tahapan KS"),
        default=dict,
        blank=True,
        help_text=_("21 indikator dijawab Y/T/TB, disimpan sebagai {nomor: jawaban}."),
    )
    # Derived from indikator_ks by clean(); stored so every count is a plain SQL filter.
    tahapan_ks = models.CharField(
        _("tahapan KS"),
        max_length=20,
        choices=kode.TahapanKS.choices,
        default=kode.TahapanKS.BELUM_TERDATA,
        editable=False,
    )
    penerima_bansos = models.BooleanField(_("penerima bantuan sosial (DTKS/PKH)"), default=False)
    terakhir_diverifikasi = models.DateField(_("terakhir diverifikasi"), null=True, blank=True)
    sumber = models.CharField(
        max_length=10, choices=kode.SumberData.choices, default=kode.SumberData.ENTRI
    )
    # Optimistic lock: every write to the family, its members or their KB status bumps it, so a
    # second editor working from an older page is refused instead of overwriting silently.
    versi = models.PositiveIntegerField(default=0, editable=False)
    # The id a phone made for the last edit of this family sent from offline work (luring/).
    uuid_luring = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["versi"])

    class Meta:
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")
        ordering = ["no_kk"]
        indexes = [
            # Family list and search of one desa in No KK order, 25 a page (keluarga.views.daftar).
            models.Index(fields=["desa", "no_kk"], name="keluarga_desa_nokk_idx"),
        ]

    def __str__(self):
        return f"KK {self.no_kk}"

    def get_absolute_url(self):
        return reverse("keluarga:detail", args=[self.pk])

    def clean(self):
        self.tahapan_ks = self.hitung_tahapan_ks()
        if self.rumah_id and self.desa_id and self.rumah.desa_id != self.desa_id:
            raise ValidationError({"rumah": _("Rumah harus berada di desa yang sama.")})

    def hitung_tahapan_ks(self) -> str:
        """Tahapan KS from the 21 answers, level by level (DOMAIN.md §2)."""
        jawaban = {int(k): v for k, v in (self.indikator_ks or {}).items() if v}
        tahap_lalu = kode.TahapanKS.PRA_S
        for tahap, nomor in kode.INDIKATOR_KS_PER_TAHAP:
            nilai = [jawaban.get(n) for n in nomor]
            if kode.JawabanKS.TIDAK in nilai:
                return tahap_lalu
            if any(v is None for v in nilai):
                return kode.TahapanKS.BELUM_TERDATA
            tahap_lalu = tahap
        return kode.TahapanKS.KS_3_PLUS

    @property
    def kurang_mampu(self) -> bool:
        return self.penerima_bansos or self.tahapan_ks in (
            kode.TahapanKS.PRA_S,
            kode.TahapanKS.KS_1,
        )


class AnggotaManager(models.Manager):
    """The members that count: a record merged into another person (``digabung_ke``) is kept for
    the record and its undo, and left out of every count, list, search and export."""

    def get_queryset(self):
        return super().get_queryset().filter(digabung_ke__isnull=True)


class Anggota(models.Model):
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="anggota_set")
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="anggota_set")
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        null=True,
        blank=True,
        validators=[validate_nik],
        help_text=_("Kosongkan bila NIK belum ada (jangan isi angka palsu)."),
    )
    nama = models.CharField(_("nama"), max_length=150)
    # Lower-case, single-spaced name: for matching imports and finding duplicates.
    nama_normal = models.CharField(max_length=150, editable=False, db_index=True)
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=kode.JenisKelamin.choices
    )
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), validators=[validate_not_future])
    status_kawin = models.CharField(
        _("status perkawinan"),
        max_length=15,
        choices=kode.StatusKawin.choices,
        default=kode.StatusKawin.BELUM_KAWIN,
    )
    usia_kawin_pertama = models.PositiveSmallIntegerField(
        _("usia kawin pertama"), null=True, blank=True
    )
    akta_lahir = models.CharField(
        _("akta lahir"), max_length=5, choices=kode.AktaLahir.choices, blank=True
    )
    hubungan = models.CharField(
        _("hubungan dengan kepala keluarga"), max_length=2, choices=kode.HubunganKK.choices
    )
    ibu = models.ForeignKey(
        "self",
        verbose_name=_("ibu kandung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anak_set",
    )
    # An import could not link the mother named in the file (several women of the family fit,
    # none of the right age, or the links went round in a circle): on the worklist
    # (kualitas "ibu_belum_ditautkan") until a mother is linked.
    ibu_belum_ditautkan = models.BooleanField(
        _("ibu belum ditautkan"), default=False, editable=False
    )
    agama = models.CharField(_("agama"), max_length=15, choices=kode.Agama.choices, blank=True)
    pekerjaan = models.CharField(
        _("pekerjaan"), max_length=20, choices=kode.Pekerjaan.choices, blank=True
    )
    pendidikan = models.CharField(
        _("pendidikan"), max_length=20, choices=kode.Pendidikan.choices, blank=True
    )
    jkn = models.CharField(_("JKN"), max_length=10, choices=kode.JKN.choices, blank=True)
    keberadaan = models.CharField(
        _("keberadaan"),
        max_length=15,
        choices=kode.Keberadaan.choices,
        default=kode.Keberadaan.DI_DALAM,
    )
    jumlah_anak_hidup = models.PositiveSmallIntegerField(
        _("jumlah anak masih hidup"),
        null=True,
        blank=True,
        help_text=_("Bila diisi, dipakai untuk risiko 'terlalu banyak'."),
    )
    status_hidup = models.CharField(
        _("status"), max_length=10, choices=kode.StatusHidup.choices, default=kode.StatusHidup.HIDUP
    )
    kode_asli = models.JSONField(
        _("kode asli (Dukcapil/OpenSID)"), default=dict, blank=True, editable=False
    )
    sumber = models.CharField(
        max_length=10, choices=kode.SumberData.choices, default=kode.SumberData.ENTRI
    )
    # Made on the phone for a birth recorded offline (luring): sending it twice saves it once.
    uuid_luring = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Merged into that person (keluarga.gabung): kept as it was, out of every count.
    digabung_ke = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="digabung_set",
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    objects = AnggotaManager()
    # Every row, the merged-away ones too (the merge record's pages, the merge and its undo).
    semua = models.Manager()  # noqa: DJ012 - a second manager, not a field

    class Meta:
        verbose_name = _("anggota keluarga")
        verbose_name_plural = _("anggota keluarga")
        ordering = ["keluarga_id", "hubungan", "tanggal_lahir"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                condition=models.Q(nik__isnull=False),
                name="anggota_nik_unik",
                violation_error_message=_("NIK ini sudah dipakai orang lain."),
            ),
            # At most one living head per family; a family with none goes on the worklist.
            models.UniqueConstraint(
                fields=["keluarga"],
                condition=models.Q(hubungan="1", status_hidup="hidup", digabung_ke__isnull=True),
                name="satu_kepala_per_keluarga",
                violation_error_message=_("Keluarga ini sudah punya kepala keluarga."),
            ),
        ]
        indexes = [
            # Population and age queries of the indicators: desa + birth date range.
            models.Index(fields=["desa", "tanggal_lahir"], name="anggota_desa_lahir_idx"),
            # Duplicate-person check: same normalised name and birth date.
            models.Index(fields=["nama_normal", "tanggal_lahir"], name="anggota_nama_lahir_idx"),
        ]

    def __str__(self):
        return self.nama

    def get_absolute_url(self):
        return reverse("keluarga:detail", args=[self.keluarga_id])

    def clean(self):
        self.nama = re.sub(r"\s+", " ", (self.nama or "")).strip()
        self.nama_normal = normalisasi_nama(self.nama)
        if self.nik == "":
            self.nik = None
        if self.keluarga_id and not self.desa_id:
            self.desa_id = self.keluarga.desa_id
        if self.ibu_id and self.ibu_id == self.pk:
            raise ValidationError({"ibu": _("Seseorang tidak bisa menjadi ibunya sendiri.")})
        if self.ibu_id:
            self.ibu_belum_ditautkan = False
        if self.ibu_id and self.ibu.jenis_kelamin != kode.JenisKelamin.PEREMPUAN:
            raise ValidationError({"ibu": _("Ibu kandung harus perempuan.")})
        if (
            self.usia_kawin_pertama is not None
            and self.status_kawin == kode.StatusKawin.BELUM_KAWIN
        ):
            raise ValidationError(
                {"usia_kawin_pertama": _("Usia kawin pertama hanya diisi bila pernah kawin.")}
            )

    @property
    def hubungan_pk(self) -> str:
        return kode.hubungan_pk(self.hubungan)

    def umur(self, pada: dt.date) -> int:
        """Completed years on a date."""
        b = self.tanggal_lahir
        return pada.year - b.year - ((pada.month, pada.day) < (b.month, b.day))

    def nik_tersamar(self) -> str:
        from keluarga.akses import samarkan

        return samarkan(self.nik)
