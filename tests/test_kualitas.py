"""The data-quality worklist (DOMAIN.md §5 item 8): each check against hand-counted fixtures,
a fixed query count, and the page behind the access gate (ROLES.md)."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keluarga import akses, kode, kualitas
from keluarga.akses import K, Peran
from keluarga.models import (
    Anggota,
    Kehamilan,
    LogAkses,
    Peristiwa,
    PindahRumah,
    StatusKB,
    normalisasi_nama,
)
from keluarga.validators import nik_cocok
from keluarga.views import kualitas as v_kualitas
from tests import factories as f

D = dt.date(2026, 10, 31)
L, P = kode.JenisKelamin.LAKI_LAKI, kode.JenisKelamin.PEREMPUAN
H = kode.HubunganKK
KAWIN, BELUM = kode.StatusKawin.KAWIN, kode.StatusKawin.BELUM_KAWIN
Y, T = kode.JawabanKS.YA, kode.JawabanKS.TIDAK
URL = "/kualitas-data/"


def tgl(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


@pytest.fixture
def v(db):
    desa = f.DesaFactory()
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")
    return SimpleNamespace(desa=desa, rt1=rt1, rt2=rt2, ids=[desa.pk])


def keluarga(rt, **data):
    return f.KeluargaFactory(rumah__rt=rt, desa=rt.desa, **data)


def orang(kel, nama, jk=P, lahir="1990-01-01", hubungan=H.ANAK, kawin=BELUM, **extra):
    return f.AnggotaFactory(
        keluarga=kel,
        nama=nama,
        nama_normal=normalisasi_nama(nama),
        jenis_kelamin=jk,
        tanggal_lahir=tgl(lahir),
        hubungan=hubungan,
        status_kawin=kawin,
        **extra,
    )


def pasangan(rt, istri, lahir_istri="1995-01-01", **data):
    """A family with a married head and wife (the wife is PUS when aged 15–49)."""
    kel = keluarga(rt, **data)
    orang(kel, f"Suami {istri}", L, "1990-01-01", H.KEPALA, KAWIN)
    return kel, orang(kel, istri, P, lahir_istri, H.ISTRI, KAWIN)


def peristiwa(a, jenis, tanggal):
    return Peristiwa.objects.create(
        anggota=a, jenis=jenis, tanggal=tgl(tanggal), tanggal_lapor=tgl(tanggal)
    )


def status_kb(a, mulai, metode=None, alasan=None, selesai=None):
    return StatusKB.objects.create(
        anggota=a,
        metode=metode,
        alasan=alasan,
        mulai=tgl(mulai),
        selesai=tgl(selesai) if selesai else None,
    )


def hamil(ibu, mulai, selesai=None, hasil=""):
    return Kehamilan.objects.create(
        ibu=ibu, mulai=tgl(mulai), selesai=tgl(selesai) if selesai else None, hasil=hasil
    )


def temuan(kunci, v, rt_ids=None, tanggal=D):
    """Names (members) or No KK (families) a check finds; its count in hitung_semua must agree."""
    cek = kualitas.CEK[kunci]
    qs = cek.fungsi(tanggal, v.ids, rt_ids)
    kolom = "nama" if cek.tingkat == "anggota" else "no_kk"
    hasil = sorted(qs.values_list(kolom, flat=True))
    assert kualitas.hitung_semua(tanggal, v.ids, rt_ids)[kunci] == len(hasil)
    return hasil


# --- the checks --------------------------------------------------------------------------------


def test_pus_belum_terdata_lists_pus_with_nothing_recorded_on_the_date(v):
    pasangan(v.rt1, "Kosong")  # positive: PUS, nothing recorded
    _, selesai = pasangan(v.rt1, "Pil selesai")  # positive: her Pil ended before D
    status_kb(selesai, "2024-01-01", metode="pil", selesai="2026-10-01")
    _, pil = pasangan(v.rt1, "Pil")
    status_kb(pil, "2024-01-01", metode="pil")
    _, ias = pasangan(v.rt2, "IAS")
    status_kb(ias, "2026-01-01", alasan="ias")
    _, hml = pasangan(v.rt2, "Hamil")
    hamil(hml, "2026-06-01")
    kel_mop, _ = pasangan(v.rt2, "Suami MOP")
    status_kb(kel_mop.anggota_set.get(hubungan=H.KEPALA), "2020-01-01", metode="mop")
    pasangan(v.rt2, "Umur 50", lahir_istri="1976-10-31")  # not PUS: turns 50 on D
    orang(keluarga(v.rt2), "Belum kawin", P, "1995-01-01")  # not PUS
    _, pindah = pasangan(v.rt2, "Pindah")
    peristiwa(pindah, kode.JenisPeristiwa.PINDAH_KELUAR, "2026-05-01")  # not in the population

    assert temuan("pus_belum_terdata", v) == ["Kosong", "Pil selesai"]
    assert temuan("pus_belum_terdata", v, rt_ids=[v.rt2.pk]) == []


def test_nik_tidak_cocok_flags_digits_that_disagree_with_birth_date_or_sex(v):
    kel = keluarga(v.rt1)
    orang(kel, "Benar P", P, "1990-01-05", nik="3326014501900001")
    orang(kel, "Benar L", L, "1990-01-05", nik="3326010501900002")
    orang(kel, "Benar 31", P, "2000-12-31", nik="3326017112000003")
    orang(kel, "Kode laki", P, "1990-01-05", nik="3326010501900004")  # woman coded as a man
    orang(kel, "Kode perempuan", L, "1990-01-05", nik="3326014501900005")
    orang(kel, "Salah bulan", P, "1990-01-05", nik="3326014502900006")
    orang(kel, "Salah tahun", P, "1990-01-05", nik="3326014501910007")
    orang(kel, "Tanpa NIK", P, "1990-01-05", nik=None)
    orang(kel, "NIK rusak", P, "1990-01-05", nik="33260145019A0008")  # not 16 digits: skipped
    orang(kel, "NIK pendek", P, "1990-01-05", nik="332601450190001")
    mati = orang(kel, "Meninggal", P, "1990-01-05", nik="3326010101900009")
    peristiwa(mati, kode.JenisPeristiwa.MENINGGAL, "2026-01-01")

    assert temuan("nik_tidak_cocok", v) == [
        "Kode laki",
        "Kode perempuan",
        "Salah bulan",
        "Salah tahun",
    ]


def test_nik_tidak_cocok_in_sql_agrees_with_validators_nik_cocok(v):
    rng = random.Random(7)
    kel = keluarga(v.rt1)
    for i in range(120):
        lahir = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 35000))
        jk = rng.choice([L, P])
        nik = f.nik_untuk(lahir, jk, i)
        ubah = rng.randrange(5)
        if ubah == 1:  # another day, possibly on the other side of +40
            nik = nik[:6] + f"{rng.randrange(1, 72):02d}" + nik[8:]
        elif ubah == 2:
            nik = nik[:8] + f"{rng.randrange(1, 13):02d}" + nik[10:]
        elif ubah == 3:
            nik = nik[:10] + f"{rng.randrange(100):02d}" + nik[12:]
        orang(kel, f"Warga {i}", jk, lahir.isoformat(), nik=nik)
    harapan = sorted(
        a.nama
        for a in Anggota.objects.filter(keluarga=kel)
        if not nik_cocok(a.nik, a.tanggal_lahir, a.jenis_kelamin)
    )
    assert len(harapan) > 20
    assert temuan("nik_tidak_cocok", v) == harapan


def test_kemungkinan_ganda_counts_every_person_of_a_duplicate_group(v):
    k1, k2 = keluarga(v.rt1), keluarga(v.rt2)
    orang(k1, "Siti Aminah", P, "1990-01-01")
    orang(k2, "SITI  aminah.", P, "1990-01-01")  # same normalised name and birth date
    orang(k2, "Siti Aminah", P, "1991-01-01")  # another birth date: not a duplicate
    for _ in range(3):
        orang(k1, "Ani", P, "2000-02-02")  # a group of three counts three
    orang(k1, "Budi", L, "1980-01-01")
    mati = orang(k2, "Budi", L, "1980-01-01")
    peristiwa(mati, kode.JenisPeristiwa.MENINGGAL, "2025-01-01")  # the twin died: no duplicate
    orang(k1, "...", P, "1970-01-01")
    orang(k2, "!!!", P, "1970-01-01")  # empty normalised names are not matched

    assert temuan("kemungkinan_ganda", v) == ["Ani", "Ani", "Ani", "SITI  aminah.", "Siti Aminah"]
    # A kader of RT 2 sees their own row even though its twin lives in RT 1.
    assert temuan("kemungkinan_ganda", v, rt_ids=[v.rt2.pk]) == ["SITI  aminah."]


def test_laki_laki_data_kb_perempuan_flags_a_pregnancy_or_a_womans_method(v):
    kel = keluarga(v.rt1)
    hamil(orang(kel, "Hamil", L, "1990-01-01"), "2026-01-01")
    status_kb(orang(kel, "Pil", L, "1990-01-01"), "2025-01-01", metode="pil", selesai="2025-06-01")
    status_kb(orang(kel, "Alasan", L, "1990-01-01"), "2025-01-01", alasan="tial")
    status_kb(orang(kel, "MOP", L, "1990-01-01"), "2025-01-01", metode="mop")
    status_kb(orang(kel, "Kondom", L, "1990-01-01"), "2025-01-01", metode="kondom")
    status_kb(orang(kel, "Perempuan", P, "1990-01-01"), "2025-01-01", metode="pil")
    status_kb(orang(kel, "Sesudah D", L, "1990-01-01"), "2026-11-01", metode="iud")
    mati = orang(kel, "Meninggal", L, "1990-01-01")
    status_kb(mati, "2025-01-01", metode="suntik")
    peristiwa(mati, kode.JenisPeristiwa.MENINGGAL, "2026-02-01")

    assert temuan("laki_laki_data_kb_perempuan", v) == ["Alasan", "Hamil", "Pil"]


def test_metode_saat_hamil_flags_a_method_open_during_an_open_pregnancy(v):
    kel = keluarga(v.rt1)
    a = orang(kel, "Pil terbuka", lahir="1995-01-01")
    status_kb(a, "2024-01-01", metode="pil")
    hamil(a, "2026-08-01")
    b = orang(kel, "Mulai pada D", lahir="1995-01-01")
    status_kb(b, "2026-10-31", metode="suntik")  # [start, end): starting on D counts
    hamil(b, "2026-09-01")
    c = orang(kel, "Berakhir pada D", lahir="1995-01-01")
    status_kb(c, "2024-01-01", metode="pil", selesai="2026-10-31")  # ending on D does not
    hamil(c, "2026-09-01")
    d = orang(kel, "Alasan", lahir="1995-01-01")
    status_kb(d, "2026-01-01", alasan="ias")
    hamil(d, "2026-05-01")
    e = orang(kel, "Sudah lahir", lahir="1995-01-01")
    status_kb(e, "2024-01-01", metode="pil")
    hamil(e, "2025-09-01", selesai="2026-06-01", hasil="lahir")

    assert temuan("metode_saat_hamil", v) == ["Mulai pada D", "Pil terbuka"]


def test_hamil_lebih_10_bulan_flags_pregnancies_open_past_the_limit(v):
    # D − 10 months = 31 Dec 2025: a start before it is over 10 months, on it is not yet.
    kel = keluarga(v.rt2)
    hamil(orang(kel, "Sehari lewat", lahir="1995-01-01"), "2025-12-30")
    hamil(orang(kel, "Tepat 10 bulan", lahir="1995-01-01"), "2025-12-31")
    hamil(orang(kel, "Berakhir sesudah D", lahir="1995-01-01"), "2025-11-01", "2026-11-05", "lahir")
    hamil(orang(kel, "Sudah berakhir", lahir="1995-01-01"), "2025-01-01", "2025-10-01", "lahir")
    pindah = orang(kel, "Pindah", lahir="1995-01-01")
    hamil(pindah, "2025-06-01")
    peristiwa(pindah, kode.JenisPeristiwa.PINDAH_KELUAR, "2026-03-01")

    assert temuan("hamil_lebih_10_bulan", v) == ["Berakhir sesudah D", "Sehari lewat"]


def test_ibu_di_bawah_12_tahun_flags_a_child_born_before_the_mothers_12th_birthday(v):
    kel = keluarga(v.rt1)
    ibu = orang(kel, "Ibu 2010", P, "2010-05-05")
    orang(kel, "Anak 11 tahun", L, "2022-05-04", ibu=ibu)
    orang(kel, "Anak tepat 12", L, "2022-05-05", ibu=ibu)
    kabisat = orang(kel, "Ibu 29 Feb", P, "2000-02-29")
    orang(kel, "Anak 28 Feb", L, "2012-02-28", ibu=kabisat)
    orang(kel, "Anak 29 Feb", L, "2012-02-29", ibu=kabisat)
    orang(kel, "Tanpa ibu", L, "2012-02-28")
    mati = orang(kel, "Anak meninggal", L, "2015-01-01", ibu=ibu)
    peristiwa(mati, kode.JenisPeristiwa.MENINGGAL, "2016-01-01")

    assert temuan("ibu_di_bawah_12_tahun", v) == ["Anak 11 tahun", "Anak 28 Feb"]


def test_kepala_keluarga_tidak_satu_flags_families_with_no_head_or_two(v):
    satu = keluarga(v.rt1, no_kk="3326010000000001")
    orang(satu, "Kepala", L, "1980-01-01", H.KEPALA)
    tanpa = keluarga(v.rt1, no_kk="3326010000000002")
    kepala = orang(tanpa, "Kepala meninggal", L, "1980-01-01", H.KEPALA)
    orang(tanpa, "Janda", P, "1982-01-01", H.ISTRI)
    peristiwa(kepala, kode.JenisPeristiwa.MENINGGAL, "2026-09-01")
    dua = keluarga(v.rt2, no_kk="3326010000000003")
    orang(dua, "Kepala 1", L, "1980-01-01", H.KEPALA)
    # Marked "pindah" without a dated event: still in the population, so a second head on D.
    orang(dua, "Kepala 2", L, "1981-01-01", H.KEPALA, status_hidup=kode.StatusHidup.PINDAH)
    nanti = keluarga(v.rt2, no_kk="3326010000000004")
    kepala_nanti = orang(nanti, "Meninggal sesudah D", L, "1980-01-01", H.KEPALA)
    peristiwa(kepala_nanti, kode.JenisPeristiwa.MENINGGAL, "2026-11-05")
    kosong = keluarga(v.rt2, no_kk="3326010000000005")
    keluar = orang(kosong, "Semua pindah", P, "1980-01-01", H.ANAK)
    peristiwa(keluar, kode.JenisPeristiwa.PINDAH_KELUAR, "2026-01-01")  # no longer a family on D

    assert temuan("kepala_keluarga_tidak_satu", v) == ["3326010000000002", "3326010000000003"]
    jumlah = dict(
        kualitas.kepala_keluarga_tidak_satu(D, v.ids).values_list("no_kk", "jumlah_kepala")
    )
    assert jumlah == {"3326010000000002": 0, "3326010000000003": 2}


def test_data_krs_belum_lengkap_is_a_sasaran_family_without_known_risk_and_unknown_data(v):
    pasangan(v.rt1, "Air kosong", no_kk="3326010000000011", sumber_air="", jamban="sendiri_septic")
    pasangan(v.rt1, "Jamban buruk", no_kk="3326010000000012", sumber_air="", jamban="tidak_ada")
    pasangan(
        v.rt1, "Lengkap", no_kk="3326010000000013", sumber_air="ledeng", jamban="sendiri_septic"
    )
    tua = keluarga(v.rt2, no_kk="3326010000000014", sumber_air="", jamban="")
    orang(tua, "Lansia", L, "1950-01-01", H.KEPALA, KAWIN)
    orang(tua, "Lansia istri", P, "1955-01-01", H.ISTRI, KAWIN)  # not sasaran
    pasangan(v.rt2, "Terlalu tua", "1989-01-01", no_kk="3326010000000015", sumber_air="", jamban="")

    assert temuan("data_krs_belum_lengkap", v) == ["3326010000000011"]


def test_belum_diverifikasi_12_bulan_flags_families_never_or_long_ago_verified(v):
    # D − 12 months = 31 Oct 2025.
    for no_kk, verif in [
        ("3326010000000021", None),
        ("3326010000000022", tgl("2025-10-30")),
        ("3326010000000023", tgl("2025-10-31")),
        ("3326010000000024", tgl("2026-05-01")),
    ]:
        orang(
            keluarga(v.rt1, no_kk=no_kk, terakhir_diverifikasi=verif),
            f"KK {no_kk}",
            L,
            "1980-01-01",
            H.KEPALA,
        )
    kosong = keluarga(v.rt1, no_kk="3326010000000025")
    mati = orang(kosong, "Sendiri", L, "1940-01-01", H.KEPALA)
    peristiwa(mati, kode.JenisPeristiwa.MENINGGAL, "2026-01-01")

    assert temuan("belum_diverifikasi_12_bulan", v) == ["3326010000000021", "3326010000000022"]


def test_tahapan_ks_belum_lengkap_flags_started_answers_with_blanks(v):
    jawaban = {
        "3326010000000031": {"1": Y},  # KS I half answered
        "3326010000000032": {**{str(n): Y for n in range(1, 7)}, "7": Y},  # KS II half answered
        "3326010000000033": {},  # never asked: optional, not a worklist item
        "3326010000000034": {str(n): Y for n in range(1, 22)},  # KS III Plus
        "3326010000000035": {"1": T},  # Pra-S: the blanks after a Tidak do not matter
    }
    for no_kk, ks in jawaban.items():
        kel = keluarga(v.rt2, no_kk=no_kk, indikator_ks=ks)
        kel.tahapan_ks = kel.hitung_tahapan_ks()
        kel.save()
        orang(kel, f"KK {no_kk}", L, "1980-01-01", H.KEPALA)

    assert temuan("tahapan_ks_belum_lengkap", v) == ["3326010000000031", "3326010000000032"]


def test_checks_follow_the_rt_of_the_house_on_the_date(v):
    kel, istri = pasangan(v.rt1, "Pindah rumah")
    rumah_baru = f.RumahFactory(rt=v.rt2)
    PindahRumah.objects.create(
        keluarga=kel,
        rumah_asal=kel.rumah,
        rumah_tujuan=rumah_baru,
        tanggal=tgl("2026-11-10"),
        tanggal_lapor=tgl("2026-11-10"),
    )
    kel.rumah = rumah_baru
    kel.save()
    # On D the family still lived in RT 1.
    assert temuan("pus_belum_terdata", v, rt_ids=[v.rt1.pk]) == ["Pindah rumah"]
    assert temuan("pus_belum_terdata", v, rt_ids=[v.rt2.pk]) == []
    assert temuan("belum_diverifikasi_12_bulan", v, rt_ids=[v.rt1.pk]) == [kel.no_kk]


def test_hitung_semua_is_zero_without_scope(v):
    pasangan(v.rt1, "Kosong")
    assert kualitas.hitung_semua(D, []) == dict.fromkeys(kualitas.CEK, 0)
    assert kualitas.hitung_semua(D, v.ids, rt_ids=[]) == dict.fromkeys(kualitas.CEK, 0)
    assert set(kualitas.hitung_semua(D, v.ids)) == set(kualitas.CEK)


def _desa_campur(v, n: int, awal: int = 0):
    """n families that each trip several checks."""
    for i in range(awal, awal + n):
        kel, istri = pasangan(v.rt1 if i % 2 else v.rt2, f"Istri {i}", sumber_air="")
        orang(kel, f"Anak {i}", L, "2015-01-01", ibu=istri, nik=f"3326019999{i:06d}")
        hamil(istri, "2025-01-01")
        status_kb(istri, "2024-01-01", metode="pil")


def test_hitung_semua_agrees_with_each_check_and_needs_a_fixed_number_of_queries(v):
    _desa_campur(v, 3)
    with CaptureQueriesContext(connection) as sedikit:
        hasil = kualitas.hitung_semua(D, v.ids)
    assert hasil == {k: c.fungsi(D, v.ids).count() for k, c in kualitas.CEK.items()}
    assert hasil["hamil_lebih_10_bulan"] == 3
    assert hasil["kepala_keluarga_tidak_satu"] == 0
    _desa_campur(v, 12, awal=3)
    # A move after D switches every query to the dated family/house expressions.
    kel = Anggota.objects.get(nama="Istri 0").keluarga
    PindahRumah.objects.create(
        keluarga=kel,
        rumah_asal=kel.rumah,
        rumah_tujuan=f.RumahFactory(rt=v.rt1),
        tanggal=tgl("2026-11-10"),
        tanggal_lapor=tgl("2026-11-10"),
    )
    with CaptureQueriesContext(connection) as banyak:
        hasil = kualitas.hitung_semua(D, v.ids)
    assert len(banyak) == len(sedikit) == 5
    assert hasil == {k: c.fungsi(D, v.ids).count() for k, c in kualitas.CEK.items()}
    assert hasil["hamil_lebih_10_bulan"] == 15
    assert hasil["metode_saat_hamil"] == 15
    assert hasil["nik_tidak_cocok"] == 15


def test_hitung_semua_stays_under_the_limit_with_more_families(v, django_assert_max_num_queries):
    _desa_campur(v, 20)
    with django_assert_max_num_queries(5):
        kualitas.hitung_semua(D, v.ids, rt_ids=[v.rt1.pk])


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def halaman(v):
    """Today's worklist: one PUS belum terdata in each RT, and a desa next door."""
    kel1, istri1 = pasangan(v.rt1, "Rina Satu", no_kk="3326010000000101")
    kel2, istri2 = pasangan(v.rt2, "Dewi Dua", no_kk="3326010000000102")
    lain = f.DesaFactory()
    rt_lain = f.RTFactory(rw__dusun__desa=lain)
    pasangan(rt_lain, "Orang Lain", no_kk="3326010000000103")
    return SimpleNamespace(v=v, kel1=kel1, kel2=kel2, istri1=istri1, istri2=istri2, lain=lain)


def masuk(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, halaman):
    r = client.get(URL)
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("peran", [Peran.KEPALA_DESA, Peran.KECAMATAN, None])
def test_roles_without_the_worklist_get_403(client, halaman, peran):
    user = f.persona(peran, desa=halaman.v.desa, kecamatan_kode=halaman.v.desa.kode[:6])
    assert masuk(client, user).get(URL).status_code == 403
    assert not LogAkses.objects.exists()


def test_admin_sees_every_check_with_counts_names_and_links(client, halaman):
    admin = f.persona(Peran.ADMIN_DESA, desa=halaman.v.desa)
    r = masuk(client, admin).get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    for cek in kualitas.CEK.values():
        assert str(cek.judul) in html
    bagian = {b["cek"].kunci: b for b in r.context["bagian"]}
    assert bagian["pus_belum_terdata"]["jumlah"] == 2
    assert bagian["belum_diverifikasi_12_bulan"]["jumlah"] == 2
    assert [b.nama for b in bagian["pus_belum_terdata"]["baris"]] == ["Dewi Dua", "Rina Satu"]
    assert reverse("keluarga:detail", args=[halaman.kel1.pk]) in html
    assert reverse("keluarga:detail", args=[halaman.kel2.pk]) in html
    assert halaman.istri1.nik in html and "3326010000000101" in html
    assert "Orang Lain" not in html


def test_a_user_of_another_desa_sees_none_of_these_rows(client, halaman):
    operator = f.persona(Peran.OPERATOR, desa=halaman.lain)
    r = masuk(client, operator).get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Orang Lain" in html
    assert "Rina Satu" not in html and "Dewi Dua" not in html
    assert reverse("keluarga:detail", args=[halaman.kel1.pk]) not in html


def test_a_kader_sees_only_their_own_rts_rows(client, halaman):
    kader = f.persona(Peran.KADER, desa=halaman.v.desa, rt=[halaman.v.rt1])
    r = masuk(client, kader).get(URL)
    html = r.content.decode()
    assert "Rina Satu" in html
    assert "Dewi Dua" not in html
    bagian = {b["cek"].kunci: b["jumlah"] for b in r.context["bagian"]}
    assert bagian["pus_belum_terdata"] == 1
    r = client.get(URL, {"cek": "pus_belum_terdata"})
    assert [b.nama for b in r.context["bagian"][0]["baris"]] == ["Rina Satu"]


def test_a_kader_without_regions_sees_an_empty_worklist(client, halaman):
    kader = f.persona(Peran.KADER, desa=halaman.v.desa)
    r = masuk(client, kader).get(URL)
    assert r.status_code == 200
    assert r.context["total"] == 0
    assert "Rina Satu" not in r.content.decode()
    r = client.get(URL, {"cek": "belum_diverifikasi_12_bulan"})
    assert r.context["bagian"][0]["jumlah"] == 0


def test_penyuluh_sees_the_rows_of_all_their_desa(client, halaman):
    penyuluh = f.persona(Peran.PENYULUH, desa_list=[halaman.v.desa, halaman.lain])
    html = masuk(client, penyuluh).get(URL).content.decode()
    assert "Rina Satu" in html and "Orang Lain" in html


def test_nik_and_no_kk_are_masked_for_a_role_without_full_nik(client, halaman, monkeypatch):
    monkeypatch.setitem(akses.MATRIKS[K.NIK_PENUH], Peran.OPERATOR, akses.M)
    operator = f.persona(Peran.OPERATOR, desa=halaman.v.desa)
    html = masuk(client, operator).get(URL).content.decode()
    assert "Rina Satu" in html
    assert halaman.istri1.nik not in html
    assert akses.samarkan(halaman.istri1.nik) in html
    assert "3326010000000101" not in html and akses.samarkan("3326010000000101") in html
    assert not LogAkses.objects.filter(jenis="nik_penuh").exists()
    assert LogAkses.objects.filter(jenis="daftar_nama", user=operator).count() == 1


def test_viewing_the_worklist_writes_the_access_log(client, halaman):
    admin = f.persona(Peran.ADMIN_DESA, desa=halaman.v.desa)
    masuk(client, admin).get(URL)
    log = LogAkses.objects.get(jenis="daftar_nama")
    assert (log.user, log.path) == (admin, URL)
    assert "Kualitas data" in log.objek
    assert LogAkses.objects.filter(jenis="nik_penuh", user=admin).count() == 1
    client.get(URL, {"cek": "pus_belum_terdata"})
    assert LogAkses.objects.filter(
        jenis="daftar_nama", objek__contains="PUS belum terdata"
    ).exists()


def test_one_check_is_listed_in_full_and_paginated(client, halaman, monkeypatch):
    monkeypatch.setattr(v_kualitas, "UKURAN_HALAMAN", 1)
    admin = f.persona(Peran.ADMIN_DESA, desa=halaman.v.desa)
    r = masuk(client, admin).get(URL, {"cek": "pus_belum_terdata"})
    assert r.status_code == 200
    assert [b.nama for b in r.context["bagian"][0]["baris"]] == ["Dewi Dua"]
    assert r.context["bagian"][0]["jumlah"] == 2
    assert "hal=2" in r.content.decode()
    r = client.get(URL, {"cek": "pus_belum_terdata", "hal": 2})
    assert [b.nama for b in r.context["bagian"][0]["baris"]] == ["Rina Satu"]
    assert str(kualitas.CEK["belum_diverifikasi_12_bulan"].judul) not in r.content.decode()


def test_an_unknown_check_is_404(client, halaman):
    admin = f.persona(Peran.ADMIN_DESA, desa=halaman.v.desa)
    assert masuk(client, admin).get(URL, {"cek": "tidak_ada"}).status_code == 404


def test_family_rows_name_the_head_or_say_there_is_none(client, halaman):
    kepala = halaman.kel2.anggota_set.get(hubungan=H.KEPALA)
    peristiwa(kepala, kode.JenisPeristiwa.MENINGGAL, "2026-01-01")
    kepala.status_hidup = kode.StatusHidup.MENINGGAL
    kepala.save()
    admin = f.persona(Peran.ADMIN_DESA, desa=halaman.v.desa)
    r = masuk(client, admin).get(URL, {"cek": "kepala_keluarga_tidak_satu"})
    [baris] = r.context["bagian"][0]["baris"]
    assert baris.nama == "(tanpa kepala keluarga)"
    assert baris.url == reverse("keluarga:detail", args=[halaman.kel2.pk])
    r = client.get(URL, {"cek": "belum_diverifikasi_12_bulan"})
    assert [b.nama for b in r.context["bagian"][0]["baris"]] == [
        "Suami Rina Satu",
        "(tanpa kepala keluarga)",
    ]


def test_the_page_needs_a_fixed_number_of_queries(client, halaman):
    admin = f.persona(Peran.ADMIN_DESA, desa=halaman.v.desa)
    _desa_campur(halaman.v, 2)  # every check that this data trips now lists rows
    masuk(client, admin).get(URL)  # warm the session
    with CaptureQueriesContext(connection) as sedikit:
        assert client.get(URL).status_code == 200
    _desa_campur(halaman.v, 10, awal=2)
    with CaptureQueriesContext(connection) as banyak:
        assert client.get(URL).status_code == 200
    assert len(banyak) == len(sedikit)
