"""The family form shows the errors that have no visible field (the hidden `versi` lock's, the
form's own) at the top; dates typed with a two-digit year are refused (Indonesian formats)."""

import datetime as dt
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation

from keluarga.akses import Peran
from keluarga.models import Keluarga
from tests import factories as f


@pytest.fixture
def kel(db):
    d = f.DesaFactory(kode="3326012001")
    keluarga = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=d), desa=d)
    f.AnggotaFactory(keluarga=keluarga, hubungan="1", nama="Kepala")
    return keluarga


def _data_ubah(kel, versi, **ubah):
    """The edit form's POST for `kel` as the page showed it at version `versi`."""
    anggota = list(kel.anggota_set.all())
    data = {
        "kel-no_kk": kel.no_kk,
        "kel-rt": str(kel.rumah.rt_id),
        "kel-nomor_rumah": kel.rumah.nomor,
        "kel-alamat": kel.rumah.alamat,
        "kel-sumber_air": "ledeng",
        "kel-jamban": "sendiri_septic",
        "kel-versi": str(versi),
        "agt-TOTAL_FORMS": str(len(anggota)),
        "agt-INITIAL_FORMS": str(len(anggota)),
        "agt-MIN_NUM_FORMS": "0",
        "agt-MAX_NUM_FORMS": "1000",
    }
    for i, a in enumerate(anggota):
        for k, v in {
            "id": str(a.pk),
            "keluarga": str(kel.pk),
            "nik": a.nik or "",
            "nama": a.nama,
            "jenis_kelamin": a.jenis_kelamin,
            "tanggal_lahir": a.tanggal_lahir.isoformat(),
            "hubungan": a.hubungan,
            "status_kawin": a.status_kawin,
            "keberadaan": "di_dalam",
            "terima_peringatan_nik": "on",
        }.items():
            data[f"agt-{i}-{k}"] = v
    data.update(ubah)
    return data


def _galat_atas(html):
    """The texts of the error boxes (class "pesan pesan-error") above the form's first section."""
    atas = html[: html.index('<section class="kartu">')]
    return " ".join(
        re.sub(r"<[^>]+>", " ", m)
        for m in re.findall(r'class="pesan pesan-error"[^>]*>(.*?)</(?:p|div)>', atas, re.S)
    )


def test_a_stale_versi_is_refused_with_the_indonesian_message_at_the_top(client, kel):
    admin = f.persona(Peran.ADMIN_DESA, desa=kel.desa)
    operator = f.persona(Peran.OPERATOR, desa=kel.desa)
    url = reverse("keluarga:ubah", args=[kel.pk])
    versi_halaman = kel.versi  # both pages opened at this version
    client.force_login(admin)
    pertama = client.post(url, _data_ubah(kel, versi_halaman, **{"kel-sumber_air": "kemasan"}))
    assert pertama.status_code == 302
    client.force_login(operator)
    r = client.post(url, _data_ubah(kel, versi_halaman, **{"kel-sumber_air": "air_hujan"}))
    assert r.status_code == 409
    assert "sudah diubah orang lain sejak Anda membukanya" in _galat_atas(r.content.decode())
    assert Keluarga.objects.get(pk=kel.pk).sumber_air == "kemasan"


def test_an_error_on_the_hidden_versi_field_is_shown_at_the_top(client, kel):
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=kel.desa))
    r = client.post(reverse("keluarga:ubah", args=[kel.pk]), _data_ubah(kel, "bukan-angka"))
    assert r.status_code == 200
    with translation.override("id"):
        pesan = str(forms.IntegerField.default_error_messages["invalid"])
    assert pesan != "Enter a whole number."  # the Indonesian catalogue is active
    assert pesan in _galat_atas(r.content.decode())
    assert Keluarga.objects.get(pk=kel.pk).versi == kel.versi


def test_a_date_with_a_two_digit_year_is_refused():
    # Forms take DATE_INPUT_FORMATS from rumahdataku/formats/id (FORMAT_MODULE_PATH, LANGUAGE_CODE).
    with translation.override("id"):
        assert formats.get_format_modules()[0].__name__ == "rumahdataku.formats.id.formats"
        assert not [f for f in formats.get_format("DATE_INPUT_FORMATS") if "%y" in f]
        tanggal = forms.DateField()
        assert tanggal.clean("13/02/2020") == dt.date(2020, 2, 13)
        assert tanggal.clean("13-02-2020") == dt.date(2020, 2, 13)
        assert tanggal.clean("2020-02-13") == dt.date(2020, 2, 13)
        for teks in ("13/02/20", "13-02-20", "1/2/20"):
            with pytest.raises(forms.ValidationError, match="Masukkan tanggal yang valid"):
                tanggal.clean(teks)
