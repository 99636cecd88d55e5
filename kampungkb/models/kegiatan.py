"""Activities and interventions: plan, realisation, targets reached, photos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kampungkb import kode
from keluarga.models import RT, RW, Anggota, Desa, Dusun, Keluarga
from laporan.models import DaftarTersimpan


class Instansi(models.Model):
    """An agency of the portal's fixed list (OFFICIAL.md §2), seeded in its order; editable in
    Django admin. `lintas_sektor` = False for the KB offices the cross-sector count leaves out."""

    nama = models.CharField(_("nama instansi"), max_length=100, unique=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    lintas_sektor = models.BooleanField(
        _("dihitung lintas sektor"),
        default=True,
        help_text=_("OPD PPKB dan Perwakilan BKKBN tidak dihitung sebagai lintas sektor."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["urutan", "nama"]

    def __str__(self):
        return self.nama


class Kegiatan(models.Model):
    """An activity of the Kampung KB: planned for a month (or a date), then realised or not."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    judul = models.CharField(_("judul kegiatan"), max_length=200)
    kategori = models.CharField(_("kategori"), max_length=30, choices=kode.Kategori.choices)
    bulan_rencana = models.DateField(_("bulan rencana"), help_text=_("Hari pertama bulan."))
    tanggal_rencana = models.DateField(_("tanggal rencana"), null=True, blank=True)
    sasaran = models.CharField(
        _("kelompok sasaran"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: PUS unmet need, keluarga dengan balita."),
    )
    # The area: the whole desa (all three empty) or one dusun, one RW or one RT.
    dusun = models.ForeignKey(
        Dusun, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rw = models.ForeignKey(RW, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rt = models.ForeignKey(RT, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    instansi = models.ManyToManyField(
        Instansi, blank=True, related_name="kegiatan_set", verbose_name=_("instansi terlibat")
    )
    mitra_lain = models.CharField(
        _("instansi lain"),
        max_length=200,
        blank=True,
        help_text=_("Nama instansi bila memilih Lainnya."),
    )
    sumber_dana = models.CharField(
        _("sumber anggaran"), max_length=20, choices=kode.SumberDana.choices, blank=True
    )
    anggaran = models.DecimalField(
        _("anggaran (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    catatan = models.TextField(_("catatan"), blank=True)
    # Targets from a saved name list of table 7 (copied into SasaranKegiatan when planned).
    daftar = models.ForeignKey(
        DaftarTersimpan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jenis_daftar = models.CharField(_("jenis daftar sasaran"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=kode.StatusKegiatan.choices,
        default=kode.StatusKegiatan.RENCANA,
    )
    tanggal_realisasi = models.DateField(_("tanggal pelaksanaan"), null=True, blank=True)
    jumlah_hadir = models.PositiveIntegerField(_("jumlah peserta hadir"), null=True, blank=True)
    catatan_realisasi = models.TextField(_("catatan pelaksanaan"), blank=True)
    versi = models.PositiveIntegerField(default=0, editable=False)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["-bulan_rencana", "tanggal_rencana", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(dusun__isnull=True, rw__isnull=True)
                    | models.Q(dusun__isnull=True, rt__isnull=True)
                    | models.Q(rw__isnull=True, rt__isnull=True)
                ),
                name="kegiatan_satu_wilayah",
            ),
            models.CheckConstraint(
                condition=models.Q(status="terlaksana", tanggal_realisasi__isnull=False)
                | ~models.Q(status="terlaksana"),
                name="kegiatan_terlaksana_bertanggal",
            ),
        ]
        indexes = [
            # Plans of a month per desa: the meeting agenda and the Kepala Desa's summary.
            models.Index(fields=["desa", "bulan_rencana"], name="kegiatan_desa_bulan_idx"),
        ]

    def __str__(self):
        return self.judul

    def get_absolute_url(self):
        return reverse("kampungkb:kegiatan", args=[self.pk])

    def clean(self):
        if self.bulan_rencana:
            self.bulan_rencana = self.bulan_rencana.replace(day=1)
        if self.tanggal_rencana and self.bulan_rencana:
            if self.tanggal_rencana.replace(day=1) != self.bulan_rencana:
                raise ValidationError(
                    {"tanggal_rencana": _("Tanggal rencana harus di bulan rencana.")}
                )
        isi = [x for x in (self.dusun_id, self.rw_id, self.rt_id) if x]
        if len(isi) > 1:
            raise ValidationError(_("Pilih satu wilayah saja."))
        for w in (self.dusun, self.rw, self.rt):
            if w is not None and w.desa_id != self.desa_id:
                raise ValidationError(_("Wilayah kegiatan harus di desa ini."))
        if self.status == kode.StatusKegiatan.TERLAKSANA and not self.tanggal_realisasi:
            raise ValidationError(
                {"tanggal_realisasi": _("Isi tanggal pelaksanaan kegiatan yang terlaksana.")}
            )

    @property
    def label_wilayah(self) -> str:
        if self.rt_id:
            return f"RT {self.rt.nomor}/RW {self.rt.rw.nomor} {self.rt.rw.dusun.nama}"
        if self.rw_id:
            return f"RW {self.rw.nomor} {self.rw.dusun.nama}"
        if self.dusun_id:
            return f"{_('Dusun')} {self.dusun.nama}"
        return str(_("Seluruh desa"))

    def label_mitra(self) -> list[str]:
        """The agencies involved ("Lainnya" shows its text instead)."""
        nama = [
            i.nama
            for i in self.instansi.all()
            if not (i.nama == kode.INSTANSI_LAINNYA and self.mitra_lain)
        ]
        if self.mitra_lain:
            nama.append(self.mitra_lain)
        return nama

    @property
    def tanggal_acuan(self):
        """The day the activity took (or takes) place, for follow-up months."""
        return self.tanggal_realisasi or self.tanggal_rencana or self.bulan_rencana


class SasaranKegiatan(models.Model):
    """A target of an activity (a member, or a family for family lists) and whether reached."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="sasaran_set")
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="+")
    anggota = models.ForeignKey(
        Anggota, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dicapai = models.BooleanField(_("terjangkau"), default=False)
    dicentang_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicentang_pada = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sasaran kegiatan")
        verbose_name_plural = _("sasaran kegiatan")
        ordering = ["kegiatan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kegiatan", "anggota"],
                condition=models.Q(anggota__isnull=False),
                name="sasaran_anggota_unik",
            ),
            models.UniqueConstraint(
                fields=["kegiatan", "keluarga"],
                condition=models.Q(anggota__isnull=True),
                name="sasaran_keluarga_unik",
            ),
        ]

    def __str__(self):
        return f"{self.kegiatan}: {self.anggota or self.keluarga}"


def _jalur_foto(instance, filename: str) -> str:
    # The name is chosen by the service (random, with the detected type's extension).
    return f"kampungkb/foto/{instance.kegiatan.desa.kode}/{filename}"


class FotoKegiatan(models.Model):
    """A photo of an activity, stored under MEDIA_ROOT and served only through a gated view."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="foto_set")
    berkas = models.FileField(_("berkas"), upload_to=_jalur_foto, max_length=200)
    jenis_mime = models.CharField(max_length=20)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    diunggah = models.DateTimeField(auto_now_add=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")
        ordering = ["kegiatan", "diunggah", "pk"]

    def __str__(self):
        return self.keterangan or f"{_('Foto')} {self.kegiatan}"

    def get_absolute_url(self):
        return reverse("kampungkb:foto", args=[self.pk])
