"""The import and the data stamp (issue 15): an import makes the desa's stored month figures stale
and they are recomputed right; a failed import leaves the stamp and the triggers as they were."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection

from impor import layanan
from impor import terapkan as impor_terapkan
from impor.models import Impor
from keluarga import cap
from keluarga.models import Anggota, CapData
from laporan import services
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)
from tests.test_impor_opensid import buku_opensid, keluarga_budi

OKT = dt.date(2026, 10, 1)


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


def nomor(desa_id) -> int:
    return CapData.objects.get(desa_id=desa_id).nomor


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
    # The triggers are all there and fire again in the same (test) transaction.
    assert cap.pemicu_terpasang(connection) == pemicu
    sesudah = nomor(desa.pk)
    tulis_mentah(Anggota.objects.filter(desa=desa).first().pk)
    assert nomor(desa.pk) > sesudah


def test_a_failed_import_leaves_the_triggers_and_the_stamp_as_they_were(
    desa, tmp_path, monkeypatch
):
    services.laporan_bulan(desa, 2026, 10)
    sebelum, pemicu = nomor(desa.pk), cap.pemicu_terpasang(connection)
    jumlah = Anggota.objects.count()

    def gagal(desa_id):  # after every row is written
        assert Anggota.objects.count() == jumlah + 3 and nomor(desa.pk) > sebelum
        raise DatabaseError("disk penuh")

    monkeypatch.setattr(impor_terapkan.ganda, "segarkan", gagal)
    h = impor_budi(desa, tmp_path)
    assert h.impor.status == Impor.Status.GAGAL
    assert Anggota.objects.count() == jumlah  # rolled back
    assert cap.pemicu_terpasang(connection) == pemicu
    assert nomor(desa.pk) == sebelum
    assert services._baca_tersimpan(desa.pk, OKT, "", True, cap.versi_definisi()) is not None
    tulis_mentah(Anggota.objects.filter(desa=desa).first().pk)
    assert nomor(desa.pk) > sebelum
