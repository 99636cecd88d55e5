"""Activities: planning from a saved list, realisation, families reached, follow-up from data."""

# Fixtures are imported from the module that defines them; pytest injects them by name.
# ruff: noqa: F811

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kampungkb import akses as ka
from kampungkb import services
from kampungkb.models import Kegiatan, SasaranKegiatan
from kampungkb.ringkasan import ringkasan_kepala_desa
from kampungkb.tindak_lanjut import tindak_lanjut
from keluarga import services as ks
from keluarga.models import Anggota, LogAkses
from tests import factories as f
from tests.test_definisi import desa_kecil  # noqa: F401
from tests.test_kampungkb import desa, orang, simpan_daftar  # noqa: F401

RENCANA = {
    "judul": "Penyuluhan KB pasca persalinan",
    "kategori": "kkbpk",
    "bulan_rencana": dt.date(2026, 10, 1),
    "sasaran": "PUS unmet need",
    "sumber_dana": "dana_desa",
}


@pytest.fixture
def unmet(desa):
    """Two PUS with unmet need in October: F2 (TIAL, RT 1) and I2 (IAT from 25 Oct, RT 2)."""
    i2 = Anggota.objects.get(nama="I2")
    ks.set_status_kb(anggota=i2, alasan="iat", mulai=dt.date(2026, 10, 25))
    return {"f2": Anggota.objects.get(nama="F2"), "i2": i2, "daftar": simpan_daftar(desa)}


def rencanakan(desa, daftar=None, wilayah="desa", oleh=None, **extra):
    return services.rencanakan_kegiatan(
        desa=desa, data={**RENCANA, **extra}, wilayah=wilayah, daftar=daftar, oleh=oleh
    )


def laksanakan(kegiatan, tanggal=dt.date(2026, 10, 28)):
    return services.catat_realisasi(
        kegiatan=kegiatan,
        status="terlaksana",
        tanggal_realisasi=tanggal,
        jumlah_hadir=12,
        catatan_realisasi="",
        oleh=None,
        versi=kegiatan.versi,
    )


def test_planning_from_a_saved_list_takes_its_rows_inside_the_area_as_targets(desa, unmet):
    semua = rencanakan(desa, unmet["daftar"])
    assert set(semua.sasaran_set.values_list("anggota__nama", flat=True)) == {"F2", "I2"}
    assert semua.jenis_daftar == "unmet_need"
    rt1 = rencanakan(desa, unmet["daftar"], wilayah=f"rt:{desa.rt1.pk}")
    assert list(rt1.sasaran_set.values_list("anggota__nama", flat=True)) == ["F2"]


def test_a_saved_list_of_another_desa_is_refused(desa, unmet):
    lain = f.DesaFactory()
    with pytest.raises(ValidationError, match="desa ini"):
        services.rencanakan_kegiatan(
            desa=lain, data=RENCANA, wilayah="desa", daftar=unmet["daftar"], oleh=None
        )


def test_a_kader_plans_only_inside_own_regions(client, desa, orang, unmet):
    client.force_login(orang["kader"])
    url = reverse("kampungkb:kegiatan_baru", args=[desa.kode]) + f"?daftar={unmet['daftar'].pk}"
    isian = {"judul": "Kunjungan rumah", "kategori": "kkbpk", "bulan": "2026-10"}
    r = client.post(url, {**isian, "wilayah": "desa"})
    assert r.status_code == 200 and not Kegiatan.objects.exists()  # not offered, not accepted
    r = client.post(url, {**isian, "wilayah": f"rt:{desa.rt2.pk}"})
    assert r.status_code == 200 and not Kegiatan.objects.exists()
    r = client.post(url, {**isian, "wilayah": f"rt:{desa.rt1.pk}"})
    assert r.status_code == 302
    k = Kegiatan.objects.get()
    assert list(k.sasaran_set.values_list("anggota__nama", flat=True)) == ["F2"]


def test_realisation_records_the_date_and_the_families_reached(client, desa, orang, unmet):
    k = rencanakan(desa, unmet["daftar"])
    client.force_login(orang["operator"])
    r = client.post(
        reverse("kampungkb:kegiatan_realisasi", args=[k.pk]),
        {
            "status": "terlaksana",
            "tanggal_realisasi": "2026-10-28",
            "jumlah_hadir": "15",
            "versi": k.versi,
        },
    )
    assert r.status_code == 302
    k.refresh_from_db()
    assert k.status == "terlaksana" and k.tanggal_realisasi == dt.date(2026, 10, 28)
    f2 = k.sasaran_set.get(anggota=unmet["f2"])
    r = client.post(reverse("kampungkb:kegiatan_centang", args=[k.pk]), {"dicapai": [f2.pk]})
    assert r.status_code == 302
    assert list(k.sasaran_set.filter(dicapai=True).values_list("anggota__nama", flat=True)) == [
        "F2"
    ]
    f2.refresh_from_db()
    assert f2.dicentang_oleh == orang["operator"]
    # Unticking is a tick too: the list posted is the whole truth for the user's scope.
    client.post(reverse("kampungkb:kegiatan_centang", args=[k.pk]), {})
    assert not k.sasaran_set.filter(dicapai=True).exists()


def test_a_kader_cannot_tick_a_family_outside_own_regions(client, desa, orang, unmet):
    k = laksanakan(rencanakan(desa, unmet["daftar"]))
    i2 = k.sasaran_set.get(anggota=unmet["i2"])  # RT 2
    f2 = k.sasaran_set.get(anggota=unmet["f2"])  # RT 1
    client.force_login(orang["kader"])  # kader of RT 1
    halaman = client.get(reverse("kampungkb:kegiatan", args=[k.pk])).content.decode()
    # A CSRF token (the header's, the tick form's) may spell "I2" by chance: leave tokens out.
    halaman = re.sub(r'value="[A-Za-z0-9]{32,}"', "", halaman[halaman.index("<main") :])
    assert "F2" in halaman and "I2" not in halaman
    assert "1 sasaran lain di luar wilayah Anda" in halaman
    r = client.post(
        reverse("kampungkb:kegiatan_centang", args=[k.pk]), {"dicapai": [f2.pk, i2.pk]}, follow=True
    )
    assert "di luar wilayah Anda" in r.content.decode()
    assert not SasaranKegiatan.objects.filter(dicapai=True).exists()  # nothing saved
    with pytest.raises(ValidationError):
        services.centang_sasaran(
            kegiatan=k,
            boleh=ka.sasaran_boleh_centang(orang["kader"], k),
            dicapai={i2.pk},
            oleh=orang["kader"],
        )
    client.post(reverse("kampungkb:kegiatan_centang", args=[k.pk]), {"dicapai": [f2.pk]})
    assert list(SasaranKegiatan.objects.filter(dicapai=True)) == [f2]


def test_a_kader_may_view_but_not_change_a_desa_wide_activity(client, desa, orang):
    k = rencanakan(desa)
    client.force_login(orang["kader"])
    assert client.get(reverse("kampungkb:kegiatan", args=[k.pk])).status_code == 200
    assert client.get(reverse("kampungkb:kegiatan_ubah", args=[k.pk])).status_code == 403
    r = client.post(
        reverse("kampungkb:kegiatan_realisasi", args=[k.pk]),
        {"status": "batal", "versi": k.versi},
    )
    assert r.status_code == 403


def test_targets_are_ticked_only_after_the_activity_took_place(desa, unmet):
    k = rencanakan(desa, unmet["daftar"])
    with pytest.raises(ValidationError, match="pelaksanaan"):
        services.centang_sasaran(kegiatan=k, boleh=k.sasaran_set.all(), dicapai=set(), oleh=None)


def test_a_realised_activity_needs_its_date(desa):
    k = rencanakan(desa)
    with pytest.raises(ValidationError, match="tanggal pelaksanaan"):
        services.catat_realisasi(
            kegiatan=k,
            status="terlaksana",
            tanggal_realisasi=None,
            jumlah_hadir=None,
            catatan_realisasi="",
            oleh=None,
            versi=k.versi,
        )


def test_a_stale_activity_form_is_refused_not_merged(desa):
    k = rencanakan(desa)
    versi = k.versi
    services.ubah_kegiatan(kegiatan=k, data={"judul": "A"}, wilayah="desa", oleh=None, versi=versi)
    basi = Kegiatan.objects.get(pk=k.pk)
    basi.versi = versi
    with pytest.raises(services.KonflikEdit):
        services.ubah_kegiatan(
            kegiatan=basi, data={"judul": "B"}, wilayah="desa", oleh=None, versi=versi
        )
    assert Kegiatan.objects.get(pk=k.pk).judul == "A"


def test_follow_up_counts_a_reached_pus_who_starts_a_method_the_next_month(desa, unmet):
    k = laksanakan(rencanakan(desa, unmet["daftar"]))
    services.centang_sasaran(
        kegiatan=k,
        boleh=k.sasaran_set.all(),
        dicapai={k.sasaran_set.get(anggota=unmet["f2"]).pk},
        oleh=None,
    )
    ks.set_status_kb(anggota=unmet["f2"], metode="implan", mulai=dt.date(2026, 11, 10), baru=True)
    tl = tindak_lanjut(k, sampai=dt.date(2026, 12, 15))
    assert [b["bulan"] for b in tl["bulan"]] == ["2026-10", "2026-11", "2026-12"]
    okt, nov, des = tl["bulan"]
    assert (tl["dicapai"], tl["tidak_dicapai"]) == (1, 1)
    assert okt["dicapai"]["ber_kb"] == 0 and okt["dicapai"]["masih_dalam_daftar"] == 1
    assert nov["dicapai"]["ber_kb"] == 1 and nov["dicapai"]["mkjp"] == 1
    assert nov["dicapai"]["masih_dalam_daftar"] == 0 and des["dicapai"]["ber_kb"] == 1
    # The target not reached (I2, IAT) is still unmet need: the comparison group.
    assert nov["tidak_dicapai"]["unmet_need"] == 1 and nov["tidak_dicapai"]["ber_kb"] == 0
    assert nov["sel_dicapai"][0] == 0  # the same figures in column order for the template


def test_follow_up_of_a_family_list_counts_who_is_still_on_it(desa):
    daftar = simpan_daftar(desa, "kurang_mampu")
    k = laksanakan(rencanakan(desa, daftar, kategori="ekonomi"))
    services.centang_sasaran(
        kegiatan=k,
        boleh=k.sasaran_set.all(),
        dicapai=set(k.sasaran_set.values_list("pk", flat=True)),
        oleh=None,
    )
    tl = tindak_lanjut(k, sampai=dt.date(2026, 11, 1))
    assert [c for c, _l in tl["kolom"]] == ["masih_dalam_daftar", "keluar_dari_daftar"]
    assert tl["bulan"][-1]["dicapai"] == {"masih_dalam_daftar": 3, "keluar_dari_daftar": 0}


def test_no_follow_up_before_the_activity_took_place(desa, unmet):
    assert tindak_lanjut(rencanakan(desa, unmet["daftar"])) is None
    assert tindak_lanjut(laksanakan(rencanakan(desa))) is None  # no list of targets


def test_follow_up_query_count_does_not_grow_with_targets(
    desa, unmet, django_assert_max_num_queries
):
    k = laksanakan(rencanakan(desa, unmet["daftar"]))
    with CaptureQueriesContext(connection) as awal:
        tindak_lanjut(k, sampai=dt.date(2026, 11, 1))
    for a in Anggota.objects.filter(nama__in=["A2", "B3", "H2"]):
        SasaranKegiatan.objects.create(kegiatan=k, keluarga=a.keluarga, anggota=a, dicapai=True)
    with django_assert_max_num_queries(len(awal.captured_queries)):
        tindak_lanjut(k, sampai=dt.date(2026, 11, 1))


def test_the_kepala_desa_summary_has_last_months_plan_vs_realisation_and_this_months_plan(desa):
    laksanakan(rencanakan(desa, judul="Penyuluhan"))
    k2 = rencanakan(desa, judul="Kelas BKB")
    services.catat_realisasi(
        kegiatan=k2,
        status="ditunda",
        tanggal_realisasi=None,
        jumlah_hadir=None,
        catatan_realisasi="hujan",
        oleh=None,
        versi=k2.versi,
    )
    rencanakan(desa, judul="Pelayanan KB", bulan_rencana=dt.date(2026, 11, 1))
    r = ringkasan_kepala_desa(desa, dt.date(2026, 11, 20))
    lalu, ini = r["bulan_lalu"], r["bulan_ini"]
    assert (lalu["label"], lalu["jumlah"], lalu["terlaksana"], lalu["ditunda"]) == (
        "Oktober 2026",
        2,
        1,
        1,
    )
    assert lalu["persen_terlaksana"] == 50.0
    assert [k["judul"] for k in ini["kegiatan"]] == ["Pelayanan KB"]
    assert ini["label"] == "November 2026"


def test_viewing_the_targets_is_recorded_in_the_access_log(client, desa, orang, unmet):
    k = rencanakan(desa, unmet["daftar"])
    client.force_login(orang["penyuluh"])
    assert client.get(reverse("kampungkb:kegiatan", args=[k.pk])).status_code == 200
    assert LogAkses.objects.filter(user=orang["penyuluh"], jenis="daftar_nama").exists()
