"""A duplicate NIK or No KK never tells about a person or family outside the user's scope
(issue 13, note 1): no village, name, family link or status — in forms, services and the
importer. NIK and No KK are unique across the database, so the refusal itself stays."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keluarga import services
from keluarga.akses import Peran
from keluarga.models import Anggota, Keluarga
from tests import factories as f
from tests.test_views_keluarga import TIGA, data_keluarga

NETRAL = "NIK ini sudah terdaftar dan tidak dapat dipakai lagi"


@pytest.fixture
def dua(db):
    a = f.DesaFactory(kode="3326012001", nama="Sukamaju")
    b = f.DesaFactory(kode="3326012099", nama="Tetanggajauh")
    rt1 = f.RTFactory(rw__dusun__desa=a, nomor="001")
    rt2 = f.RTFactory(rw__dusun__desa=a, nomor="002")
    rt_b = f.RTFactory(rw__dusun__desa=b)
    kel_b = f.KeluargaFactory(rumah__rt=rt_b, desa=b, no_kk="3326010101269999")
    orang_b = f.AnggotaFactory(keluarga=kel_b, nama="Rahasia Tetangga", nik=TIGA[0]["nik"])
    return {
        "a": a,
        "b": b,
        "rt1": rt1,
        "rt2": rt2,
        "kel_a": f.KeluargaFactory(rumah__rt=rt1, desa=a),
        "kel_b": kel_b,
        "orang_b": orang_b,
        "admin": f.persona(Peran.ADMIN_DESA, desa=a),
    }


def _tidak_bercerita(html: str, dua, orang=None):
    orang = orang or dua["orang_b"]
    for rahasia in (
        orang.nama,
        dua["b"].nama,
        dua["kel_b"].no_kk,
        f"/keluarga/{orang.keluarga_id}/",
        "desa lain",
        "di luar wilayah",
        "sudah meninggal",
        "Pindah ke desa lain",
        "tinggal di desa",
    ):
        assert rahasia not in html, rahasia


def test_the_duplicate_nik_message_tells_nothing_about_another_village(client, dua):
    client.force_login(dua["admin"])
    r = client.post(reverse("keluarga:buat"), data_keluarga(dua["rt1"], anggota=TIGA))
    html = r.content.decode()
    assert r.status_code == 200 and NETRAL in html
    _tidak_bercerita(html, dua)
    assert not Keluarga.objects.filter(no_kk="3326010101250001").exists()


def test_the_duplicate_nik_message_names_no_one_outside_a_kaders_regions(client, dua):
    di_rt2 = f.AnggotaFactory(
        keluarga=f.KeluargaFactory(rumah__rt=dua["rt2"], desa=dua["a"]),
        nama="Warga RT Dua",
        nik=TIGA[1]["nik"],
    )
    kader = f.persona(Peran.KADER, desa=dua["a"], rt=[dua["rt1"]])
    client.force_login(kader)
    r = client.post(reverse("keluarga:buat"), data_keluarga(dua["rt1"], anggota=TIGA[1:]))
    html = r.content.decode()
    assert NETRAL in html
    assert "Warga RT Dua" not in html and f"/keluarga/{di_rt2.keluarga_id}/" not in html


def test_the_duplicate_no_kk_message_tells_nothing_about_another_village(client, dua):
    client.force_login(dua["admin"])
    r = client.post(
        reverse("keluarga:buat"), data_keluarga(dua["rt1"], no_kk=dua["kel_b"].no_kk, anggota=[])
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Keluarga dengan No KK telah ada." in html
    for rahasia in (
        dua["b"].nama,
        "desa lain",
        "Rahasia Tetangga",
        f"/keluarga/{dua['kel_b'].pk}/",
    ):
        assert rahasia not in html
    assert Keluarga.objects.filter(no_kk=dua["kel_b"].no_kk).count() == 1


def _datang(orang, kel):
    return {
        "tanggal": "2026-02-01",
        "nik": orang.nik,
        "nama": "Pendatang",
        "jenis_kelamin": orang.jenis_kelamin,
        "tanggal_lahir": orang.tanggal_lahir.isoformat(),
        "hubungan": "9",
        "status_kawin": "belum_kawin",
        "keberadaan": "di_dalam",
        "versi": kel.versi,
    }


@pytest.mark.parametrize("status", ["pindah", "meninggal", "hidup"])
def test_a_move_in_with_the_nik_of_another_villages_person_tells_nothing(client, dua, status):
    orang_b = dua["orang_b"]
    Anggota.objects.filter(pk=orang_b.pk).update(status_hidup=status)
    client.force_login(dua["admin"])
    kel = dua["kel_a"]
    r = client.post(reverse("keluarga:datang", args=[kel.pk]), _datang(orang_b, kel))
    html = r.content.decode()
    assert r.status_code == 200 and NETRAL in html
    _tidak_bercerita(html, dua)
    orang_b.refresh_from_db()
    assert (orang_b.keluarga_id, orang_b.status_hidup) == (dua["kel_b"].pk, status)


@pytest.mark.parametrize("status", ["pindah", "meninggal", "hidup"])
def test_the_move_in_service_tells_nothing_about_another_villages_person(dua, status):
    Anggota.objects.filter(pk=dua["orang_b"].pk).update(status_hidup=status)
    with pytest.raises(ValidationError) as e:
        services.catat_datang(
            keluarga=dua["kel_a"],
            tanggal=dt.date(2026, 2, 1),
            nik=dua["orang_b"].nik,
            nama="Pendatang",
            jenis_kelamin="P",
            tanggal_lahir=dt.date(1990, 1, 1),
            hubungan="9",
            status_kawin="belum_kawin",
        )
    (pesan,) = e.value.message_dict["nik"]
    assert NETRAL in pesan
    _tidak_bercerita(pesan, dua)


def test_the_move_in_service_names_no_one_for_a_living_person_of_the_same_village(dua):
    sini = f.AnggotaFactory(keluarga=dua["kel_a"], nama="Warga Sini")
    with pytest.raises(ValidationError) as e:
        services.catat_datang(
            keluarga=dua["kel_a"],
            tanggal=dt.date(2026, 2, 1),
            nik=sini.nik,
            nama="Pendatang",
            jenis_kelamin="P",
            tanggal_lahir=dt.date(1990, 1, 1),
            hubungan="9",
            status_kawin="belum_kawin",
        )
    (pesan,) = e.value.message_dict["nik"]
    assert "sudah tercatat tinggal di desa ini" in pesan and "Warga Sini" not in pesan
