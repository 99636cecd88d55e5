"""Forms of the family-assistance records; validation lives in the models (Indonesian messages)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from keluarga import kode as kk
from keluarga.forms import DateInput, FormKapital
from pendampingan.models import Catin, Kunjungan, Rujukan, Skrining, TimPendamping

_ANGKA = {"inputmode": "decimal"}


class CatinForm(FormKapital, forms.ModelForm):
    class Meta:
        model = Catin
        fields = [
            "nama",
            "nik",
            "tanggal_lahir",
            "rt",
            "pasangan_nama",
            "pasangan_nik",
            "pasangan_luar_desa",
            "rencana_nikah",
            "tanggal_daftar",
        ]
        widgets = {
            "tanggal_daftar": DateInput(),
            "tanggal_lahir": DateInput(),
            "rencana_nikah": DateInput(),
            "nik": forms.TextInput(attrs={"inputmode": "numeric"}),
            "pasangan_nik": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, rt_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rt"].queryset = rt_qs
        self.fields["rt"].label = _("RT tempat tinggal")


class SkriningForm(FormKapital, forms.ModelForm):
    class Meta:
        model = Skrining
        fields = ["tanggal", "berat", "tinggi", "lila", "hb"]
        widgets = {
            "tanggal": DateInput(),
            "berat": forms.NumberInput(attrs=_ANGKA),
            "tinggi": forms.NumberInput(attrs=_ANGKA),
            "lila": forms.NumberInput(attrs=_ANGKA),
            "hb": forms.NumberInput(attrs=_ANGKA),
        }


_CENTANG = ["konseling", "dirujuk", "bansos"]


class KunjunganForm(FormKapital, forms.ModelForm):
    """A visit; the measures and services shown depend on the target group."""

    class Meta:
        model = Kunjungan
        fields = [
            "tanggal",
            "berat",
            "lila",
            "hb",
            "tablet_tambah_darah",
            "periksa_anc",
            *_CENTANG,
            "catatan",
        ]
        widgets = {
            "tanggal": DateInput(),
            "berat": forms.NumberInput(attrs=_ANGKA),
            "lila": forms.NumberInput(attrs=_ANGKA),
            "hb": forms.NumberInput(attrs=_ANGKA),
        }

    def __init__(self, *args, sasaran: str, **kwargs):
        super().__init__(*args, **kwargs)
        if sasaran != "ibu_hamil":
            for f in ("berat", "lila", "hb", "tablet_tambah_darah", "periksa_anc"):
                del self.fields[f]


class KunjunganNifasForm(KunjunganForm):
    """A postpartum visit; the mother may start a KB method at it."""

    metode = forms.ChoiceField(
        label=_("Mulai ber-KB (metode)"),
        choices=[("", _("— belum —")), *kk.MetodeKB.choices],
        required=False,
    )
    metode_mulai = forms.DateField(label=_("Tanggal mulai KB"), widget=DateInput(), required=False)

    def clean(self):
        d = super().clean()
        if d.get("metode") and not d.get("metode_mulai"):
            d["metode_mulai"] = d.get("tanggal")
        return d


class NikahForm(FormKapital, forms.Form):
    tanggal_nikah = forms.DateField(label=_("Tanggal nikah"), widget=DateInput())
    anggota = forms.ModelChoiceField(
        label=_("Data anggota (dicocokkan dari nama dan tanggal lahir, atau NIK)"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, kandidat, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anggota"].queryset = kandidat
        self.fields["anggota"].label_from_instance = lambda a: (
            f"{a.nama} · {a.tanggal_lahir:%d-%m-%Y} · KK {a.keluarga.no_kk[-4:]}"
        )


class RujukanForm(FormKapital, forms.ModelForm):
    class Meta:
        model = Rujukan
        fields = ["tanggal", "tujuan", "hasil", "tindak_lanjut", "selesai"]
        widgets = {"tanggal": DateInput(), "selesai": DateInput()}


class TimForm(FormKapital, forms.ModelForm):
    class Meta:
        model = TimPendamping
        fields = ["nama", "rt", "anggota"]
        widgets = {
            "rt": forms.CheckboxSelectMultiple,
            "anggota": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, rt_qs, kader_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rt"].queryset = rt_qs
        self.fields["rt"].label_from_instance = lambda r: f"RW {r.rw.nomor} / RT {r.nomor}"
        self.fields["anggota"].queryset = kader_qs
        self.fields["anggota"].required = False
