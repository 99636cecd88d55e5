"""The facts a report reads once (indicators.Pindahan) give the definitions' own answers.

`status_kawin_pada(D, pindah)` and the population inside correlated subqueries
(`penduduk_pada(dalam_desa=False)`) use lists read once for the desa instead of subqueries per
member; here every person, including one recorded in another desa than their family's (which
the services never make, so it keeps the subqueries), is compared with the plain definition.
"""

import datetime as dt

import pytest

from keluarga import indicators as ind
from keluarga import kode, kualitas
from keluarga.models import Anggota, Peristiwa
from tests import factories as f
from tests.factories import orang

D = dt.date(2026, 10, 31)
SEBELUM, SESUDAH = dt.date(2026, 3, 1), dt.date(2026, 11, 15)
L, P = kode.JenisKelamin.LAKI_LAKI, kode.JenisKelamin.PEREMPUAN
H = kode.HubunganKK
SK = kode.StatusKawin
JP = kode.JenisPeristiwa


def peristiwa(a, jenis, tanggal, lama=""):
    return Peristiwa.objects.create(
        anggota=a, jenis=jenis, tanggal=tanggal, tanggal_lapor=tanggal, status_kawin_lama=lama
    )


@pytest.fixture
def dua_desa(db):
    desa, lain = f.DesaFactory(), f.DesaFactory()
    kel = f.KeluargaFactory(rumah__rt__rw__dusun__desa=desa, desa=desa)
    kel_lain = f.KeluargaFactory(rumah__rt__rw__dusun__desa=lain, desa=lain)
    orang(kel, "Kepala", L, "1980-01-01", H.KEPALA)
    # Married before D; married after D (was single); married after D with the old status
    # unknown (the current one applies); divorced before and married again after D.
    w1 = orang(kel, "Istri", P, "1985-01-01", H.ISTRI)
    peristiwa(w1, JP.KAWIN, SEBELUM, SK.BELUM_KAWIN)
    w2 = orang(kel, "Anak", P, "2000-01-01", H.ANAK)
    peristiwa(w2, JP.KAWIN, SESUDAH, SK.BELUM_KAWIN)
    w3 = orang(kel, "Anak 2", P, "2001-01-01", H.ANAK)
    peristiwa(w3, JP.KAWIN, SESUDAH, "")
    w4 = orang(kel, "Anak 3", P, "1995-01-01", H.ANAK)
    peristiwa(w4, JP.CERAI_HIDUP, SEBELUM, SK.KAWIN)
    peristiwa(w4, JP.KAWIN, SESUDAH, SK.CERAI_HIDUP)
    # Moved out before D; moved out and came back before D.
    keluar = orang(kel, "Pergi", L, "1990-01-01", H.ANAK)
    peristiwa(keluar, JP.PINDAH_KELUAR, SEBELUM)
    kembali = orang(kel, "Kembali", L, "1991-01-01", H.ANAK)
    peristiwa(kembali, JP.PINDAH_KELUAR, dt.date(2026, 1, 1))
    peristiwa(kembali, JP.DATANG, SEBELUM)
    # Members of the family recorded in the other desa: one moved out before D, one married
    # after D (was single); and that desa's own people.
    x1 = orang(kel, "Luar 1", L, "1992-01-01", H.ANAK)
    peristiwa(x1, JP.PINDAH_KELUAR, SEBELUM)
    x2 = orang(kel, "Luar 2", P, "1993-01-01", H.ANAK)
    peristiwa(x2, JP.KAWIN, SESUDAH, SK.BELUM_KAWIN)
    Anggota.objects.filter(pk__in=[x1.pk, x2.pk]).update(desa=lain)
    y = orang(kel_lain, "Tetangga", P, "1989-01-01", H.KEPALA)
    peristiwa(y, JP.KAWIN, SESUDAH, SK.CERAI_MATI)
    return {"desa": desa, "lain": lain, "kel": kel}


def test_marital_status_read_once_equals_the_subqueries_for_everyone(dua_desa):
    pindah = ind.ada_pindah_setelah(D, [dua_desa["desa"].pk])
    assert pindah.status_kawin  # the lists are in use
    # ... and hold only who had another status on D than today (bounded by recent changes).
    kini = dict(Anggota.objects.values_list("pk", "status_kawin"))
    assert all(st != kini[a] for a, st in pindah.status_kawin.items())
    dibaca = dict(
        Anggota.objects.annotate(s=ind.status_kawin_pada(D, pindah)).values_list("pk", "s")
    )
    definisi = dict(Anggota.objects.annotate(s=ind.status_kawin_pada(D)).values_list("pk", "s"))
    assert dibaca == definisi
    nama = dict(Anggota.objects.values_list("pk", "nama"))
    per_nama = {nama[k]: v for k, v in definisi.items()}
    assert per_nama["Istri"] == SK.KAWIN
    assert per_nama["Anak"] == SK.BELUM_KAWIN
    assert per_nama["Anak 2"] == SK.KAWIN  # the current status: the old one is unknown
    assert per_nama["Anak 3"] == SK.CERAI_HIDUP
    assert per_nama["Luar 2"] == SK.BELUM_KAWIN
    assert per_nama["Tetangga"] == SK.CERAI_MATI


def test_population_inside_subqueries_equals_the_presence_rule_for_everyone(dua_desa):
    ids = [dua_desa["desa"].pk]
    pindah = ind.ada_pindah_setelah(D, ids)
    assert pindah.keluar
    dibaca = set(
        ind.penduduk_pada(D, ids, dalam_desa=False, pindah=pindah).values_list("pk", flat=True)
    )
    definisi = set(ind.saring_penduduk(Anggota.objects.all(), D).values_list("pk", flat=True))
    assert dibaca == definisi
    assert set(Anggota.objects.filter(pk__in=definisi).values_list("nama", flat=True)) == {
        "Kepala",
        "Istri",
        "Anak",
        "Anak 2",
        "Anak 3",
        "Kembali",
        "Luar 2",
        "Tetangga",
    }


def test_the_family_checks_counted_in_the_family_pass_equal_the_worklists_own(dua_desa):
    ids = [dua_desa["desa"].pk]
    kel = ind.jumlahkan(
        ind.hitung_keluarga(D, ids, tambahan=kualitas.SYARAT_KELUARGA_LAPORAN).values()
    )
    sendiri = kualitas.hitung_semua(D, ids)
    for k in kualitas.SYARAT_KELUARGA_LAPORAN:
        assert kel[k] == sendiri[k], k
    assert kel["krs_data_belum_lengkap"] == sendiri["data_krs_belum_lengkap"]
    # The family has one head: not flagged; it is never verified: flagged.
    assert sendiri["kepala_keluarga_tidak_satu"] == 0
    assert sendiri["belum_diverifikasi_12_bulan"] == 1
