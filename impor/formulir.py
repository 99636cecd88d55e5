"""The upload form of the browser import."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from impor.baca import OPENSID, RUMAHDATAKU

# The same 20 MB as the request cap of the upload URL (settings.RUMAHDATAKU_BATAS_UNGGAH) and
# nginx's client_max_body_size (docs/DEPLOY.md).
MAKS_MB_BAWAAN = 20


def maks_mb() -> int:
    return int(getattr(settings, "RUMAHDATAKU_IMPOR_MAKS_MB", MAKS_MB_BAWAAN))


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Kenali otomatis")),
            (RUMAHDATAKU, _("Templat atau ekspor Rumah Dataku")),
            (OPENSID, _("Data penduduk OpenSID")),
        ],
    )
    desa = forms.ModelChoiceField(label=_("Desa tujuan"), queryset=None, empty_label=None)

    def __init__(self, *args, desa_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_qs
        semua = list(desa_qs[:2])
        # The usual case: the user's one desa, nothing to choose.
        self.desa_tunggal = semua[0] if len(semua) == 1 else None
        if self.desa_tunggal is not None:
            del self.fields["desa"]

    def clean(self):
        data = super().clean()
        if self.desa_tunggal is not None:
            data["desa"] = self.desa_tunggal
        return data

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > maks_mb() * 1024 * 1024:
            raise forms.ValidationError(
                _("Berkas lebih besar dari %(n)s MB. Bagi datanya per dusun.") % {"n": maks_mb()}
            )
        return berkas
