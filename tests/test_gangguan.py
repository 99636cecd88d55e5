"""Faults: a failure in the middle of an import or a month close saves nothing; two admins
closing the same month at once: one succeeds, the other gets a clear message."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from impor import layanan, terapkan
from impor.models import Impor
from keluarga.akses import Peran
from keluarga.models import Anggota, Dusun, Keluarga, Rumah
from laporan import services
from laporan.models import PeriodeBulan, RapatBulanan, RiwayatPeriode
from tests import factories as f
from tests.test_impor_opensid import buku_opensid, keluarga_budi

RAPAT = {"tanggal": dt.date(2026, 11, 3), "tempat": "Balai desa", "peserta": "Ketua", "catatan": ""}


def test_an_exception_in_the_middle_of_an_import_saves_nothing(tmp_path, db, monkeypatch):
    desa = f.DesaFactory(kode="3326012001")
    asli = terapkan._ubah
    dipanggil = []

    def gagal_di_tengah(*args, **kwargs):
        # Families and houses are already written by now; then the disk "fails".
        dipanggil.append(Keluarga.objects.count())
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(terapkan, "_ubah", gagal_di_tengah)
    path = buku_opensid(tmp_path / "a.xlsx", keluarga_budi())
    with pytest.raises(RuntimeError):
        layanan.jalankan(path=path, nama_berkas="a.xlsx", desa=desa, simpan=True)
    assert dipanggil, "the failure was not injected"
    assert (Keluarga.objects.count(), Anggota.objects.count(), Rumah.objects.count()) == (0, 0, 0)
    assert not Dusun.objects.filter(desa=desa).exists()
    assert not Impor.objects.filter(status=Impor.Status.TERSIMPAN).exists()
    monkeypatch.setattr(terapkan, "_ubah", asli)
    hasil = layanan.jalankan(path=path, nama_berkas="a.xlsx", desa=desa, simpan=True)
    assert hasil.impor.status == Impor.Status.TERSIMPAN and Anggota.objects.exists()


@pytest.fixture
def desa_berdata(db):
    desa = f.DesaFactory(kode="3326012001", bulan_awal_data=dt.date(2026, 9, 1))
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1980, 1, 1))
    return desa


def test_an_exception_in_the_middle_of_a_month_close_saves_nothing(desa_berdata, monkeypatch):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa_berdata)

    def gagal(*args, **kwargs):
        raise RuntimeError("listrik padam")

    monkeypatch.setattr(services, "beku_daftar", gagal)
    with pytest.raises(RuntimeError):
        services.tutup_bulan(desa=desa_berdata, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    assert not PeriodeBulan.objects.filter(desa=desa_berdata, status="ditutup").exists()
    assert not RapatBulanan.objects.exists() and not RiwayatPeriode.objects.exists()


# serialized_rollback: restore the role groups that an earlier live-server test's flush removed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_admins_closing_the_same_month_at_once(desa_berdata):
    a = f.persona(Peran.ADMIN_DESA, desa=desa_berdata)
    b = f.persona(Peran.OPERATOR, desa=desa_berdata)
    if connection.vendor != "postgresql":
        # SQLite serialises writers on the file; the second close then finds the month closed.
        services.tutup_bulan(desa=desa_berdata, tahun=2026, bulan=9, oleh=a, rapat=RAPAT)
        with pytest.raises(ValidationError, match="sudah ditutup"):
            services.tutup_bulan(desa=desa_berdata, tahun=2026, bulan=9, oleh=b, rapat=RAPAT)
        return
    mulai = threading.Barrier(2)
    hasil: dict = {}

    def tutup(nama, user):
        try:
            mulai.wait()
            services.tutup_bulan(desa=desa_berdata, tahun=2026, bulan=9, oleh=user, rapat=RAPAT)
            hasil[nama] = "ok"
        except ValidationError as e:
            hasil[nama] = " ".join(e.messages)
        finally:
            connections.close_all()

    t = [threading.Thread(target=tutup, args=(n, u)) for n, u in (("a", a), ("b", b))]
    for x in t:
        x.start()
    for x in t:
        x.join(timeout=120)
    assert sorted(hasil.values(), key=lambda v: v != "ok")[0] == "ok"
    gagal = [v for v in hasil.values() if v != "ok"]
    assert len(gagal) == 1 and "sudah ditutup" in gagal[0]
    assert RiwayatPeriode.objects.filter(aksi="tutup").count() == 1
