"""The Kampung KB profile (SK, area, criteria, pokja) and the yearly village potential."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kampungkb import kode
from keluarga.models import RT, RW, Desa, Dusun


def _cek_kode(nilai, pilihan, kolom: str) -> None:
    if not isinstance(nilai, list) or any(v not in pilihan.values for v in nilai):
        raise ValidationError({kolom: _("Pilihan tidak dikenal.")})


# The portal refuses a launch date before this.
PENCANANGAN_PALING_AWAL = dt.date(2016, 1, 1)


class ProfilKampungKB(models.Model):
    """One Kampung KB per desa: its name, founding SK, launch, area and selection criteria."""

    desa = models.OneToOneField(Desa, on_delete=models.PROTECT, related_name="kampung_kb")
    nama = models.CharField(
        _("nama Kampung KB"), max_length=150, help_text=_("Misalnya: Kampung KB Sakinah.")
    )
    sk_nomor = models.CharField(_("nomor SK pembentukan"), max_length=100, blank=True)
    sk_tanggal = models.DateField(_("tanggal SK"), null=True, blank=True)
    tanggal_pencanangan = models.DateField(_("tanggal pencanangan"), null=True, blank=True)
    nama_kepala_desa = models.CharField(
        _("nama Kepala Desa/Lurah"),
        max_length=150,
        blank=True,
        help_text=_("Untuk blok tanda tangan laporan dan notulen."),
    )
    cakupan = models.CharField(
        _("cakupan wilayah"), max_length=10, choices=kode.Cakupan.choices, default=kode.Cakupan.DESA
    )
    # A partial area is any mix of whole dusun, whole RW and single RTs of the desa.
    cakupan_dusun = models.ManyToManyField(Dusun, blank=True, related_name="+")
    cakupan_rw = models.ManyToManyField(RW, blank=True, related_name="+")
    cakupan_rt = models.ManyToManyField(RT, blank=True, related_name="+")
    kriteria_program = models.JSONField(_("kriteria program"), default=list, blank=True)
    kriteria_wilayah = models.JSONField(_("kriteria wilayah"), default=list, blank=True)
    kriteria_catatan = models.TextField(_("keterangan kriteria"), blank=True)
    # --- what the Kampung KB portal records about the village (OFFICIAL.md §2) ---
    pokja_ada = models.BooleanField(_("pokja Kampung KB sudah dibentuk"), default=False)
    pokja_sk_nomor = models.CharField(_("nomor SK pokja"), max_length=100, blank=True)
    pokja_sk_tanggal = models.DateField(_("tanggal SK pokja"), null=True, blank=True)
    pokja_pelatihan = models.BooleanField(
        _("pokja sudah mengikuti pelatihan pengelolaan Kampung KB"), default=False
    )
    pokja_jumlah_dilatih = models.PositiveSmallIntegerField(
        _("jumlah anggota pokja yang dilatih"), null=True, blank=True
    )
    sumber_dana = models.JSONField(
        _("sumber dana Kampung KB"),
        default=list,
        blank=True,
        help_text=_("Sumber dana kegiatan yang terlaksana 12 bulan terakhir ikut dihitung."),
    )
    ada_sekretariat = models.BooleanField(_("ada Sekretariat Kampung KB"), default=False)
    ada_rumah_dataku = models.BooleanField(_("ada Rumah DataKu"), default=False)
    pkb_nama = models.CharField(_("nama PLKB/PKB pendamping"), max_length=150, blank=True)
    pkb_nip = models.CharField(
        _("NIP PLKB/PKB pendamping"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("NIP terdiri dari 18 angka."))],
    )
    pembina_jenis = models.CharField(
        _("bila tidak ada PLKB/PKB: pembina desa"),
        max_length=20,
        choices=kode.Pembina.choices,
        blank=True,
    )
    pembina_nama = models.CharField(_("nama pembina"), max_length=150, blank=True)
    pembina_kontak = models.CharField(_("kontak pembina"), max_length=50, blank=True)
    regulasi = models.JSONField(_("regulasi tentang Kampung KB"), default=list, blank=True)
    rkm_ada = models.BooleanField(_("ada dokumen Rencana Kegiatan Masyarakat (RKM)"), default=False)
    rkm_keterangan = models.CharField(
        _("keterangan RKM"), max_length=200, blank=True, help_text=_("Misalnya: RKM tahun 2026.")
    )
    data_perencanaan = models.JSONField(
        _("data yang dipakai dalam perencanaan"), default=list, blank=True
    )
    frekuensi_rapat_perencanaan = models.CharField(
        _("rapat perencanaan kegiatan"), max_length=12, choices=kode.Frekuensi.choices, blank=True
    )
    frekuensi_rapat_koordinasi = models.CharField(
        _("rapat koordinasi dengan dinas/instansi"),
        max_length=12,
        choices=kode.Frekuensi.choices,
        blank=True,
    )
    frekuensi_sosialisasi = models.CharField(
        _("sosialisasi kegiatan"), max_length=12, choices=kode.Frekuensi.choices, blank=True
    )
    frekuensi_monev = models.CharField(
        _("monitoring dan evaluasi"), max_length=12, choices=kode.Frekuensi.choices, blank=True
    )
    frekuensi_laporan = models.CharField(
        _("penyusunan laporan"), max_length=12, choices=kode.Frekuensi.choices, blank=True
    )
    versi = models.PositiveIntegerField(default=0, editable=False)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profil Kampung KB")
        verbose_name_plural = _("profil Kampung KB")

    def __str__(self):
        return self.nama

    def get_absolute_url(self):
        return reverse("kampungkb:profil", args=[self.desa.kode])

    def clean(self):
        _cek_kode(self.kriteria_program, kode.KriteriaProgram, "kriteria_program")
        _cek_kode(self.kriteria_wilayah, kode.KriteriaWilayah, "kriteria_wilayah")
        _cek_kode(self.sumber_dana, kode.SumberDanaPortal, "sumber_dana")
        _cek_kode(self.regulasi, kode.Regulasi, "regulasi")
        _cek_kode(self.data_perencanaan, kode.DataPerencanaan, "data_perencanaan")
        if self.tanggal_pencanangan and self.tanggal_pencanangan < PENCANANGAN_PALING_AWAL:
            raise ValidationError(
                {
                    "tanggal_pencanangan": _(
                        "Tanggal pencanangan tidak boleh sebelum 1 Januari 2016."
                    )
                }
            )
        if self.pokja_pelatihan and not self.pokja_jumlah_dilatih:
            raise ValidationError(
                {"pokja_jumlah_dilatih": _("Isi jumlah anggota pokja yang dilatih.")}
            )
        if not self.pokja_pelatihan:
            self.pokja_jumlah_dilatih = None
        if (self.pokja_sk_nomor or self.pokja_sk_tanggal) and not self.pokja_ada:
            raise ValidationError({"pokja_ada": _("SK pokja diisi: tandai pokja sudah dibentuk.")})
        if (
            self.sk_tanggal
            and self.tanggal_pencanangan
            and self.sk_tanggal > self.tanggal_pencanangan
        ):
            raise ValidationError(
                {"tanggal_pencanangan": _("Pencanangan tidak bisa sebelum tanggal SK.")}
            )

    def label_kriteria_program(self) -> list[str]:
        return [str(kode.KriteriaProgram(k).label) for k in self.kriteria_program]

    def label_kriteria_wilayah(self) -> list[str]:
        return [str(kode.KriteriaWilayah(k).label) for k in self.kriteria_wilayah]

    @property
    def pkb_ada(self) -> bool:
        """A PLKB/PKB companion counts with a name and an NIP."""
        return bool(self.pkb_nama and self.pkb_nip)

    def mekanisme_berjalan(self) -> list[str]:
        """The operating mechanisms held (a frequency is set)."""
        return [k for k in kode.MEKANISME if getattr(self, k)]


class AnggotaPokja(models.Model):
    """A member of the Kampung KB working group and their position."""

    profil = models.ForeignKey(ProfilKampungKB, on_delete=models.CASCADE, related_name="pokja")
    nama = models.CharField(_("nama"), max_length=150)
    jabatan = models.CharField(_("jabatan"), max_length=20, choices=kode.Jabatan.choices)
    seksi = models.CharField(
        _("seksi"),
        max_length=30,
        choices=kode.Kategori.choices,
        blank=True,
        help_text=_("Untuk jabatan Seksi: fungsi keluarga yang ditangani."),
    )
    unsur = models.CharField(
        _("unsur/instansi"), max_length=100, blank=True, help_text=_("Misalnya: PKK, bidan desa.")
    )
    telepon = models.CharField(_("nomor HP"), max_length=20, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggota pokja")
        verbose_name_plural = _("anggota pokja")
        ordering = ["profil", "jabatan", "nama"]
        constraints = [
            # Ketua, Sekretaris and Bendahara are held by one active person each.
            models.UniqueConstraint(
                fields=["profil", "jabatan"],
                condition=models.Q(aktif=True, jabatan__in=kode.JABATAN_TUNGGAL),
                name="pokja_jabatan_tunggal",
                violation_error_message=_("Jabatan ini sudah diisi anggota pokja lain yang aktif."),
            ),
        ]

    def __str__(self):
        return f"{self.label_jabatan}: {self.nama}"

    def clean(self):
        if self.jabatan == kode.Jabatan.SEKSI and not self.seksi:
            raise ValidationError({"seksi": _("Pilih seksi yang ditangani.")})
        if self.jabatan != kode.Jabatan.SEKSI:
            self.seksi = ""

    @property
    def label_jabatan(self) -> str:
        if self.jabatan == kode.Jabatan.SEKSI and self.seksi:
            return f"{_('Seksi')} {kode.Kategori(self.seksi).label}"
        return str(self.get_jabatan_display())


class PotensiDesa(models.Model):
    """A small yearly record of the desa's facilities and figures (one page of the report)."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    luas_wilayah_ha = models.DecimalField(
        _("luas wilayah (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    posyandu = models.PositiveSmallIntegerField(_("posyandu"), null=True, blank=True)
    posbindu = models.PositiveSmallIntegerField(_("posbindu PTM"), null=True, blank=True)
    paud = models.PositiveSmallIntegerField(_("PAUD (KB/TPA/SPS)"), null=True, blank=True)
    tk = models.PositiveSmallIntegerField(_("TK/RA"), null=True, blank=True)
    sd = models.PositiveSmallIntegerField(_("SD/MI"), null=True, blank=True)
    smp = models.PositiveSmallIntegerField(_("SMP/MTs"), null=True, blank=True)
    sma = models.PositiveSmallIntegerField(_("SMA/SMK/MA"), null=True, blank=True)
    puskesmas = models.PositiveSmallIntegerField(_("puskesmas/pustu"), null=True, blank=True)
    poskesdes = models.PositiveSmallIntegerField(_("poskesdes/polindes"), null=True, blank=True)
    bidan = models.PositiveSmallIntegerField(_("bidan desa"), null=True, blank=True)
    tempat_ibadah = models.PositiveSmallIntegerField(_("tempat ibadah"), null=True, blank=True)
    kader_kb = models.PositiveSmallIntegerField(
        _("kader KB (PPKBD/Sub-PPKBD)"), null=True, blank=True
    )
    program_air_bersih = models.TextField(
        _("program air bersih"), blank=True, help_text=_("Misalnya: PAMSIMAS, sumur bor desa.")
    )
    program_sanitasi = models.TextField(
        _("program sanitasi"), blank=True, help_text=_("Misalnya: STBM, jamban sehat, ODF.")
    )
    lainnya = models.TextField(_("potensi lain"), blank=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("potensi desa")
        verbose_name_plural = _("potensi desa")
        ordering = ["desa", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "tahun"], name="potensi_unik_per_desa_tahun"),
        ]

    def __str__(self):
        return f"{_('Potensi desa')} {self.desa.nama} {self.tahun}"


# The figures of PotensiDesa in the order the report page shows them.
ANGKA_POTENSI = [
    "luas_wilayah_ha",
    "posyandu",
    "posbindu",
    "paud",
    "tk",
    "sd",
    "smp",
    "sma",
    "puskesmas",
    "poskesdes",
    "bidan",
    "tempat_ibadah",
    "kader_kb",
]
TEKS_POTENSI = ["program_air_bersih", "program_sanitasi", "lainnya"]
