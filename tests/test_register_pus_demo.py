"""The PUS register's grid against the report's own KB status over the 12 months of a seeded
demo village (issue 17 point 4, "Checks"), and its query count against the number of women.

For every month-end of 2025: the (woman, RT, status) cells of the register are exactly the rows
``keluarga.indicators.pus_pada`` gives for that day, and per RT and status they add up to what
``hitung_kb`` — the report's KB table — counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from keluarga import indicators as ind
from keluarga import services
from keluarga.models import RT, Keluarga, Rumah
from laporan import register_pus as rp
from operasi.demo import buat_demo

TAHUN = 2025
HINGGA = dt.date(2025, 12, 31)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One seeded village of 100 families (24 months up to 31 Dec 2025) and its register of
    2025 over every RT, in a transaction rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            desa = buat_demo(keluarga=100, seed=17, hingga=HINGGA, kode_awal="3326017001").desa[0]
            rt_ids = list(RT.objects.filter(desa=desa).values_list("pk", flat=True))
            # The seeded moves are between families; add a house move across RTs in mid-year,
            # so that a woman is PUS in two RTs of the register.
            pindah = ind.pus_pada(dt.date(2025, 5, 31), [desa.pk]).filter(rt=rt_ids[0]).first()
            services.pindah_rumah(
                keluarga=Keluarga.objects.get(pk=pindah.kel),
                rumah=Rumah.objects.filter(rt_id=rt_ids[1]).first(),
                tanggal=dt.date(2025, 6, 15),
            )
            reg = rp.susun_register(desa, TAHUN, rt_ids, hari_ini=HINGGA)
            yield {"desa": desa, "rt_ids": rt_ids, "reg": reg, "pindah": pindah.pk}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _sel(reg, bulan: int) -> set[tuple[int, int, str]]:
    return {
        (b.anggota_id, b.rt_id, b.status[bulan])
        for bagian in reg.bagian
        for b in bagian.baris
        if bulan in b.status
    }


def test_the_demo_register_has_women_in_every_month(demo):
    reg = demo["reg"]
    assert reg.bulan == list(range(1, 13))
    assert reg.jumlah >= 20
    assert all(_sel(reg, m) for m in reg.bulan)
    # The woman whose house moved on 15 June: in the first RT until May, the second from June.
    dua = {
        b.rt_id: b for bagian in reg.bagian for b in bagian.baris if b.anggota_id == demo["pindah"]
    }
    assert set(dua) == set(demo["rt_ids"][:2])
    assert set(dua[demo["rt_ids"][0]].status) <= {1, 2, 3, 4, 5}
    assert set(dua[demo["rt_ids"][1]].status) <= set(range(6, 13))


@pytest.mark.parametrize("bulan", range(1, 13))
def test_the_grid_equals_the_kb_status_the_report_counts_on_each_month_end(demo, bulan):
    desa, reg = demo["desa"], demo["reg"]
    tanggal = ind.akhir_bulan(TAHUN, bulan)
    harap = set(ind.pus_pada(tanggal, [desa.pk]).values_list("pk", "rt", "status_kb"))
    assert _sel(reg, bulan) == harap
    per_rt = Counter((rt, status) for _pk, rt, status in _sel(reg, bulan))
    dihitung = {
        (rt, status): n
        for rt, jumlah in ind.hitung_kb(tanggal, [desa.pk]).items()
        for status, n in jumlah.items()
        if n
    }
    assert dict(per_rt) == dihitung


def test_a_row_is_blank_exactly_in_the_months_she_was_not_pus_in_that_rt(demo):
    desa, reg = demo["desa"], demo["reg"]
    pus = {
        m: set(ind.pus_pada(ind.akhir_bulan(TAHUN, m), [desa.pk]).values_list("pk", "rt"))
        for m in (1, 6, 12)
    }
    for bagian in reg.bagian:
        for b in bagian.baris:
            for m in (1, 6, 12):
                assert (b.sel[m - 1] != "") == ((b.anggota_id, b.rt_id) in pus[m])


def test_the_query_count_does_not_grow_with_the_number_of_women(demo):
    desa, rt_ids = demo["desa"], demo["rt_ids"]
    jumlah = {}
    for nama, ids in (("satu_rt", rt_ids[:1]), ("semua_rt", rt_ids)):
        with CaptureQueriesContext(connection) as q:
            reg = rp.susun_register(desa, TAHUN, ids, hari_ini=HINGGA)
        terakhir = {max(b.status) for bagian in reg.bagian for b in bagian.baris}
        jumlah[nama] = (len(q.captured_queries), reg.jumlah, len(terakhir))
    assert jumlah["satu_rt"][1] < jumlah["semua_rt"][1]
    for n, _baris, bulan_terakhir in jumlah.values():
        # 12 months × (the dated moves: 2, the PUS rows: 1), the details once per month that
        # is some row's last, and women, husbands, families, RTs: at most 12 × 4 + 4.
        assert n == 12 * 3 + bulan_terakhir + 4 <= 52
