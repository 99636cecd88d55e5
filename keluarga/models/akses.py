"""Who may see what: a user's scope (desa, kecamatan, kabupaten, or a kader's regions) and the
access log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .wilayah import RT, RW, Desa, Dusun

kode_kecamatan_validator = RegexValidator(
    r"^\d{6}$", _("Kode kecamatan Kemendagri harus 6 angka (prov 2, kab 2, kec 2).")
)
kode_kabupaten_validator = RegexValidator(
    r"^\d{4}$", _("Kode kabupaten/kota Kemendagri harus 4 angka (prov 2, kab 2).")
)


class Lingkup(models.Model):
    """A user's scope; the role itself is the user's one auth Group (see keluarga.akses.Peran)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lingkup"
    )
    desa = models.ManyToManyField(Desa, blank=True, related_name="+", verbose_name=_("desa"))
    kecamatan_kode = models.CharField(
        _("kode kecamatan"),
        max_length=6,
        blank=True,
        validators=[kode_kecamatan_validator],
        help_text=_("6 angka Kemendagri."),
    )
    # The Kabupaten role (the district KB office): every desa whose code starts with these four
    # digits, aggregated (ROLES.md). Set by a superuser only (Django admin).
    kabupaten_kode = models.CharField(
        _("kode kabupaten/kota"),
        max_length=4,
        blank=True,
        validators=[kode_kabupaten_validator],
        help_text=_("4 angka Kemendagri (provinsi 2, kabupaten/kota 2)."),
    )
    # A kader's regions inside one desa (any level); their groups are on poktan.Kelompok.kader.
    dusun = models.ManyToManyField(Dusun, blank=True, related_name="+", verbose_name=_("dusun"))
    rw = models.ManyToManyField(RW, blank=True, related_name="+", verbose_name=_("RW"))
    rt = models.ManyToManyField(RT, blank=True, related_name="+", verbose_name=_("RT"))

    class Meta:
        verbose_name = _("lingkup pengguna")
        verbose_name_plural = _("lingkup pengguna")

    def __str__(self):
        return f"{_('Lingkup')} {self.user}"

    def clean(self):
        super().clean()
        if self.kecamatan_kode and self.kabupaten_kode:
            raise ValidationError(
                {
                    "kabupaten_kode": _(
                        "Isi kode kecamatan atau kode kabupaten/kota, tidak keduanya: satu "
                        "pengguna punya satu lingkup."
                    )
                }
            )


class LogAkses(models.Model):
    """A view or export of a personal name list, or a page showing a full NIK."""

    class Jenis(models.TextChoices):
        NIK_PENUH = "nik_penuh", _("Halaman dengan NIK penuh")
        DAFTAR_NAMA = "daftar_nama", _("Daftar nama")
        EKSPOR = "ekspor", _("Ekspor dengan nama")
        LURING = "luring", _("Salinan luring di ponsel")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    jenis = models.CharField(_("jenis"), max_length=15, choices=Jenis.choices)
    objek = models.CharField(_("yang dilihat"), max_length=300)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("log akses")
        verbose_name_plural = _("log akses")
        ordering = ["-waktu"]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.user} {self.jenis} {self.objek}"
