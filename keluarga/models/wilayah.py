"""Places: desa (Kemendagri code) → dusun → RW → RT."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

kode_desa_validator = RegexValidator(
    r"^\d{10}$", _("Kode desa Kemendagri harus 10 angka (prov 2, kab 2, kec 2, desa 4).")
)


class Desa(models.Model):
    kode = models.CharField(
        _("kode Kemendagri"), max_length=10, unique=True, validators=[kode_desa_validator]
    )
    nama = models.CharField(_("nama"), max_length=100)
    kelurahan = models.BooleanField(
        _("kelurahan"), default=False, help_text=_("Kepala Desa disebut Lurah.")
    )
    kecamatan_nama = models.CharField(_("nama kecamatan"), max_length=100, blank=True)
    kabupaten_nama = models.CharField(_("nama kabupaten/kota"), max_length=100, blank=True)
    bulan_awal_data = models.DateField(
        _("bulan awal data"),
        null=True,
        blank=True,
        help_text=_("Hari pertama bulan entri atau impor pertama; laporan sebelum itu ditolak."),
    )
    lat = models.DecimalField(
        _("lintang pusat"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    lng = models.DecimalField(
        _("bujur pusat"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        ordering = ["kode"]

    def __str__(self):
        return f"{self.nama} ({self.kode})"

    @property
    def kecamatan_kode(self) -> str:
        return self.kode[:6]

    @property
    def sebutan_kepala(self) -> str:
        return str(_("Kepala Desa/Lurah") if self.kelurahan else _("Kepala Desa"))


class Dusun(models.Model):
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="dusun_set")
    nama = models.CharField(_("nama dusun"), max_length=100)

    class Meta:
        verbose_name = _("dusun")
        verbose_name_plural = _("dusun")
        ordering = ["desa", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "nama"], name="dusun_unik_per_desa"),
        ]

    def __str__(self):
        return self.nama


class RW(models.Model):
    dusun = models.ForeignKey(Dusun, on_delete=models.PROTECT, related_name="rw_set")
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    nomor = models.CharField(_("nomor RW"), max_length=3)

    class Meta:
        verbose_name = _("RW")
        verbose_name_plural = _("RW")
        ordering = ["desa", "dusun__nama", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["dusun", "nomor"], name="rw_unik_per_dusun"),
        ]

    def __str__(self):
        return f"RW {self.nomor}"


class RT(models.Model):
    rw = models.ForeignKey(RW, on_delete=models.PROTECT, related_name="rt_set")
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="rt_set")
    nomor = models.CharField(_("nomor RT"), max_length=3)

    class Meta:
        verbose_name = _("RT")
        verbose_name_plural = _("RT")
        ordering = ["desa", "rw__dusun__nama", "rw__nomor", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["rw", "nomor"], name="rt_unik_per_rw"),
        ]

    def __str__(self):
        return f"RT {self.nomor}/RW {self.rw.nomor} {self.rw.dusun.nama}"

    @property
    def label(self) -> str:
        return f"RT {self.nomor}"
