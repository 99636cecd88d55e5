"""The monthly report: JSON contract, hand-counted tables, month close, reopen, kecamatan sums."""

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from keluarga import services as ks
from keluarga.akses import Peran
from laporan import laporan as lap
from laporan import services
from laporan.models import PeriodeBulan, RiwayatPeriode
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)


def _skema() -> dict:
    """The contract: ../shared/report.schema.json beside the checkout, else the pinned copy."""
    for p in (
        Path(settings.BASE_DIR).parent / "shared" / "report.schema.json",
        Path(__file__).parent / "data" / "report.schema.json",
    ):
        if p.exists():
            return json.loads(p.read_text())
    raise FileNotFoundError("report.schema.json")


SKEMA = _skema()
RAPAT = {
    "tanggal": dt.date(2026, 11, 3),
    "tempat": "Balai desa",
    "peserta": "Ketua\nSekretaris",
    "catatan": "",
}


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


def test_the_report_validates_against_the_json_schema(desa):
    r = services.laporan_bulan(desa, 2026, 10)
    jsonschema.validate(json.loads(json.dumps(r)), SKEMA)
    assert r["bulan"] == "2026-10" and r["tanggal_acuan"] == "2026-10-31"
    assert r["status"] == "terbuka"


def test_tables_1_to_4_equal_the_hand_counts(desa):
    r = services.laporan_bulan(desa, 2026, 10)
    p, k, kb, m = r["penduduk"], r["keluarga"], r["kb"], r["mutasi"]
    assert p["jumlah"] == {"L": 12, "P": 14, "total": 26}
    assert p["kelompok_umur"][0] == {"kelompok": "0-4", "L": 3, "P": 1}
    assert (p["balita"], p["baduta"], p["remaja"], p["lansia"], p["wus"], p["ibu_hamil"]) == (
        4,
        3,
        3,
        1,
        10,
        2,
    )
    assert (
        m["awal"]["total"] + m["lahir"]["total"] + m["datang"]["total"] - m["meninggal"]["total"]
        == 26
    )
    assert (k["jumlah"], k["krs"], k["sasaran_krs"], k["kurang_mampu"]) == (9, 5, 8, 3)
    assert kb["pus"] == 7 and kb["peserta_aktif"]["total"] == 3 and kb["cpr"] == 42.9
    assert kb["peserta_baru"]["iud"] == 1 and kb["unmet_need_persen"] == 14.3
    assert r["daftar"]["unmet_need"] == 1 and r["daftar"]["mkjp"] == 2 and r["daftar"]["krs"] == 5


def test_worklist_counts_equal_the_checks_counted_on_their_own(desa_kecil_berdata):  # noqa: F811
    """The report takes two worklist counts from tables 3 and 4 (same definitions): for the desa
    and for an area they equal every check of keluarga.kualitas counted by itself."""
    from keluarga import kualitas
    from laporan.wilayah import wilayah_kader

    kecil = desa_kecil_berdata
    d = kecil["desa"]
    akhir = dt.date(2026, 10, 31)
    for rt_ids in (None, [kecil["rt2"].pk], [kecil["rt1"].pk]):
        w = wilayah_kader(d, rt_ids) if rt_ids else None
        r = services.laporan_hidup(d, 2026, 10, dengan_lalu=False, wilayah=w)
        sendiri = {k: c.fungsi(akhir, [d.pk], rt_ids).count() for k, c in kualitas.CEK.items()}
        # kandidat_ganda is the stored pairs' count (keluarga/ganda.py), not a check: none here.
        assert r["kualitas_data"] == {**sendiri, "kandidat_ganda": 0}
        assert r["kualitas_data"]["pus_belum_terdata"] == r["kb"]["belum_terdata"]
        # By hand: family G (RT 1) is the one PUS belum terdata and the one data KRS belum
        # lengkap (drinking water unknown), so the handed-over counts are not just zero.
        satu = 0 if rt_ids == [kecil["rt2"].pk] else 1
        assert r["kualitas_data"]["pus_belum_terdata"] == satu
        assert r["kualitas_data"]["data_krs_belum_lengkap"] == satu


def test_flow_end_taken_from_table_1_equals_the_flow_counted_on_its_own(desa_kecil_berdata):  # noqa: F811
    """The report takes the month-end population of the flow from table 1: for the desa and
    each area it equals hitung_mutasi's own count, and the flow balances."""
    from keluarga import indicators as ind
    from laporan.wilayah import wilayah_kader

    kecil = desa_kecil_berdata
    d = kecil["desa"]
    for rt_ids in (None, [kecil["rt1"].pk], [kecil["rt2"].pk]):
        w = wilayah_kader(d, rt_ids) if rt_ids else None
        m = services.laporan_hidup(d, 2026, 10, dengan_lalu=False, wilayah=w)["mutasi"]
        sendiri = ind.hitung_mutasi(dt.date(2026, 10, 1), dt.date(2026, 10, 31), [d.pk], rt_ids)
        assert m["akhir"] == sendiri["akhir"] and m["awal"] == sendiri["awal"]
        masuk = m["awal"]["total"] + m["lahir"]["total"] + m["datang"]["total"]
        keluar = m["meninggal"]["total"] + m["pindah"]["total"]
        antar = m.get("pindah_antar_wilayah", {}).get("total", 0)
        assert masuk - keluar + antar == m["akhir"]["total"]
    # By hand (tests/test_definisi.py): 13 people live in RT 2 on 31 October (5 L, 8 P).
    w2 = wilayah_kader(d, [kecil["rt2"].pk])
    m2 = services.laporan_hidup(d, 2026, 10, dengan_lalu=False, wilayah=w2)["mutasi"]
    assert m2["akhir"] == {"L": 5, "P": 8, "total": 13}


def test_breakdown_has_every_region_with_parent_codes(desa):
    r = services.laporan_bulan(desa, 2026, 10)
    tingkat = [w["tingkat"] for w in r["per_wilayah"]]
    assert tingkat == ["dusun", "rw", "rt", "rt"]
    kode = {w["kode"]: w for w in r["per_wilayah"]}
    rt = [w for w in r["per_wilayah"] if w["tingkat"] == "rt"]
    assert all(w["induk"] in kode for w in rt)
    assert sum(w["penduduk"]["jumlah"]["total"] for w in rt) == 26
    assert [w["kb"]["pus"] for w in rt] == [4, 3]


def test_comparison_with_last_month_says_direction_and_whether_better(desa):
    r = services.laporan_bulan(desa, 2026, 10)
    p = r["perbandingan"]
    assert p["kb.pus"] == {"bulan_lalu": 9, "arah": "turun", "lebih_baik": None}
    assert p["kb.cpr"]["bulan_lalu"] == 22.2 and p["kb.cpr"]["arah"] == "naik"
    assert p["kb.cpr"]["lebih_baik"] is True
    assert p["kb.unmet_need_persen"] == {"bulan_lalu": 11.1, "arah": "naik", "lebih_baik": False}


def test_unmet_need_going_down_is_better():
    p = lap.perbandingan({"kb": {"unmet_need_persen": 10.0}}, {"kb": {"unmet_need_persen": 12.5}})
    assert p["kb.unmet_need_persen"] == {"bulan_lalu": 12.5, "arah": "turun", "lebih_baik": True}
    p = lap.perbandingan({"kb": {"cpr": None}}, {"kb": {"cpr": 50.0}})
    assert p["kb.cpr"] == {"bulan_lalu": 50.0, "arah": None, "lebih_baik": None}


def test_months_before_the_first_month_of_data_are_refused(desa):
    with pytest.raises(lap.LaporanDitolak, match="bulan awal data"):
        services.laporan_bulan(desa, 2026, 8)


def test_report_query_count_does_not_grow_with_families_or_regions(
    desa, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as awal:
        services.laporan_hidup(desa, 2026, 10, dengan_lalu=False)
    for i in range(6):
        rt = f.RTFactory(rw__dusun__desa=desa, nomor=f"{i + 10:03d}")
        kel = f.KeluargaFactory(rumah__rt=rt, desa=desa)
        f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1980, 1, 1))
    with django_assert_max_num_queries(len(awal.captured_queries)):
        services.laporan_hidup(desa, 2026, 10, dengan_lalu=False)


def test_closing_freezes_the_month_byte_for_byte(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    sebelum = json.dumps(services.laporan_bulan(desa, 2026, 10), ensure_ascii=False)
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1970, 1, 1))
    sesudah = json.dumps(services.laporan_bulan(desa, 2026, 10), ensure_ascii=False)
    assert sebelum == sesudah
    assert json.loads(sesudah)["status"] == "ditutup"


def test_months_close_in_order(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    with pytest.raises(ValidationError, match="berurutan"):
        services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)


def test_reopen_needs_a_reason_and_only_the_last_closed_month(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    with pytest.raises(ValidationError):
        services.buka_kembali(desa=desa, tahun=2026, bulan=10, oleh=admin, alasan="  ")
    with pytest.raises(ValidationError, match="sesudahnya"):
        services.buka_kembali(desa=desa, tahun=2026, bulan=9, oleh=admin, alasan="salah data")
    services.buka_kembali(
        desa=desa, tahun=2026, bulan=10, oleh=admin, alasan="ada kelahiran terlambat"
    )
    p = PeriodeBulan.objects.get(desa=desa, bulan=dt.date(2026, 10, 1))
    assert p.status == "terbuka" and p.snapshot is None
    assert list(p.riwayat.values_list("aksi", "alasan")) == [
        ("tutup", ""),
        ("buka", "ada kelahiran terlambat"),
    ]
    assert RiwayatPeriode.objects.filter(periode__desa=desa).count() == 3


def test_correction_of_last_month_counts_late_records_by_cause(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    ibu = f.AnggotaFactory(
        keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1990, 1, 1)
    )  # no event
    ks.catat_kelahiran(
        ibu=ibu, keluarga=kel, tanggal=dt.date(2026, 9, 20), nama="Telat", jenis_kelamin="L"
    )
    r = services.laporan_bulan(desa, 2026, 10)
    k = r["mutasi"]["koreksi_bulan_lalu"]
    assert (k["L"], k["P"], k["total"]) == (1, 1, 2)
    assert k["per_sebab"]["lahir"] == {"L": 1, "P": 0, "total": 1}
    assert k["per_sebab"]["tanpa_peristiwa"] == {"L": 0, "P": 1, "total": 1}
    # The flow of October itself still balances; the correction is beside it, not in it.
    m = r["mutasi"]
    assert (
        m["awal"]["total"]
        + m["lahir"]["total"]
        + m["datang"]["total"]
        - m["meninggal"]["total"]
        - m["pindah"]["total"]
        == m["akhir"]["total"]
    )


def test_kecamatan_report_is_the_sum_of_its_villages(desa):
    desa2 = f.DesaFactory(kode=desa.kode[:6] + "9999", bulan_awal_data=dt.date(2026, 9, 1))
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa2), desa=desa2)
    w = f.AnggotaFactory(
        keluarga=kel, hubungan="3", status_kawin="kawin", tanggal_lahir=dt.date(1990, 1, 1)
    )
    f.AnggotaFactory(
        keluarga=kel,
        hubungan="1",
        jenis_kelamin="L",
        status_kawin="kawin",
        tanggal_lahir=dt.date(1988, 1, 1),
    )
    ks.set_status_kb(anggota=w, metode="suntik", mulai=dt.date(2025, 1, 1))
    satu = services.laporan_bulan(desa, 2026, 10)
    dua = services.laporan_bulan(desa2, 2026, 10)
    kec = services.laporan_kecamatan(desa.kode[:6], 2026, 10)
    jsonschema.validate(json.loads(json.dumps(kec)), SKEMA)
    assert (
        kec["penduduk"]["jumlah"]["total"]
        == satu["penduduk"]["jumlah"]["total"] + dua["penduduk"]["jumlah"]["total"]
    )
    assert kec["kb"]["pus"] == 8 and kec["kb"]["peserta_aktif"]["total"] == 4
    assert kec["kb"]["cpr"] == 50.0  # recomputed from the sums, not averaged
    assert [d["kode"] for d in kec["desa"]] == [desa.kode, desa2.kode]
    assert {w["tingkat"] for w in kec["per_wilayah"]} == {"desa", "dusun", "rw", "rt"}


def test_monthly_report_command_writes_json_without_names(desa, tmp_path):
    out = tmp_path / "lap.json"
    call_command(
        "monthly_report",
        "--month",
        "2026-10",
        "--desa",
        desa.kode,
        "--format",
        "json",
        "--output",
        str(out),
    )
    teks = out.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(teks), SKEMA)
    assert "A1" not in teks.split('"nama"')[0]  # no member names anywhere
    assert all(n not in teks for n in ('"B3"', '"Siti', "3326011"))


def test_json_endpoint_needs_login_and_scope(client, desa):
    url = reverse("laporan:bulanan_json", args=[desa.kode, "2026-10"])
    assert client.get(url).status_code == 302
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    r = client.get(url)
    assert r.status_code == 200 and r.json()["kb"]["pus"] == 7
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=f.DesaFactory()))
    assert client.get(url).status_code == 404
    client.force_login(f.persona(None, desa=desa))
    assert client.get(url).status_code == 403


def test_report_page_and_close_over_http(client, desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    client.force_login(admin)
    r = client.get(reverse("laporan:bulanan", args=[desa.kode, "2026-09"]))
    assert r.status_code == 200 and "Tabel 4" in r.content.decode()
    assert "Klasifikasi Kampung KB" in r.content.decode()
    r = client.post(
        reverse("laporan:tutup", args=[desa.kode, "2026-09"]),
        {"tanggal": "2026-10-03", "tempat": "Balai", "peserta": "A\nB"},
    )
    assert r.status_code == 302
    assert PeriodeBulan.objects.get(desa=desa, bulan=dt.date(2026, 9, 1)).status == "ditutup"
    operator_lain = f.persona(Peran.KEPALA_DESA, desa=desa)
    client.force_login(operator_lain)
    assert (
        client.post(
            reverse("laporan:buka", args=[desa.kode, "2026-09"]), {"alasan": "x"}
        ).status_code
        == 403
    )
