"""Reports for an area of the desa: a kader's own regions and the Kampung KB area.

The hand-counted village of tests/test_definisi.py: RT 1 holds families A, B, F, G; RT 2 holds
C, D, E, H, I. Every expected number below is counted by hand for RT 2 on 31 October 2026.
"""

import datetime as dt
import json

import jsonschema
import pytest
from django.urls import reverse

from kampungkb.models import ProfilKampungKB
from keluarga import services as ks
from keluarga.akses import Peran
from keluarga.models import Keluarga
from laporan import services
from laporan.wilayah import KAMPUNG_KB, wilayah_kader, wilayah_kampung_kb, wilayah_untuk
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)
from tests.test_laporan import RAPAT, SKEMA


@pytest.fixture
def kampung(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata


@pytest.fixture
def kkb_rt2(kampung):
    """A Kampung KB whose area is RT 2 only."""
    profil = ProfilKampungKB.objects.create(
        desa=kampung["desa"], nama="Kampung KB Sakinah", cakupan="sebagian"
    )
    profil.cakupan_rt.add(kampung["rt2"])
    return profil


def test_area_report_of_rt_2_equals_the_hand_counts(kampung):
    w = wilayah_kader(kampung["desa"], [kampung["rt2"].pk])
    r = services.laporan_bulan(kampung["desa"], 2026, 10, wilayah=w)
    jsonschema.validate(json.loads(json.dumps(r)), SKEMA)
    assert r["wilayah"]["rt"] == [kampung["rt2"].pk]
    # C1 C2 C3 D2 E2 H2 I2 I3 are women; D1 D3 H1 I1 I4 men (E1 died on the last day).
    assert r["penduduk"]["jumlah"] == {"L": 5, "P": 8, "total": 13}
    assert r["penduduk"]["balita"] == 2  # I4, I3
    assert r["penduduk"]["ibu_hamil"] == 2  # C3, D2
    assert r["keluarga"]["jumlah"] == 5  # C, D, E, H, I
    kb = r["kb"]
    assert kb["pus"] == 3  # D2 (hamil), H2 (IUD), I2 (IAS); E2 is a widow now
    assert kb["peserta_aktif"]["total"] == 1 and kb["peserta_aktif"]["iud"] == 1
    assert kb["tidak_kb"] == {"hamil": 1, "ias": 1, "iat": 0, "tial": 0}
    assert kb["cpr"] == 33.3 and kb["unmet_need_persen"] == 0.0
    assert r["daftar"]["unmet_need"] == 0 and r["daftar"]["ibu_hamil"] == 2
    assert [w_["tingkat"] for w_ in r["per_wilayah"]] == ["dusun", "rw", "rt"]


def test_area_population_flow_balances_by_hand(kampung):
    w = wilayah_kader(kampung["desa"], [kampung["rt2"].pk])
    m = services.laporan_bulan(kampung["desa"], 2026, 10, wilayah=w)["mutasi"]
    assert m["awal"] == {"L": 5, "P": 7, "total": 12}  # D3 was away; E1 alive
    assert m["lahir"] == {"L": 0, "P": 1, "total": 1}  # I3
    assert m["datang"] == {"L": 1, "P": 0, "total": 1}  # D3 came back
    assert m["meninggal"] == {"L": 1, "P": 0, "total": 1}  # E1
    assert m["pindah"] == {"L": 0, "P": 0, "total": 0}
    assert m["pindah_antar_wilayah"] == {"L": 0, "P": 0, "total": 0}
    assert m["akhir"] == {"L": 5, "P": 8, "total": 13}


def test_a_family_moving_between_rts_is_the_net_move_of_both_areas(kampung):
    desa = kampung["desa"]
    g = Keluarga.objects.get(anggota_set__nama="G1")  # G1 (L) and G2 (P) in RT 1
    ks.pindah_rumah(
        keluarga=g, rumah=f.RumahFactory(rt=kampung["rt2"]), tanggal=dt.date(2026, 10, 10)
    )
    rt1 = services.laporan_bulan(desa, 2026, 10, wilayah=wilayah_kader(desa, [kampung["rt1"].pk]))
    rt2 = services.laporan_bulan(desa, 2026, 10, wilayah=wilayah_kader(desa, [kampung["rt2"].pk]))
    assert rt2["mutasi"]["pindah_antar_wilayah"] == {"L": 1, "P": 1, "total": 2}
    assert rt1["mutasi"]["pindah_antar_wilayah"] == {"L": -1, "P": -1, "total": -2}
    assert rt2["mutasi"]["akhir"] == {"L": 6, "P": 9, "total": 15}
    assert rt1["mutasi"]["awal"]["total"] == 13 and rt1["mutasi"]["akhir"]["total"] == 11
    for r in (rt1, rt2):
        m = r["mutasi"]
        for jk in ("L", "P", "total"):
            assert (
                m["awal"][jk]
                + m["lahir"][jk]
                + m["datang"][jk]
                - m["meninggal"][jk]
                - m["pindah"][jk]
                + m["pindah_antar_wilayah"][jk]
                == m["akhir"][jk]
            )
    # The two areas together are the desa, in the same month.
    semua = services.laporan_bulan(desa, 2026, 10)
    assert rt1["kb"]["pus"] + rt2["kb"]["pus"] == semua["kb"]["pus"]
    jumlah = rt1["penduduk"]["jumlah"]["total"] + rt2["penduduk"]["jumlah"]["total"]
    assert jumlah == semua["penduduk"]["jumlah"]["total"]


def test_a_kader_sees_only_their_regions_and_cannot_widen_them(kampung, client, kkb_rt2):
    desa = kampung["desa"]
    kader = f.persona(Peran.KADER, desa=desa, rt=[kampung["rt1"]])
    assert wilayah_untuk(kader, desa, KAMPUNG_KB).rt_ids == (kampung["rt1"].pk,)
    client.force_login(kader)
    for q in ("", "?wilayah=kampung-kb"):
        r = client.get(reverse("laporan:bulanan_json", args=[desa.kode, "2026-10"]) + q)
        assert r.status_code == 200
        assert r.json()["wilayah"]["rt"] == [kampung["rt1"].pk]
        assert r.json()["penduduk"]["jumlah"]["total"] == 13  # RT 1 only
    kw = {"kode": desa.kode, "bulan": "2026-10", "nama": "piramida", "fmt": "svg"}
    r = client.get(reverse("grafik:grafik", kwargs=kw))
    assert r.status_code == 200 and b"<svg" in r.content
    r = client.get(reverse("laporan:dasbor", args=[desa.kode, "2026-10"]))
    assert r.status_code == 200 and r.context["lap"]["wilayah"]["rt"] == [kampung["rt1"].pk]
    assert "Wilayah binaan kader" in r.content.decode()
    assert not r.context["pilihan_kkb"]


def test_admin_switches_to_the_kampung_kb_area(kampung, client, kkb_rt2):
    desa = kampung["desa"]
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    client.force_login(admin)
    url = reverse("laporan:bulanan", args=[desa.kode, "2026-10"])
    r = client.get(url)
    assert "wilayah" not in r.context["lap"] and r.context["pilihan_kkb"]
    assert "?wilayah=kampung-kb" in r.content.decode()
    r = client.get(url + "?wilayah=kampung-kb")
    assert r.context["lap"]["wilayah"]["nama"] == "Wilayah Kampung KB Sakinah"
    assert r.context["lap"]["penduduk"]["jumlah"]["total"] == 13
    assert reverse("laporan:excel", args=[desa.kode, "2026-10"]) + "?wilayah=kampung-kb" in (
        r.content.decode()
    )
    x = client.get(reverse("laporan:bulanan_json", args=[desa.kode, "2026-10"]) + "?wilayah=x")
    assert "wilayah" not in x.json()  # an unknown area is the whole desa


def test_a_whole_desa_kampung_kb_offers_no_switch(kampung):
    ProfilKampungKB.objects.create(desa=kampung["desa"], nama="Kampung KB", cakupan="desa")
    assert wilayah_kampung_kb(kampung["desa"]) is None


def test_closing_freezes_the_kampung_kb_and_kader_areas(kampung, kkb_rt2):
    desa = kampung["desa"]
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    f.persona(Peran.KADER, desa=desa, rt=[kampung["rt1"]])
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    kkb = wilayah_kampung_kb(desa)
    kader = wilayah_kader(desa, [kampung["rt1"].pk])
    sebelum = {
        w.kunci: json.dumps(services.laporan_bulan(desa, 2026, 10, wilayah=w), sort_keys=True)
        for w in (kkb, kader)
    }
    assert json.loads(sebelum[kkb.kunci])["status"] == "ditutup"
    # Later edits: a new family in RT 2 and one in RT 1.
    for rt in (kampung["rt1"], kampung["rt2"]):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=desa)
        f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1980, 1, 1))
    for w in (kkb, kader):
        sesudah = json.dumps(services.laporan_bulan(desa, 2026, 10, wilayah=w), sort_keys=True)
        assert sesudah == sebelum[w.kunci]
    # The area's comparison with last month reads September's frozen area report.
    okt = services.laporan_bulan(desa, 2026, 10, wilayah=kkb)
    sep = services.laporan_bulan(desa, 2026, 9, wilayah=kkb)
    assert okt["perbandingan"]["kb.pus"]["bulan_lalu"] == sep["kb"]["pus"]


def test_an_area_nobody_had_at_the_close_is_computed_and_says_so(kampung):
    desa = kampung["desa"]
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    w = wilayah_kader(desa, [kampung["rt2"].pk])
    r = services.laporan_bulan(desa, 2026, 9, wilayah=w)
    assert r["status"] == "ditutup" and r["wilayah"]["dari_data_terkini"] is True


def test_area_report_query_count_does_not_grow_with_families(
    kampung, django_assert_max_num_queries
):
    desa = kampung["desa"]
    w = wilayah_kader(desa, [kampung["rt2"].pk])
    with django_assert_max_num_queries(80) as sedikit:
        services.laporan_hidup(desa, 2026, 10, dengan_lalu=False, wilayah=w)
    for i in range(6):
        kel = f.KeluargaFactory(rumah__rt=kampung["rt2"], desa=desa)
        f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1980, 1, 1 + i))
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        services.laporan_hidup(desa, 2026, 10, dengan_lalu=False, wilayah=w)


def test_monthly_report_command_runs_for_the_kampung_kb_area(kampung, kkb_rt2, tmp_path):
    from django.core.management import call_command
    from openpyxl import load_workbook

    desa = kampung["desa"]
    keluar = tmp_path / "kkb.json"
    call_command(
        "monthly_report", month="2026-10", desa=desa.kode, wilayah=KAMPUNG_KB,
        format="json", output=str(keluar),
    )  # fmt: skip
    data = json.loads(keluar.read_text())
    assert data["wilayah"]["nama"] == "Wilayah Kampung KB Sakinah"
    assert data["penduduk"]["jumlah"]["total"] == 13 and data["kb"]["pus"] == 3
    xlsx = tmp_path / "kkb.xlsx"
    call_command(
        "monthly_report", month="2026-10", desa=desa.kode, wilayah=KAMPUNG_KB,
        format="xlsx", output=str(xlsx),
    )  # fmt: skip
    judul = [ws["A2"].value for ws in load_workbook(xlsx).worksheets]
    assert any("Wilayah Kampung KB Sakinah" in (j or "") for j in judul)


def test_monthly_report_command_refuses_an_area_for_a_whole_desa_kampung_kb(kampung, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="seluruh desa"):
        call_command(
            "monthly_report", month="2026-10", desa=kampung["desa"].kode, wilayah=KAMPUNG_KB,
            format="json", output=str(tmp_path / "x.json"),
        )  # fmt: skip


@pytest.mark.parametrize("area", [False, True])
def test_a_charts_partial_blocks_equal_the_full_reports(kampung, area):
    """Charts of an open month compute only their blocks (services.laporan_ringkas): the same
    numbers as the whole report, for the desa and for an area."""
    desa = kampung["desa"]
    w = wilayah_kader(desa, [kampung["rt2"].pk]) if area else None
    penuh = services.laporan_bulan(desa, 2026, 10, dengan_lalu=False, wilayah=w)
    sebagian = services.laporan_ringkas(
        desa, 2026, 10, wilayah=w, blok=("penduduk", "kb", "poktan", "posyandu")
    )
    for blok in ("penduduk", "kb", "poktan", "posyandu"):
        assert json.dumps(sebagian[blok], sort_keys=True) == json.dumps(penuh[blok], sort_keys=True)
    assert sebagian["status"] == penuh["status"] == "terbuka"
