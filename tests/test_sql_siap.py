"""Compiled report SQL reused within the process (keluarga.sql_siap): the SQL is built once per
key, the numbers are always read from the data."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from keluarga import indicators as ind
from keluarga import sql_siap
from keluarga.models import Anggota
from tests import factories as f

D = dt.date(2026, 10, 31)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kosong():
    sql_siap.kosongkan()
    yield
    sql_siap.kosongkan()


@pytest.fixture
def rt():
    return f.RTFactory()


def tambah(rt, n, jk="P"):
    for _ in range(n):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=rt.desa)
        f.AnggotaFactory(keluarga=kel, jenis_kelamin=jk, tanggal_lahir=dt.date(1990, 1, 1))


def test_baris_builds_once_per_key_and_reads_fresh_numbers(rt):
    dibangun = []

    def buat():
        dibangun.append(1)
        return (
            Anggota.objects.filter(desa=rt.desa)
            .values("jenis_kelamin")
            .annotate(n=Count("pk"))
            .order_by("jenis_kelamin")
        )

    tambah(rt, 2)
    assert sql_siap.baris(("uji", rt.desa_id), buat) == [{"jenis_kelamin": "P", "n": 2}]
    tambah(rt, 1)
    tambah(rt, 3, jk="L")
    assert sql_siap.baris(("uji", rt.desa_id), buat) == [
        {"jenis_kelamin": "L", "n": 3},
        {"jenis_kelamin": "P", "n": 3},
    ]
    assert len(dibangun) == 1  # the second call only executed the stored SQL
    sql_siap.baris(("uji", rt.desa_id + 1), buat)
    assert len(dibangun) == 2  # another key, another statement


def test_agregat_replays_the_recorded_statement_with_fresh_numbers(rt):
    dibangun = []

    def hitung():
        dibangun.append(1)
        return Anggota.objects.filter(desa=rt.desa).aggregate(
            semua=Count("pk"), laki=Count("pk", filter=Q(jenis_kelamin="L"))
        )

    tambah(rt, 1, jk="L")
    assert sql_siap.agregat(("uji",), hitung) == {"semua": 1, "laki": 1}
    tambah(rt, 2)
    with CaptureQueriesContext(connection) as q:
        assert sql_siap.agregat(("uji",), hitung) == {"semua": 3, "laki": 1}
    assert len(dibangun) == 1 and len(q) == 1


def test_a_query_that_matches_nothing_is_not_stored(rt):
    dibangun = []

    def buat():
        dibangun.append(1)
        return Anggota.objects.filter(pk__in=[]).values("pk")

    assert sql_siap.baris(("kosong",), buat) == []
    assert sql_siap.baris(("kosong",), buat) == []
    assert len(dibangun) == 1  # stored as "matches nothing", not compiled again


def test_overridden_settings_empty_the_store(rt):
    """Thresholds are compiled into the SQL: a changed setting must not reuse old SQL."""
    kel = f.KeluargaFactory(rumah__rt=rt, desa=rt.desa)
    # Verified 13 months before D: "belum diverifikasi" at the default 12 months, not at 24.
    kel.terakhir_diverifikasi = dt.date(2025, 9, 30)
    kel.save()
    f.AnggotaFactory(keluarga=kel, tanggal_lahir=dt.date(1990, 1, 1))
    from keluarga import kualitas

    assert kualitas.hitung_semua(D, [rt.desa_id])["belum_diverifikasi_12_bulan"] == 1
    conf = {**__import__("django.conf").conf.settings.RUMAHDATAKU, "VERIFIKASI_BULAN": 24}
    with override_settings(RUMAHDATAKU=conf):
        assert kualitas.hitung_semua(D, [rt.desa_id])["belum_diverifikasi_12_bulan"] == 0
    assert kualitas.hitung_semua(D, [rt.desa_id])["belum_diverifikasi_12_bulan"] == 1


def test_report_counts_follow_an_edit_after_the_sql_is_stored(rt):
    """The live report's statements are stored on the first call; a new PUS afterwards is
    counted on the next one (same key: no dated moves in between)."""
    suami = dt.date(1985, 1, 1)
    for i in range(2):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=rt.desa)
        f.AnggotaFactory(keluarga=kel, hubungan="1", jenis_kelamin="L", tanggal_lahir=suami,
                         status_kawin="kawin")  # fmt: skip
        f.AnggotaFactory(keluarga=kel, hubungan="3", jenis_kelamin="P",
                         tanggal_lahir=dt.date(1990, 1, 1 + i), status_kawin="kawin")  # fmt: skip
    sebelum = ind.jumlahkan(ind.hitung_kb(D, [rt.desa_id]).values())
    assert sum(sebelum.values()) == 2
    kel = f.KeluargaFactory(rumah__rt=rt, desa=rt.desa)
    f.AnggotaFactory(keluarga=kel, hubungan="3", jenis_kelamin="P",
                     tanggal_lahir=dt.date(1995, 5, 5), status_kawin="kawin")  # fmt: skip
    sesudah = ind.jumlahkan(ind.hitung_kb(D, [rt.desa_id]).values())
    assert sum(sesudah.values()) == 3
    assert sesudah["belum_terdata"] == sebelum["belum_terdata"] + 1


def test_an_empty_area_is_a_key_like_any_other(rt):
    """A kader without regions passes rt_ids=[]: zero targets, twice (stored, then replayed)."""
    from poktan import indicators as pi

    tambah(rt, 2)
    for _ in range(2):
        blok = pi.blok_poktan(2026, 10, [rt.desa_id], rt_ids=[])
        assert all(b["sasaran"] == 0 and b["anggota"] == 0 for b in blok.values())
    semua = pi.blok_poktan(2026, 10, [rt.desa_id])
    assert semua["uppka"]["sasaran"] == 2  # UPPKA targets every family: the area made it zero


def test_one_reading_reads_the_dated_moves_once_and_a_new_block_sees_new_moves(rt):
    """ind.satu_bacaan: a report's tables share one reading of the dated moves (2 queries, not
    2 per table); the next report, in a new block, reads the moves made since."""
    kel = f.KeluargaFactory(rumah__rt=rt, desa=rt.desa)
    f.AnggotaFactory(keluarga=kel, tanggal_lahir=dt.date(1990, 1, 1))
    with ind.satu_bacaan(), CaptureQueriesContext(connection) as q:
        pertama = ind.ada_pindah_setelah(D, [rt.desa_id])
        with ind.satu_bacaan():  # nested: the same reading
            assert ind.ada_pindah_setelah(D, [rt.desa_id]) is pertama
        assert ind.ada_pindah_setelah(D, [rt.desa_id]) is pertama
    assert len(q) == 2 and not pertama
    rt_baru = f.RTFactory(rw=rt.rw)
    from keluarga.models import PindahRumah

    PindahRumah.objects.create(
        keluarga=kel,
        rumah_asal=kel.rumah,
        rumah_tujuan=f.RumahFactory(rt=rt_baru, desa=rt.desa),
        tanggal=dt.date(2026, 11, 10),
        tanggal_lapor=dt.date(2026, 11, 10),
    )
    with ind.satu_bacaan():
        assert ind.ada_pindah_setelah(D, [rt.desa_id]).rt_keluarga == {kel.pk: rt.pk}
