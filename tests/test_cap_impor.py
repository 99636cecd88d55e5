"""The import without the per-statement stamp triggers (`cap.tanpa_pemicu`, issue 15): one bump at
its end, the triggers back afterwards whatever happened, other connections never bypassed."""

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from impor import layanan
from impor import terapkan as impor_terapkan
from impor.models import Impor
from keluarga import cap
from keluarga.models import Anggota, CapData, Desa
from laporan import services
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)
from tests.test_impor_opensid import buku_opensid, keluarga_budi

OKT = dt.date(2026, 10, 1)


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


def nomor(desa_id) -> int:
    return CapData.objects.get(desa_id=desa_id).nomor


def lewati_aktif() -> bool:
    """PostgreSQL: is this connection's bypass setting on (SQLite: are triggers missing)?"""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT current_setting(%s, true)", [cap.LEWATI])
            return c.fetchone()[0] == "on"
    return bool(cap.pemicu_kurang(connection))


def tulis_mentah(anggota_id, nama="X") -> None:
    with connection.cursor() as c:
        c.execute("UPDATE keluarga_anggota SET nama = %s WHERE id = %s", [nama, anggota_id])


def impor_budi(desa, tmp_path):
    return layanan.jalankan(
        path=buku_opensid(tmp_path / "budi.xlsx", keluarga_budi()),
        nama_berkas="budi.xlsx",
        desa=desa,
        simpan=True,
    )


def test_an_import_makes_a_stored_month_stale_and_it_is_recomputed_right(desa, tmp_path):
    lama = services.laporan_bulan(desa, 2026, 10)  # stored with the stamp
    sebelum, pemicu = nomor(desa.pk), cap.pemicu_terpasang(connection)
    h = impor_budi(desa, tmp_path)
    assert h.impor.status == Impor.Status.TERSIMPAN
    assert Anggota.objects.filter(desa=desa, nama="Budi Santoso").exists()
    assert nomor(desa.pk) > sebelum
    assert services._baca_tersimpan(desa.pk, OKT, "", True, cap.versi_definisi()) is None
    baru = services.laporan_bulan(desa, 2026, 10)
    with services.tanpa_simpanan():
        assert baru == services.laporan_bulan(desa, 2026, 10)
    assert baru["penduduk"]["jumlah"]["total"] == lama["penduduk"]["jumlah"]["total"] + 3
    # The triggers are all back and fire again in the same (test) transaction.
    assert cap.pemicu_terpasang(connection) == pemicu and not lewati_aktif()
    sesudah = nomor(desa.pk)
    tulis_mentah(Anggota.objects.filter(desa=desa).first().pk)
    assert nomor(desa.pk) > sesudah


def test_a_failed_import_leaves_the_triggers_and_the_stamp_as_they_were(
    desa, tmp_path, monkeypatch
):
    services.laporan_bulan(desa, 2026, 10)
    sebelum, pemicu = nomor(desa.pk), cap.pemicu_terpasang(connection)
    jumlah = Anggota.objects.count()

    def gagal(desa_id):  # after every row is written, inside the bypass
        assert Anggota.objects.count() == jumlah + 3 and lewati_aktif()
        raise DatabaseError("disk penuh")

    monkeypatch.setattr(impor_terapkan.ganda, "segarkan", gagal)
    h = impor_budi(desa, tmp_path)
    assert h.impor.status == Impor.Status.GAGAL
    assert Anggota.objects.count() == jumlah  # rolled back
    assert cap.pemicu_terpasang(connection) == pemicu and not lewati_aktif()
    assert nomor(desa.pk) == sebelum
    assert services._baca_tersimpan(desa.pk, OKT, "", True, cap.versi_definisi()) is not None
    tulis_mentah(Anggota.objects.filter(desa=desa).first().pk)
    assert nomor(desa.pk) > sebelum


def test_inside_the_bypass_writes_do_not_bump_and_its_end_bumps_once(desa):
    a = Anggota.objects.filter(desa=desa).first()
    sebelum = nomor(desa.pk)
    with cap.tanpa_pemicu([desa.pk]):
        tulis_mentah(a.pk, "Satu")
        tulis_mentah(a.pk, "Dua")
        with cap.tanpa_pemicu([desa.pk]):  # nested: the outer bypass holds on
            tulis_mentah(a.pk, "Tiga")
        assert lewati_aktif()
        assert nomor(desa.pk) == sebelum + 1  # the inner block's own end bump only
    assert nomor(desa.pk) == sebelum + 2 and not lewati_aktif()


def test_an_error_inside_the_bypass_rolls_it_back_with_the_writes(desa):
    a = Anggota.objects.filter(desa=desa).first()
    sebelum = nomor(desa.pk)
    with pytest.raises(ValueError), transaction.atomic():
        with cap.tanpa_pemicu([desa.pk]):
            tulis_mentah(a.pk, "Hilang")
            raise ValueError
    a.refresh_from_db()
    assert a.nama != "Hilang" and nomor(desa.pk) == sebelum and not lewati_aktif()
    assert cap.pemicu_kurang(connection) == []


def test_a_new_desa_inside_the_bypass_still_gets_its_stamp_row(db):
    with cap.tanpa_pemicu(None):
        d = Desa.objects.create(kode="3326019998", nama="Baru")
    assert CapData.objects.get(desa=d).nomor >= 1


# serialized_rollback: restore what an earlier transactional test's flush removed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_connections_write_during_the_bypass_still_bumps():
    """PostgreSQL: the other connection's write commits while the import is inside its bypass,
    and bumps at once. SQLite: its writers are serialised, so the other write waits for the
    import's commit and then finds the triggers back."""
    d = f.DesaFactory()
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=d), desa=d)
    a1 = f.orang(kel, "Ayah", "L", "1990-01-01", "1")
    a2 = f.orang(kel, "Ibu", "P", "1992-01-01", "3")
    awal = nomor(d.pk)
    pg = connection.vendor == "postgresql"
    masuk, lain_selesai, galat = threading.Event(), threading.Event(), []

    def impor():
        try:
            with transaction.atomic(), cap.tanpa_pemicu([d.pk]):
                Anggota.objects.filter(pk=a1.pk).update(nama="Impor")
                masuk.set()
                lain_selesai.wait(30 if pg else 0.5)
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            galat.append(e)
        finally:
            connections.close_all()

    t = threading.Thread(target=impor)
    t.start()
    assert masuk.wait(30)
    tulis_mentah(a2.pk, "Lain")  # this thread's own connection, autocommit
    if pg:
        assert t.is_alive()
        lain = nomor(d.pk)
        assert lain > awal  # bumped while the other transaction bypasses
    lain_selesai.set()
    t.join(60)
    assert not galat, galat
    if pg:
        assert nomor(d.pk) == lain + 1  # the import's one end bump
    else:  # the import's end bump, then the other write's trigger (one row: one bump)
        assert nomor(d.pk) == awal + 2
    assert cap.pemicu_kurang(connection) == []


def test_post_migrate_brings_an_outdated_trigger_back_to_the_code(db):
    """PostgreSQL: a function of an older body (a database migrated before the bypass check) is
    replaced. SQLite: a missing trigger is created again."""
    from keluarga.models import Peristiwa

    buat, hapus = cap.sql_pemicu(Peristiwa, connection.vendor)
    nama = cap._nama(Peristiwa._meta.db_table)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            lama = buat[0].replace(
                f"IF current_setting('{cap.LEWATI}', true) = 'on' THEN RETURN NULL; END IF; ", ""
            )
            assert lama != buat[0]
            c.execute(lama)
        else:
            c.execute(hapus[0])
            assert cap.pemicu_kurang(connection) == [Peristiwa]
    cap.pasang_semua(using="default")
    assert cap.pemicu_kurang(connection) == []
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [nama])
            assert c.fetchone()[0] == buat[0].split("$$")[1]
