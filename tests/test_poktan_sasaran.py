"""Poktan targets, active members, participation and "belum lapor" (DOMAIN.md §2 Poktan), against
a hand-counted village in September 2026 (reference date 30-09-2026; active window 01-07 … 30-09).

Dusun Krajan: RW 001 (RT 001, RT 002), RW 002 (RT 003).

| family | RT | members on 30-09 | targets of |
|---|---|---|---|
| K1 | 001 | mother 30, child born 01-04-2021 (65 months) | BKB, UPPKA |
| K2 | 001 | father 40, child born 30-09-2020 (72 months exactly: not BKB) | UPPKA |
| K3 | 002 | father 45, Rina 15 belum kawin | BKR, PIK-R (Rina), UPPKA |
| K4 | 003 | Sari 20 Kawin (not remaja), grandmother 65 | BKL, UPPKA |
| K5 | 003 | balita born 01-01-2025, grandfather 70 | BKB, BKL, Posyandu, UPPKA |
| K6 | 002 | child born 06-06-2024 | BKB, Posyandu, UPPKA |
| K7 | 001 | moved out on 01-05-2026: no one left | – |

Groups: BKB Mawar (RW 001; K1 and K2; meetings 15-06 both, 15-08 K1; none in September),
BKR Melati (whole desa; K3, and K4 until 30-09; 05-09 both attend), PIK-R Cendana (Rina from
30-09, no meeting), UPPKA Sejahtera (K4; 20-09 attends). No BKL, no posyandu.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keluarga.models import Peristiwa, StatusKB
from poktan import indicators as pi
from poktan import services
from poktan.models import Kelompok, Topik
from tests import factories as f

D = dt.date
ACUAN = D(2026, 9, 30)


def kelompok(desa, jenis, nama, rw=()):
    return services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis=jenis, nama=nama), wilayah_rw=list(rw)
    )


def rapat(k, tanggal, hadir):
    return services.simpan_pertemuan(
        kelompok=k,
        tanggal=tanggal,
        hadir=hadir,
        topik=Topik.objects.filter(jenis=k.jenis).first(),
        narasumber="Bidan Desa",
    )


@pytest.fixture
def desa(db):
    d = f.DesaFactory(kode="3326012001")
    dusun = f.DusunFactory(desa=d, nama="Krajan")
    rw1 = f.RWFactory(dusun=dusun, desa=d, nomor="001")
    rw2 = f.RWFactory(dusun=dusun, desa=d, nomor="002")
    rt1 = f.RTFactory(rw=rw1, desa=d, nomor="001")
    rt2 = f.RTFactory(rw=rw1, desa=d, nomor="002")
    rt3 = f.RTFactory(rw=rw2, desa=d, nomor="003")

    def kel(rt, *orang):
        k = f.KeluargaFactory(rumah__rt=rt, desa=d)
        hasil = [k]
        for lahir, extra in orang:
            hasil.append(f.AnggotaFactory(keluarga=k, tanggal_lahir=lahir, **extra))
        return hasil

    k1, ibu, _anak1 = kel(
        rt1, (D(1996, 1, 1), {"status_kawin": "kawin", "hubungan": "3"}), (D(2021, 4, 1), {})
    )
    k2, *_x = kel(
        rt1, (D(1986, 1, 1), {"hubungan": "1", "jenis_kelamin": "L"}), (D(2020, 9, 30), {})
    )
    k3, _ayah, rina = kel(
        rt2,
        (D(1981, 1, 1), {"hubungan": "1", "jenis_kelamin": "L"}),
        (D(2011, 5, 5), {"nama": "Rina"}),
    )
    k4, *_x = kel(
        rt3,
        (D(2006, 1, 1), {"status_kawin": "kawin", "nama": "Sari"}),
        (D(1961, 1, 1), {"hubungan": "7"}),
    )
    k5, *_x = kel(
        rt3, (D(2025, 1, 1), {}), (D(1956, 6, 6), {"hubungan": "7", "jenis_kelamin": "L"})
    )
    k6, *_x = kel(rt2, (D(2024, 6, 6), {}))
    k7, pergi = kel(rt1, (D(1990, 1, 1), {"hubungan": "1"}))
    # K1 receives social assistance and the mother uses the pill: a priority family for UPPKA.
    k1.penerima_bansos = True
    k1.save()
    StatusKB.objects.create(anggota=ibu, metode="pil", mulai=D(2025, 1, 1))
    Peristiwa.objects.create(
        anggota=pergi, jenis="pindah_keluar", tanggal=D(2026, 5, 1), tanggal_lapor=D(2026, 5, 2)
    )

    bkb = kelompok(d, "bkb", "Mawar", [rw1])
    bkr = kelompok(d, "bkr", "Melati")
    pikr = kelompok(d, "pik_r", "Cendana")
    uppka = kelompok(d, "uppka", "Sejahtera")
    masuk = D(2026, 1, 1)
    m1 = services.tambah_keanggotaan(kelompok=bkb, keluarga=k1, mulai=masuk)
    m2 = services.tambah_keanggotaan(kelompok=bkb, keluarga=k2, mulai=masuk)
    rapat(bkb, D(2026, 6, 15), [m1, m2])
    rapat(bkb, D(2026, 8, 15), [m1])
    m3 = services.tambah_keanggotaan(kelompok=bkr, keluarga=k3, mulai=D(2026, 2, 1))
    m4 = services.tambah_keanggotaan(kelompok=bkr, keluarga=k4, mulai=D(2026, 2, 1))
    rapat(bkr, D(2026, 9, 5), [m3, m4])
    services.akhiri_keanggotaan(keanggotaan=m4, selesai=ACUAN)
    services.tambah_keanggotaan(kelompok=pikr, anggota=rina, mulai=ACUAN)
    mu = services.tambah_keanggotaan(kelompok=uppka, keluarga=k4, mulai=masuk)
    rapat(uppka, D(2026, 9, 20), [mu])
    return {
        "desa": d,
        "rt": [rt1, rt2, rt3],
        "kel": [k1, k2, k3, k4, k5, k6, k7],
        "bkb": bkb,
        "bkr": bkr,
        "pikr": pikr,
        "uppka": uppka,
        "rina": rina,
    }


def test_the_poktan_block_matches_the_hand_count(desa):
    b = pi.blok_poktan(2026, 9, [desa["desa"].pk])
    assert set(b) == {"bkb", "bkr", "pik_r", "bkl", "uppka", "posyandu"}
    assert b["bkb"] == {
        "kelompok": 1,
        "anggota": 2,
        "anggota_aktif": 1,  # K2 attended only in June, before the window
        "sasaran": 3,  # K1, K5, K6 — not K2, whose child is 72 months on the 30th
        "sasaran_aktif": 1,
        "partisipasi_persen": 33.3,
        "pertemuan": 0,
        "kehadiran": 0,
        "belum_lapor": 1,
    }
    assert b["bkr"] == {
        "kelompok": 1,
        "anggota": 1,  # K4's membership ends on the 30th: [mulai, selesai) leaves it out
        "anggota_aktif": 1,
        "sasaran": 1,  # Sari is 20 but Kawin: not remaja
        "sasaran_aktif": 1,
        "partisipasi_persen": 100.0,
        "pertemuan": 1,
        "kehadiran": 2,
        "belum_lapor": 0,
    }
    assert b["pik_r"] == {
        "kelompok": 1,
        "anggota": 1,  # Rina joins on the reference date: counted
        "anggota_aktif": 0,
        "sasaran": 1,
        "sasaran_aktif": 0,
        "partisipasi_persen": 0.0,
        "pertemuan": 0,
        "kehadiran": 0,
        "belum_lapor": 1,
    }
    assert b["bkl"]["kelompok"] == 0 and b["bkl"]["sasaran"] == 2
    assert b["bkl"]["partisipasi_persen"] == 0.0 and b["bkl"]["belum_lapor"] == 0
    assert b["uppka"]["sasaran"] == 6  # K7 moved out: no member left in the population
    assert b["uppka"]["sasaran_aktif"] == 1 and b["uppka"]["partisipasi_persen"] == 16.7
    assert b["posyandu"]["sasaran"] == 2 and b["posyandu"]["kelompok"] == 0


def test_pooled_participation_of_bkb_bkr_bkl(desa):
    b = pi.blok_poktan(2026, 9, [desa["desa"].pk])
    assert pi.partisipasi_gabungan(b) == 33.3  # (1 + 1 + 0) / (3 + 1 + 2)


def test_the_block_validates_against_the_report_schema(desa):

    import jsonschema

    from tests.test_laporan import SKEMA as skema

    props = skema["properties"]
    jsonschema.validate(pi.blok_poktan(2026, 9, [desa["desa"].pk]), props["poktan"])
    jsonschema.validate(pi.blok_posyandu(2026, 9, [desa["desa"].pk]), props["posyandu"])


def test_an_earlier_month_uses_its_own_window(desa):
    b = pi.blok_poktan(2026, 6, [desa["desa"].pk])
    assert b["bkb"]["anggota_aktif"] == 2 and b["bkb"]["kehadiran"] == 2
    assert b["bkb"]["belum_lapor"] == 0 and b["bkr"]["anggota"] == 2
    assert b["pik_r"]["anggota"] == 0


def test_a_kader_region_restricts_targets_members_and_groups(desa):
    b = pi.blok_poktan(2026, 9, [desa["desa"].pk], rt_ids=[desa["rt"][2].pk])  # RT 003
    assert b["bkb"]["kelompok"] == 0 and b["bkb"]["sasaran"] == 1  # Mawar covers RW 001 only
    assert b["bkl"]["sasaran"] == 2 and b["uppka"]["sasaran"] == 2
    assert b["uppka"]["anggota"] == 1 and b["bkr"]["anggota"] == 0


def test_a_group_page_counts_targets_in_its_area(desa):
    r = pi.ringkasan_kelompok(desa["bkb"], 2026, 9)
    assert (r["sasaran"], r["sasaran_aktif"], str(r["partisipasi_persen"])) == (2, 1, "50.0")
    assert (r["anggota"], r["anggota_aktif"], r["pertemuan"], r["lapor"]) == (2, 1, 0, False)


def test_the_invite_list_holds_targets_of_the_area_who_are_not_members(desa):
    k = desa["kel"]
    assert list(pi.daftar_undangan(desa["bkb"], ACUAN)) == [k[5]]  # K6; K5 lives in RW 002
    assert list(pi.daftar_undangan(desa["bkr"], ACUAN)) == []
    assert list(pi.daftar_undangan(desa["pikr"], ACUAN)) == []
    assert list(pi.daftar_undangan(desa["pikr"], D(2026, 9, 29))) == [desa["rina"]]
    # UPPKA: every family is a target, but only priority families are invited.
    assert list(pi.daftar_undangan(desa["uppka"], ACUAN)) == [k[0]]


def test_the_member_list_marks_who_is_active(desa):
    aktif = {m.keluarga_id: m.aktif for m in pi.anggota_kelompok(desa["bkb"], 2026, 9)}
    assert aktif == {desa["kel"][0].pk: True, desa["kel"][1].pk: False}


def test_query_count_does_not_grow_with_families_or_groups(desa, django_assert_num_queries):
    ids = [desa["desa"].pk]
    with CaptureQueriesContext(connection) as awal:
        pi.blok_poktan(2026, 9, ids)
    with CaptureQueriesContext(connection) as awal_rt:
        pi.blok_poktan(2026, 9, ids, rt_ids=[desa["rt"][0].pk])
    for i in range(8):
        kel = f.KeluargaFactory(rumah__rt=desa["rt"][i % 3], desa=desa["desa"])
        f.AnggotaFactory(keluarga=kel, tanggal_lahir=D(2023, 1, 1 + i))
        f.AnggotaFactory(keluarga=kel, tanggal_lahir=D(1950, 1, 1 + i))
        for jenis in ("bkb", "bkl"):
            g = kelompok(desa["desa"], jenis, f"{jenis} {i}")
            m = services.tambah_keanggotaan(kelompok=g, keluarga=kel, mulai=D(2026, 1, 1))
            rapat(g, D(2026, 9, 1 + i), [m])
    with django_assert_num_queries(len(awal.captured_queries)):
        b = pi.blok_poktan(2026, 9, ids)
    with django_assert_num_queries(len(awal_rt.captured_queries)):
        pi.blok_poktan(2026, 9, ids, rt_ids=[desa["rt"][0].pk])
    assert b["bkl"]["kelompok"] == 8 and b["bkl"]["sasaran_aktif"] == 8
    assert b["bkb"]["sasaran"] == 11
