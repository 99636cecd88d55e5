"""Remembered month figures (issue 15): the data stamp, its writers, the store and its checks."""

import datetime as dt
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test.utils import override_settings
from django.urls import reverse

from keluarga import cap
from keluarga import services as ks
from keluarga.akses import Peran
from keluarga.models import Anggota, CapData, Desa, Keluarga
from laporan import services
from laporan.models import AngkaBulan
from poktan import services as poktan
from poktan.models import Kelompok
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)

RAPAT = {"tanggal": dt.date(2026, 11, 3), "tempat": "Balai desa", "peserta": "Ketua", "catatan": ""}


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


def nomor(desa) -> int:
    return CapData.objects.get(desa=desa).nomor


def test_a_new_desa_gets_its_stamp_from_the_trigger(db):
    d = Desa.objects.create(kode="3326019999", nama="Baru")
    assert CapData.objects.filter(desa=d).exists()


def test_every_data_table_has_its_stamp_trigger(db):
    """A model added later without a trigger is listed here (post_migrate also installs it)."""
    assert cap.pemicu_kurang(connection) == []


def _istri(desa):
    return Anggota.objects.filter(desa=desa, jenis_kelamin="P", hubungan="3").first()


# Every kind of writer, each through its real path; the stamp must move in its transaction.
def _kelahiran(desa, admin, client):
    ibu = _istri(desa)
    ks.catat_kelahiran(
        ibu=ibu, keluarga=ibu.keluarga, tanggal=dt.date(2026, 10, 5), nama="Bayi", jenis_kelamin="L"
    )


def _kematian(desa, admin, client):
    ks.catat_kematian(
        anggota=Anggota.objects.filter(desa=desa).order_by("tanggal_lahir").first(),
        tanggal=dt.date(2026, 10, 6),
    )


def _status_kb(desa, admin, client):
    ks.set_status_kb(anggota=_istri(desa), mulai=dt.date(2026, 10, 7), metode="pil")


def _poktan(desa, admin, client):
    k = poktan.simpan_kelompok(kelompok=Kelompok(desa=desa, jenis="bkb", nama="Mawar"))
    m = poktan.tambah_keanggotaan(
        kelompok=k, keluarga=Keluarga.objects.filter(desa=desa).first(), mulai=dt.date(2026, 9, 1)
    )
    poktan.simpan_pertemuan(
        kelompok=k, tanggal=dt.date(2026, 10, 9), hadir=[m], topik_lain="Pola asuh"
    )


def _tutup(desa, admin, client):
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)


def _buka(desa, admin, client):
    _tutup(desa, admin, client)
    sebelum = nomor(desa)
    services.buka_kembali(desa=desa, tahun=2026, bulan=9, oleh=admin, alasan="salah hitung")
    assert nomor(desa) > sebelum


def _admin_django(desa, admin, client):
    su = f.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(su)
    r = client.post(
        reverse("admin:keluarga_desa_change", args=[desa.pk]),
        {
            "kode": desa.kode,
            "nama": "Nama Baru",
            "kecamatan_nama": "",
            "kabupaten_nama": "",
            "bulan_awal_data": "2026-09-01",
            "lat": "",
            "lng": "",
        },
    )
    assert r.status_code == 302, r.content[:500]


def _sql_mentah(desa, admin, client):
    with connection.cursor() as c:
        c.execute("UPDATE keluarga_anggota SET nama = 'X' WHERE desa_id = %s", [desa.pk])


def _impor(desa, admin, client):
    from impor.models import Impor  # noqa: F401  (the importer's own path is tested below)

    cap.tandai_berubah([desa.pk], dt.date(2026, 10, 1))


PENULIS = {
    "kelahiran": _kelahiran,
    "kematian": _kematian,
    "status_kb": _status_kb,
    "poktan (kelompok, anggota, pertemuan)": _poktan,
    "tutup bulan": _tutup,
    "buka kembali": _buka,
    "admin Django": _admin_django,
    "SQL mentah (pemicu)": _sql_mentah,
    "helper": _impor,
}


@pytest.mark.parametrize("jenis", list(PENULIS))
def test_each_writer_moves_the_stamp_and_the_view_recomputes(desa, client, jenis):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    lama = services.laporan_bulan(desa, 2026, 10)  # stored
    assert AngkaBulan.objects.filter(desa=desa, bulan=dt.date(2026, 10, 1)).count() == 2
    sebelum = nomor(desa)
    PENULIS[jenis](desa, admin, client)
    assert nomor(desa) > sebelum
    assert (
        services._baca_tersimpan(desa.pk, dt.date(2026, 10, 1), "", True, cap.versi_definisi())
        is None
    )  # stale
    baru = services.laporan_bulan(desa, 2026, 10)
    with services.tanpa_simpanan():
        segar = services.laporan_bulan(desa, 2026, 10)
    assert baru == segar
    assert lama["bulan"] == baru["bulan"]


def test_an_import_moves_the_stamp_once_per_import(db, tmp_path):
    from tests.test_impor_opensid import buku_opensid, keluarga_budi

    d = f.DesaFactory(kode="3326012001", nama="Desa Impor")
    sebelum = nomor(d)
    call_command(
        "import_data",
        str(buku_opensid(tmp_path / "p.xlsx", keluarga_budi())),
        "--desa",
        d.kode,
        stdout=__import__("io").StringIO(),
    )
    assert Anggota.objects.filter(desa=d).exists()
    assert nomor(d) > sebelum


def test_a_write_in_another_desa_leaves_this_desas_figures_current(desa):
    services.laporan_bulan(desa, 2026, 10)
    lain = f.DesaFactory()
    f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=lain), desa=lain)
    assert (
        services._baca_tersimpan(desa.pk, dt.date(2026, 10, 1), "", True, cap.versi_definisi())
        is not None
    )


def test_a_settings_change_makes_stored_figures_stale(desa, settings):
    services.laporan_bulan(desa, 2026, 10)
    versi = cap.versi_definisi()
    ubah = {**settings.RUMAHDATAKU, "KRS_TERLALU_MUDA_DI_BAWAH": 21}
    with override_settings(RUMAHDATAKU=ubah):
        assert cap.versi_definisi() != versi
        assert (
            services._baca_tersimpan(desa.pk, dt.date(2026, 10, 1), "", True, cap.versi_definisi())
            is None
        )
        r = services.laporan_bulan(desa, 2026, 10)
        with services.tanpa_simpanan():
            assert r == services.laporan_bulan(desa, 2026, 10)
    assert AngkaBulan.objects.get(desa=desa, bulan=dt.date(2026, 10, 1), lengkap=True).versi != (
        versi
    )


def test_a_stored_current_report_view_reads_few_queries(
    desa, client, django_assert_max_num_queries
):
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    url = reverse("laporan:bulanan_json", args=[desa.kode, "2026-10"])
    pertama = client.get(url).json()
    with django_assert_max_num_queries(12):
        kedua = client.get(url).json()
    assert kedua == pertama and kedua["kb"]["pus"] == 7


def test_the_close_writes_the_small_summary_the_kecamatan_sums(desa, django_assert_max_num_queries):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    row = AngkaBulan.objects.get(desa=desa, bulan=dt.date(2026, 9, 1), kunci="", lengkap=False)
    assert row.cap == nomor(desa)
    with django_assert_max_num_queries(3):
        (r,) = services.ringkasan_desa([desa], 2026, 9)
    assert r["penduduk"] == row.laporan["penduduk"]


def test_kecamatan_sums_stored_summaries_without_recomputing(desa, monkeypatch):
    services.laporan_bulan(desa, 2026, 10)  # stores the summary beside the full report
    hitung = []
    asli = services.laporan_hidup
    monkeypatch.setattr(
        services, "laporan_hidup", lambda *a, **k: hitung.append(a) or asli(*a, **k)
    )
    kec = services.laporan_kecamatan(desa.kode[:6], 2026, 10, dengan_lalu=False)
    assert hitung == []
    assert kec["kb"]["pus"] == 7 and kec["penduduk"]["jumlah"]["total"] == 26


def test_periksa_angka_finds_a_tampered_row_and_rebuilds_it(desa):
    services.laporan_bulan(desa, 2026, 10)
    row = AngkaBulan.objects.get(desa=desa, bulan=dt.date(2026, 10, 1), lengkap=True)
    row.laporan["kb"]["pus"] = 99
    AngkaBulan.objects.filter(pk=row.pk).update(laporan=row.laporan)
    with pytest.raises(CommandError, match="1 angka tersimpan berbeda"):
        call_command("periksa_angka", "--desa", desa.kode, stdout=__import__("io").StringIO())
    call_command(
        "periksa_angka", "--bulan", "2026-10", "--perbaiki", stdout=__import__("io").StringIO()
    )
    assert services.laporan_bulan(desa, 2026, 10)["kb"]["pus"] == 7
    call_command("periksa_angka", stdout=__import__("io").StringIO())  # clean now: exit 0


def test_a_second_viewer_waits_and_reads_the_stored_result(desa, monkeypatch):
    """SQLite serialises writers; the order is the same: one computation, then a read."""
    hitung = []
    asli = services.laporan_hidup
    monkeypatch.setattr(
        services, "laporan_hidup", lambda *a, **k: hitung.append(a) or asli(*a, **k)
    )
    a = services.laporan_bulan(desa, 2026, 10)
    b = services.laporan_bulan(desa, 2026, 10)
    assert a == b and len([h for h in hitung if h[1:3] == (2026, 10)]) == 1


# serialized_rollback: its teardown then leaves the flush to the next serialized test (a plain
# transactional flush re-creates content types under new ids, which the next restore collides with).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_viewers_at_once_compute_once(monkeypatch):
    """PostgreSQL: the second viewer blocks on the advisory lock while the first computes, then
    reads the stored row (SQLite: the same threads, serialised by its write lock)."""
    d = f.DesaFactory(bulan_awal_data=dt.date(2026, 9, 1))
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=d), desa=d)
    f.orang(kel, "Ayah", "L", "1990-01-01", "1")
    hitung, hasil = [], {}
    asli = services.laporan_hidup

    def lambat(*a, **k):
        hitung.append(a[1:3])
        time.sleep(0.5)
        return asli(*a, **k)

    monkeypatch.setattr(services, "laporan_hidup", lambat)

    def lihat(n):
        try:
            hasil[n] = services.laporan_bulan(Desa.objects.get(pk=d.pk), 2026, 10)
        finally:
            connections.close_all()

    t = [threading.Thread(target=lihat, args=(i,)) for i in range(2)]
    t[0].start()
    time.sleep(0.2)
    t[1].start()
    for x in t:
        x.join(30)
    assert hasil[0] == hasil[1]
    assert hitung.count((2026, 10)) == 1
