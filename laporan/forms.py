from django import forms
from django.utils.translation import gettext_lazy as _

from keluarga.forms import DateInput


class TutupBulanForm(forms.Form):
    tanggal = forms.DateField(label=_("tanggal rapat"), widget=DateInput())
    tempat = forms.CharField(label=_("tempat"), max_length=200)
    peserta = forms.CharField(
        label=_("peserta (satu nama per baris)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    catatan = forms.CharField(
        label=_("catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BukaKembaliForm(forms.Form):
    alasan = forms.CharField(
        label=_("alasan membuka kembali"), widget=forms.Textarea(attrs={"rows": 2})
    )
