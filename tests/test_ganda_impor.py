"""At the door of the import (issue 19): a row that likely is someone already recorded (no NIK
or another one) is proposed on the preview; linking is off by default, a choice is part of the
preview's fingerprint, and a linked row updates the existing person instead of creating one."""

import datetime as dt

import pytest
from django.urls import reverse

from impor.models import Impor
from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import Anggota, PasanganGanda
from tests import factories as f
from tests.test_impor_opensid import KK1, keluarga_budi
from tests.test_impor_web import berkas, unggah


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desa_st(db):
    """Desa with "St. Aminah" (no NIK, born 5 Aug 1990) still on her parents' KK."""
    desa = f.DesaFactory(kode="3326012001", nama="Pakumbulan")
    kel = f.KeluargaFactory(desa=desa, rumah__rt=f.RTFactory(rw__dusun__desa=desa, nomor="001"))
    st = f.AnggotaFactory(
        keluarga=kel,
        nama="St. Aminah",
        nik=None,
        jenis_kelamin=kode.JenisKelamin.PEREMPUAN,
        tanggal_lahir=dt.date(1990, 8, 5),
    )
    return {"desa": desa, "st": st, "operator": f.persona(Peran.OPERATOR, desa=desa)}


def test_the_preview_proposes_the_likely_person_and_creates_anew_by_default(
    client, desa_st, tmp_path
):
    d = desa_st
    unggah(client, d["operator"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    usulan = impor.rincian["usulan_ganda"]
    assert [(u["nama"], u["anggota_id"], u["dipilih"]) for u in usulan] == [
        ("Siti Aminah", d["st"].pk, False)
    ]
    assert "NIK cocok dengan tanggal lahir" in usulan[0]["alasan"]
    isi = client.get(reverse("impor:pratinjau", args=[impor.pk])).content.decode()
    assert "Mungkin sudah tercatat" in isi and "St. Aminah" in isi
    assert impor.tautan == {}
    client.post(reverse("impor:simpan", args=[impor.pk]))
    assert Anggota.objects.filter(desa=d["desa"]).count() == 4  # linking is off by default
    # ... and the pair is then a stored candidate (the import refreshes the desa once).
    assert PasanganGanda.objects.filter(anggota_a=d["st"]).exists()


def test_a_link_changes_the_fingerprint_and_the_existing_person_is_used(client, desa_st, tmp_path):
    d = desa_st
    unggah(client, d["operator"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    sidik_awal = impor.sidik
    u = impor.rincian["usulan_ganda"][0]
    r = client.post(
        reverse("impor:tautan", args=[impor.pk]),
        {"tautan": [f"{u['kunci']}={u['anggota_id']}", f"{u['kunci']}=999999"]},
    )
    assert r.status_code == 302
    impor.refresh_from_db()
    assert impor.tautan == {u["kunci"]: d["st"].pk}  # only the proposed pair is accepted
    assert impor.sidik != sidik_awal and impor.menunggu_konfirmasi
    assert [x["dipilih"] for x in impor.rincian["usulan_ganda"]] == [True]

    client.post(reverse("impor:simpan", args=[impor.pk]))
    impor.refresh_from_db()
    assert impor.status == Impor.Status.TERSIMPAN
    st = Anggota.objects.get(pk=d["st"].pk)
    assert st.keluarga.no_kk == KK1 and st.nik == "3326014508900012"
    assert Anggota.objects.filter(desa=d["desa"]).count() == 3  # Budi, Andi and her
    andi = Anggota.objects.get(nama="Andi")
    assert andi.ibu_id == st.pk  # the file's mother NIK now names the linked person


def test_a_link_chosen_on_an_older_preview_is_refused_when_the_person_is_gone(
    client, desa_st, tmp_path
):
    d = desa_st
    unggah(client, d["operator"], berkas(tmp_path, keluarga_budi()))
    impor = Impor.objects.get()
    u = impor.rincian["usulan_ganda"][0]
    client.post(
        reverse("impor:tautan", args=[impor.pk]), {"tautan": f"{u['kunci']}={u['anggota_id']}"}
    )
    Anggota.objects.filter(pk=d["st"].pk).update(status_hidup=kode.StatusHidup.MENINGGAL)
    client.post(reverse("impor:simpan", args=[impor.pk]))
    impor.refresh_from_db()
    assert impor.status != Impor.Status.TERSIMPAN
    assert Anggota.objects.filter(desa=d["desa"]).count() == 1
