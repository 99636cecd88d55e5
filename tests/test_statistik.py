"""Planner statistics after a bulk write (issue 15, step 4): an import or a seeding of more than
1,000 rows (or 10 % of a table) ends with ANALYZE of the tables it filled, after its commit; a
small write does not. Both databases: pg_stats / pg_class on PostgreSQL, sqlite_stat1 on SQLite."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from impor import layanan
from keluarga import statistik
from keluarga.models import Anggota, Keluarga
from operasi.demo import buat_demo
from tests import factories as f
from tests.test_impor_opensid import buku_opensid, orang

HINGGA = dt.date(2026, 6, 30)


def statistik_tabel(tabel: str) -> tuple[int, int | None]:
    """(number of statistics rows, rows the statistics count) of a table; (0, None) if none."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = %s", [tabel])
            n = cur.fetchone()[0]
            cur.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [tabel])
            return n, int(cur.fetchone()[0]) if n else None
        try:
            cur.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [tabel])
        except OperationalError:  # no ANALYZE ever ran: the table does not exist yet
            return 0, None
        baris = cur.fetchall()
        return len(baris), int(baris[0][0].split()[0]) if baris else None


def keluarga_tunggal(n: int) -> list[dict]:
    """n one-person families (each a male head born 1985-03-15), NIKs and KKs numbered."""
    return [
        orang(
            nama=f"Warga {i}",
            nik=f"332601150385{i:04d}",
            no_kk=f"332601010120{i:04d}",
            sex="1",
            tanggallahir="1985-03-15",
            kk_level="1",
            status_kawin="1",
            rt="001",
        )
        for i in range(1, n + 1)
    ]


def test_an_import_of_more_than_1000_rows_analyses_the_tables_it_filled(
    tmp_path, db, django_capture_on_commit_callbacks
):
    desa = f.DesaFactory(kode="3326012001", nama="Pakumbulan")
    path = buku_opensid(tmp_path / "p.xlsx", keluarga_tunggal(400))
    with django_capture_on_commit_callbacks(execute=True) as dijadwal:
        h = layanan.jalankan(path=path, nama_berkas="p.xlsx", desa=desa, simpan=True)
    assert h.impor.galat == 0
    # 400 members + 400 families + 400 houses (+ regions): 1,200 rows and more.
    assert Anggota.objects.count() == 400
    assert len(dijadwal) == 1
    for tabel, jumlah in (
        ("keluarga_anggota", 400),
        ("keluarga_keluarga", 400),
        ("keluarga_historicalanggota", 400),
    ):
        n, baris = statistik_tabel(tabel)
        assert n > 0, tabel
        # The statistics count the rows this import wrote (the import is one transaction: no
        # statistics gathered before it could have seen them).
        assert baris == jumlah, tabel


def test_a_rolled_back_import_analyses_nothing(tmp_path, db, django_capture_on_commit_callbacks):
    desa = f.DesaFactory(kode="3326012001", nama="Pakumbulan")
    path = buku_opensid(tmp_path / "p.xlsx", keluarga_tunggal(3) + [orang(nik="123")])
    with django_capture_on_commit_callbacks() as dijadwal:
        h = layanan.jalankan(path=path, nama_berkas="p.xlsx", desa=desa, simpan=True)
    assert h.impor.galat == 1
    assert dijadwal == []


@pytest.fixture
def desa_demo(db):
    """A demo village of 60 families (about 220 members), its statistics not yet gathered."""
    return buat_demo(keluarga=60, seed=3, hingga=HINGGA).desa[0]


def test_a_small_import_into_a_village_does_not_analyse(
    tmp_path, desa_demo, django_capture_on_commit_callbacks
):
    sebelum = Anggota.objects.count()
    assert sebelum > 200
    baris = keluarga_tunggal(1)
    baris[0].update(dusun="Krajan", rw="001", rt="001")
    path = buku_opensid(tmp_path / "p.xlsx", baris)
    with django_capture_on_commit_callbacks(execute=True) as dijadwal:
        h = layanan.jalankan(path=path, nama_berkas="p.xlsx", desa=desa_demo, simpan=True)
    assert h.impor.galat == 0
    assert Anggota.objects.count() == sebelum + 1
    assert dijadwal == []


def test_the_thresholds_more_than_1000_rows_or_more_than_a_tenth_of_a_table(desa_demo):
    keluarga = Keluarga.objects.count()  # 60
    assert keluarga == 60
    # 6 of 60 families is exactly 10 %: not more. 7 is.
    assert statistik.perlu_segarkan({Keluarga: 6}) is False
    assert statistik.perlu_segarkan({Keluarga: 7}) is True
    # 1,000 rows in all is not more than 1,000; 1,001 is, whatever the tables' sizes.
    assert statistik.perlu_segarkan({Anggota: 0, "keluarga_peristiwa": 0}) is False
    anggota = Anggota.objects.count()
    assert statistik.perlu_segarkan({Anggota: anggota // 10}) is False
    assert statistik.perlu_segarkan({Anggota: 1001}) is True


def test_a_small_write_schedules_nothing_and_a_large_one_the_tables_with_their_history(
    desa_demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as dijadwal:
        assert statistik.segarkan_statistik({Anggota: 3, Keluarga: 1}) == []
    assert dijadwal == []
    with django_capture_on_commit_callbacks() as dijadwal:
        tabel = statistik.segarkan_statistik({Anggota: 1001, Keluarga: 0})
    assert tabel == ["keluarga_anggota", "keluarga_historicalanggota"]
    assert len(dijadwal) == 1


def test_the_setting_turns_it_off(desa_demo, settings, django_capture_on_commit_callbacks):
    settings.SEGARKAN_STATISTIK = False
    with django_capture_on_commit_callbacks() as dijadwal:
        assert statistik.segarkan_statistik({Anggota: 5000}) == []
    assert dijadwal == []


def test_seed_demo_ends_with_the_statistics_of_what_it_filled(
    db, django_capture_on_commit_callbacks
):
    keluar = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", families=20, seed=2, stdout=keluar)
    assert "Statistik perencana kueri diperbarui" in keluar.getvalue()
    for model in (Anggota, Keluarga):
        n, baris = statistik_tabel(model._meta.db_table)
        assert n > 0
        assert baris == model.objects.count()
