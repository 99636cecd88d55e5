"""Forms of the Kampung KB pages. Rules live in the models and services; these only collect."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kampungkb import kode
from kampungkb.models import (
    AnggotaPokja,
    Instansi,
    Kegiatan,
    PotensiDesa,
    ProfilKampungKB,
    RapatDetail,
    RumahDataKu,
)
from kampungkb.models.profil import ANGKA_POTENSI, TEKS_POTENSI
from kampungkb.wilayah import pilihan_wilayah
from keluarga.forms import DateInput, FormKapital


def tambah_galat(form: forms.BaseForm, e: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(e, "error_dict"):
        for kolom, galat in e.error_dict.items():
            form.add_error(kolom if kolom in form.fields else None, galat)
    else:
        form.add_error(None, e)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


# The profile inputs the Kampung KB portal records (OFFICIAL.md §2), in the form's order.
ISIAN_PORTAL = [
    "pokja_ada",
    "pokja_sk_nomor",
    "pokja_sk_tanggal",
    "pokja_pelatihan",
    "pokja_jumlah_dilatih",
    "sumber_dana",
    "ada_sekretariat",
    "ada_rumah_dataku",
    "pkb_nama",
    "pkb_nip",
    "pembina_jenis",
    "pembina_nama",
    "pembina_kontak",
    "regulasi",
    "rkm_ada",
    "rkm_keterangan",
    "data_perencanaan",
    *kode.MEKANISME,
]


class ProfilForm(FormKapital, forms.ModelForm):
    wilayah = forms.MultipleChoiceField(
        label=_("dusun/RW/RT yang termasuk (bila sebagian wilayah)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kriteria_program = forms.MultipleChoiceField(
        label=_("kriteria program"),
        choices=kode.KriteriaProgram.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kriteria_wilayah = forms.MultipleChoiceField(
        label=_("kriteria wilayah"),
        choices=kode.KriteriaWilayah.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sumber_dana = forms.MultipleChoiceField(
        label=_("sumber dana Kampung KB"),
        choices=kode.SumberDanaPortal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sumber dana kegiatan yang terlaksana 12 bulan terakhir ikut dihitung."),
    )
    regulasi = forms.MultipleChoiceField(
        label=_("regulasi tentang Kampung KB"),
        choices=kode.Regulasi.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    data_perencanaan = forms.MultipleChoiceField(
        label=_("data yang dipakai dalam perencanaan"),
        choices=kode.DataPerencanaan.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProfilKampungKB
        fields = [
            "nama",
            "sk_nomor",
            "sk_tanggal",
            "tanggal_pencanangan",
            "nama_kepala_desa",
            "cakupan",
            "kriteria_program",
            "kriteria_wilayah",
            "kriteria_catatan",
            *ISIAN_PORTAL,
        ]
        widgets = {
            "pokja_sk_tanggal": DateInput(),
            "pkb_nip": forms.TextInput(attrs={"inputmode": "numeric"}),
            "pembina_kontak": forms.TextInput(attrs={"inputmode": "tel"}),
            "sk_tanggal": DateInput(),
            "tanggal_pencanangan": DateInput(),
            "kriteria_catatan": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, desa, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = pilihan_wilayah(desa, dengan_desa=False)
        self.fields["nama_kepala_desa"].label = _("nama %(s)s") % {"s": desa.sebutan_kepala}
        p = self.instance
        if p.pk:
            self.initial["versi"] = p.versi
            self.initial["wilayah"] = (
                [f"dusun:{x}" for x in p.cakupan_dusun.values_list("pk", flat=True)]
                + [f"rw:{x}" for x in p.cakupan_rw.values_list("pk", flat=True)]
                + [f"rt:{x}" for x in p.cakupan_rt.values_list("pk", flat=True)]
            )


class PokjaForm(FormKapital, forms.ModelForm):
    class Meta:
        model = AnggotaPokja
        fields = ["nama", "jabatan", "seksi", "unsur", "telepon", "aktif"]
        widgets = {"telepon": forms.TextInput(attrs={"inputmode": "tel"})}


class PotensiForm(FormKapital, forms.ModelForm):
    class Meta:
        model = PotensiDesa
        fields = [*ANGKA_POTENSI, *TEKS_POTENSI]
        widgets = {
            "program_air_bersih": forms.Textarea(attrs={"rows": 2}),
            "program_sanitasi": forms.Textarea(attrs={"rows": 2}),
            "lainnya": forms.Textarea(attrs={"rows": 2}),
        }


class KegiatanForm(FormKapital, forms.ModelForm):
    """Plan: what, when (month, optional date), where, with whom, paid by whom."""

    bulan = forms.CharField(
        label=_("bulan rencana"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
    )
    wilayah = forms.ChoiceField(label=_("wilayah"))
    instansi = forms.ModelMultipleChoiceField(
        label=_("instansi terlibat"),
        queryset=Instansi.objects.filter(aktif=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["judul", "kategori", "bulan", "tanggal_rencana", "sasaran", "wilayah"]

    class Meta:
        model = Kegiatan
        fields = [
            "judul",
            "kategori",
            "tanggal_rencana",
            "sasaran",
            "instansi",
            "mitra_lain",
            "sumber_dana",
            "anggaran",
            "catatan",
        ]
        widgets = {"tanggal_rencana": DateInput(), "catatan": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, desa, rt_boleh=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = pilihan_wilayah(desa, rt_boleh)
        k = self.instance
        if k.pk:
            self.initial["versi"] = k.versi
            self.initial["bulan"] = f"{k.bulan_rencana:%Y-%m}"
            self.initial["wilayah"] = (
                f"rt:{k.rt_id}"
                if k.rt_id
                else f"rw:{k.rw_id}"
                if k.rw_id
                else f"dusun:{k.dusun_id}"
                if k.dusun_id
                else "desa"
            )

    def clean_bulan(self):
        teks = self.cleaned_data["bulan"]
        try:
            tahun, bulan = (int(x) for x in teks.split("-")[:2])
            return dt.date(tahun, bulan, 1)
        except (ValueError, TypeError) as e:
            raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB.")) from e

    def clean(self):
        data = super().clean()
        if data.get("bulan"):
            # The model checks the planned date against the month: give it the new month.
            self.instance.bulan_rencana = data["bulan"]
        return data

    def data_model(self) -> dict:
        """The model fields for the service (the area goes separately)."""
        d = {k: v for k, v in self.cleaned_data.items() if k not in ("wilayah", "versi", "bulan")}
        d["bulan_rencana"] = self.cleaned_data["bulan"]
        return d


class RealisasiForm(FormKapital, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=kode.StatusKegiatan.choices)
    tanggal_realisasi = forms.DateField(
        label=_("tanggal pelaksanaan"), widget=DateInput(), required=False
    )
    jumlah_hadir = forms.IntegerField(label=_("jumlah peserta hadir"), min_value=0, required=False)
    catatan_realisasi = forms.CharField(
        label=_("catatan pelaksanaan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FotoForm(FormKapital, forms.Form):
    berkas = forms.FileField(
        label=_("foto (JPEG, PNG atau WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    keterangan = forms.CharField(label=_("keterangan"), max_length=200, required=False)


class RapatForm(FormKapital, forms.ModelForm):
    """The meeting: date, place, attendees (laporan.RapatBulanan) and the minutes (RapatDetail)."""

    tanggal = forms.DateField(label=_("tanggal rapat"), widget=DateInput())
    tempat = forms.CharField(label=_("tempat"), max_length=200)
    peserta = forms.CharField(
        label=_("peserta (satu nama per baris)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["tanggal", "jam_mulai", "jam_selesai", "tempat", "pemimpin", "peserta"]

    class Meta:
        model = RapatDetail
        fields = [
            "jam_mulai",
            "jam_selesai",
            "pemimpin",
            "pembicara",
            "notulen",
            "keputusan",
            "rencana",
            "notulis",
        ]
        widgets = {
            "jam_mulai": TimeInput(),
            "jam_selesai": TimeInput(),
            "pembicara": forms.Textarea(attrs={"rows": 3}),
            "notulen": forms.Textarea(attrs={"rows": 6}),
            "keputusan": forms.Textarea(attrs={"rows": 3}),
            "rencana": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, rapat=None, ditutup=False, **kwargs):
        super().__init__(*args, **kwargs)
        if rapat is not None:
            self.initial.update(tanggal=rapat.tanggal, tempat=rapat.tempat, peserta=rapat.peserta)
        if self.instance.pk:
            self.initial["versi"] = self.instance.versi
        if ditutup and rapat is not None:
            # The close recorded the date, place and attendees: they stay as recorded.
            for f in ("tanggal", "tempat", "peserta"):
                self.fields[f].disabled = True


class RumahDataKuForm(FormKapital, forms.ModelForm):
    """The Rumah DataKu profile (OFFICIAL.md §4); the level follows from the rule set."""

    sumber_dana = forms.MultipleChoiceField(
        label=_("sumber dana"),
        choices=kode.SumberDanaPortal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fasilitas = forms.MultipleChoiceField(
        label=_("fasilitas"),
        choices=kode.FasilitasRDK.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kelompok_data = forms.MultipleChoiceField(
        label=_("kelompok data yang dimiliki (selain yang sudah ada di aplikasi)"),
        choices=kode.KelompokData.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    penyajian = forms.MultipleChoiceField(
        label=_("cara penyajian data"),
        choices=kode.PenyajianData.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pemanfaatan = forms.MultipleChoiceField(
        label=_("pemanfaatan data"),
        choices=kode.PemanfaatanData.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RumahDataKu
        fields = [
            "sk_ada",
            "sk_nomor",
            "sk_tanggal",
            "sumber_dana",
            "fasilitas",
            "kelompok_data",
            "penyajian",
            "pemanfaatan",
            "catatan",
        ]
        widgets = {"sk_tanggal": DateInput(), "catatan": forms.Textarea(attrs={"rows": 2})}
