"""Posyandu SKDN and growth status (DOMAIN.md §3) against a hand-counted village, September 2026.

Dusun Krajan: RW 001 (RT 001, RT 002) is Posyandu Melati's area, RW 002 (RT 003) Posyandu Mawar's.
Reference date 30-09-2026: a balita is born after 30-09-2021. Weighings on the 10th of each month.

| child | lives | posyandu | Jul | Aug | Sep (at Melati unless noted) | KMS | Sep z |
|---|---|---|---|---|---|---|---|
| Ani P 01-03-2024 | RT 001 | Melati | 9.9 | 10.0 | 10.3 kg, 82.0 cm | ya | TB/U -2.52 |
| Budi L 05-01-2025 | RT 001 | Melati | – | – | 8.0 kg, 80.0 cm (only this month) | tidak | BB/U -3.12, BB/TB -3.34 |
| Citra P 20-06-2023 | RT 002 | Melati | 11.0 | 11.1 | 11.2 kg, 92.0 cm (two months < KBM) | ya | TB/U -1.25 |
| Dodi L 11-11-2024 | RT 001 | Melati | – | 11.0 | 30.0 kg: BB/U +10.66, implausible | ya | – |
| Eka P 15-09-2021 | RT 001 | Melati | – | – | 16.0 kg (turns 60 months on 15-09) | – | – |
| Fajar L 01-01-2023 | RT 003 | Mawar | – | 12.0 (Mawar) | 12.5 kg, 88.0 cm at Melati | ya | TB/U -3.26 |
| Gita P 05-05-2022 | RT 002 | – | – | – | not weighed | – | – |
| Intan (from outside) | – | Melati | – | – | 9.0 kg | – | – |

KBM at 30, 38 and 44 months = 200 g: Ani +300 g → N; Citra +100 g twice → T and 2T; Fajar +500 g → N.
"""

import datetime as dt
from decimal import Decimal

import pytest

from keluarga import indicators as ind
from poktan import indicators as pi
from poktan import services
from poktan.kode import JenisKelompok
from poktan.models import Kelompok, Penimbangan, Pertemuan, Topik
from tests import factories as f

D = dt.date


def timbang(pertemuan, anak=None, berat="10.0", tinggi=None, cara="", kms=False, luar=None):
    return services.catat_penimbangan(
        pertemuan=pertemuan,
        anggota=anak,
        anak_luar=luar,
        berat_kg=Decimal(berat),
        tinggi_cm=Decimal(tinggi) if tinggi else None,
        cara_ukur=cara,
        kms=kms,
    )


def sesi(kelompok, tanggal):
    return services.simpan_pertemuan(
        kelompok=kelompok,
        tanggal=tanggal,
        hadir=[],
        topik=Topik.objects.filter(jenis=JenisKelompok.POSYANDU).first(),
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
    melati = services.simpan_kelompok(
        kelompok=Kelompok(desa=d, jenis="posyandu", nama="Melati"), wilayah_rw=[rw1]
    )
    mawar = services.simpan_kelompok(
        kelompok=Kelompok(desa=d, jenis="posyandu", nama="Mawar"), wilayah_rw=[rw2]
    )

    def anak(rt, nama, jk, lahir):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=d)
        return f.AnggotaFactory(
            keluarga=kel, nama=nama, jenis_kelamin=jk, tanggal_lahir=lahir, hubungan="4"
        )

    c = {
        "ani": anak(rt1, "Ani", "P", D(2024, 3, 1)),
        "budi": anak(rt1, "Budi", "L", D(2025, 1, 5)),
        "citra": anak(rt2, "Citra", "P", D(2023, 6, 20)),
        "dodi": anak(rt1, "Dodi", "L", D(2024, 11, 11)),
        "eka": anak(rt1, "Eka", "P", D(2021, 9, 15)),
        "fajar": anak(rt3, "Fajar", "L", D(2023, 1, 1)),
        "gita": anak(rt2, "Gita", "P", D(2022, 5, 5)),
    }
    masuk = D(2026, 1, 1)
    for k in ("ani", "budi", "citra", "dodi", "eka"):
        services.tambah_keanggotaan(kelompok=melati, anggota=c[k], mulai=masuk)
    services.tambah_keanggotaan(kelompok=mawar, anggota=c["fajar"], mulai=masuk)
    intan = services.tambah_keanggotaan(
        kelompok=melati,
        nama_luar="Intan",
        jenis_kelamin_luar="P",
        tanggal_lahir_luar=D(2025, 2, 2),
        mulai=masuk,
    )
    jul, agu, sep = (sesi(melati, D(2026, m, 10)) for m in (7, 8, 9))
    agu_mawar = sesi(mawar, D(2026, 8, 12))
    timbang(jul, c["ani"], "9.9", kms=True)
    timbang(agu, c["ani"], "10.0", kms=True)
    timbang(sep, c["ani"], "10.3", "82.0", "berdiri", kms=True)
    timbang(sep, c["budi"], "8.0", "80.0", "telentang")
    timbang(jul, c["citra"], "11.0", kms=True)
    timbang(agu, c["citra"], "11.1", kms=True)
    timbang(sep, c["citra"], "11.2", "92.0", "berdiri", kms=True)
    timbang(agu, c["dodi"], "11.0", kms=True)
    timbang(sep, c["dodi"], "30.0", kms=True)
    timbang(sep, c["eka"], "16.0", "105.0", "berdiri")
    timbang(agu_mawar, c["fajar"], "12.0", kms=True)
    timbang(sep, c["fajar"], "12.5", "88.0", "berdiri", kms=True)
    timbang(sep, luar=intan, berat="9.0")
    return {"desa": d, "melati": melati, "mawar": mawar, "sep": sep, "rt": [rt1, rt2, rt3], **c}


# --- z-scores stored through the service ------------------------------------------------------


def test_the_service_stores_age_z_scores_and_permenkes_classes(desa):
    p = Penimbangan.objects.get(anggota=desa["ani"], tanggal=D(2026, 9, 10))
    assert (p.umur_hari, p.umur_bulan) == (923, 30)
    assert p.z_tb_u == Decimal("-2.52") and p.status_tb_u == "Pendek"
    assert p.z_bb_u == Decimal("-1.76") and p.status_bb_u == "BB normal"
    assert p.z_bb_tb == Decimal("-0.40") and p.status_bb_tb == "Gizi baik"
    assert p.tinggi_dipakai == Decimal("82.00") and not p.perlu_ukur_ulang


def test_an_implausible_weight_is_flagged_for_remeasurement(desa):
    p = Penimbangan.objects.get(anggota=desa["dodi"], tanggal=D(2026, 9, 10))
    assert p.z_bb_u == Decimal("10.66")
    assert p.bb_u_tidak_wajar and p.perlu_ukur_ulang
    assert not p.tb_u_tidak_wajar and p.z_tb_u is None


def test_length_measured_standing_under_731_days_is_adjusted_by_0_7_cm(desa):
    p = timbang(desa["sep"], desa["budi"], "8.0", "79.3", "berdiri")
    assert p.tinggi_dipakai == Decimal("80.00") and p.z_tb_u == Decimal("-1.53")
    assert p.z_bb_tb == Decimal("-3.34") and p.status_bb_tb == "Gizi buruk"


def test_an_empty_measuring_position_follows_the_age_rule(desa):
    p = timbang(desa["sep"], desa["fajar"], "12.5", "88.0", "")
    assert p.cara_ukur == "berdiri" and p.z_tb_u == Decimal("-3.26")
    assert p.status_tb_u == "Sangat pendek"


def test_correcting_a_session_date_recomputes_ages_and_z_scores(desa):
    sep = desa["sep"]
    services.simpan_sesi_posyandu(
        kelompok=desa["melati"],
        pertemuan=sep,
        tanggal=D(2026, 9, 20),
        topik=sep.topik,
        baris=[],
        versi=sep.versi,
    )
    p = Penimbangan.objects.get(anggota=desa["ani"], pertemuan=sep)
    assert p.tanggal == D(2026, 9, 20) and p.umur_hari == 933


def test_a_weighing_before_birth_is_refused(desa):
    from django.core.exceptions import ValidationError

    dulu = sesi(desa["melati"], D(2024, 1, 10))
    with pytest.raises(ValidationError):
        timbang(dulu, desa["ani"], "3.0")


# --- SKDN -------------------------------------------------------------------------------------


def test_village_skdn_counts_each_child_once_and_only_children_in_s(desa):
    b = pi.blok_posyandu(2026, 9, [desa["desa"].pk])
    # S: Ani Budi Citra Dodi Fajar Gita (Eka is 60 months on the 30th, Intan lives outside).
    assert b["skdn"] == {"s": 6, "k": 4, "d": 4, "n": 2, "t": 1, "o": 1, "dua_t": 1, "bgm": 1}
    # D/K = 4/4, N/S = 2/6 (issue 18).
    assert b["rasio"] == {"k_s": 66.7, "d_s": 66.7, "n_d": 50.0, "d_k": 100.0, "n_s": 33.3}
    # Weighings of Eka and Intan are listed separately; Dodi's is flagged, not counted.
    assert b["ditimbang_di_luar_s"] == 2 and b["perlu_ukur_ulang"] == 1


def test_village_growth_status_uses_the_last_valid_measurement(desa):
    b = pi.blok_posyandu(2026, 9, [desa["desa"].pk])
    # Measured: Ani -2.52, Budi -1.53, Citra -1.25, Fajar -3.26.
    assert (b["diukur"], b["stunting"], b["sangat_pendek"]) == (4, 2, 1)
    assert (b["underweight"], b["wasting"]) == (1, 1)  # Budi: BB/U -3.12, BB/TB -3.34
    assert b["prevalensi_stunting_persen"] == 50.0


def test_a_later_valid_remeasurement_in_the_month_replaces_the_earlier_one(desa):
    ulang = sesi(desa["melati"], D(2026, 9, 24))
    timbang(ulang, desa["ani"], "10.4", "88.0", "berdiri", kms=True)  # TB/U now above -2
    timbang(ulang, desa["budi"], "40.0")  # implausible: the 10th's weighing still counts
    b = pi.blok_posyandu(2026, 9, [desa["desa"].pk])
    assert (b["diukur"], b["stunting"]) == (4, 1)
    assert b["skdn"]["bgm"] == 1 and b["skdn"]["d"] == 4


def test_a_posyandu_counts_its_own_weighings_of_children_in_its_area(desa):
    melati = pi.hitung_posyandu(2026, 9, [desa["desa"].pk], kelompok=desa["melati"])
    assert melati["skdn"] == {"s": 5, "k": 3, "d": 3, "n": 1, "t": 1, "o": 1, "dua_t": 1, "bgm": 1}
    assert melati["ditimbang_di_luar_s"] == 3  # Eka, Fajar (Mawar's area), Intan
    assert (melati["diukur"], melati["stunting"]) == (3, 1)
    mawar = pi.hitung_posyandu(2026, 9, [desa["desa"].pk], kelompok=desa["mawar"])
    assert mawar["skdn"] == {"s": 1, "k": 1, "d": 0, "n": 0, "t": 0, "o": 0, "dua_t": 0, "bgm": 0}
    assert mawar["rasio"]["n_d"] is None


def test_other_weighings_are_listed_by_name(desa):
    nama = {p.nama_anak for p in pi.timbang_luar_s(2026, 9, desa["melati"])}
    assert nama == {"Eka", "Fajar", "Intan"}


def test_last_month_had_its_own_skdn(desa):
    b = pi.blok_posyandu(2026, 8, [desa["desa"].pk])
    # 31-08: Eka (59 months) is a balita. D: Ani, Citra, Dodi, Fajar. Ani 9.9 → 10.0 = +100 g
    # < 200 → T; Citra 11.0 → 11.1 T; Dodi, Fajar: O.
    assert b["skdn"] == {"s": 7, "k": 4, "d": 4, "n": 0, "t": 2, "o": 2, "dua_t": 0, "bgm": 0}


def test_the_stunting_name_list_matches_the_count(desa):
    ids = set(pi.anak_stunting_qs(D(2026, 9, 30), [desa["desa"].pk]).values_list("pk", flat=True))
    assert ids == {desa["ani"].pk, desa["fajar"].pk}


def test_a_desa_without_posyandu_has_an_empty_block(db):
    d = f.DesaFactory(kode="3326012077")
    b = pi.blok_posyandu(2026, 9, [d.pk])
    assert b["skdn"]["s"] == 0 and b["rasio"]["d_s"] is None
    assert b["prevalensi_stunting_persen"] is None


def test_a_kader_region_restricts_s(desa):
    b = pi.blok_posyandu(2026, 9, [desa["desa"].pk], rt_ids=[desa["rt"][1].pk])  # RT 002
    assert b["skdn"]["s"] == 2 and b["skdn"]["d"] == 1  # Citra, Gita


# --- query counts -------------------------------------------------------------------------------


def _banyak(desa, n):
    """n more families with a weighed balita, and another posyandu with a session."""
    d = desa["desa"]
    extra = services.simpan_kelompok(
        kelompok=Kelompok(desa=d, jenis="posyandu", nama=f"Extra {n}"), wilayah_rw=[]
    )
    s = sesi(extra, D(2026, 9, 15))
    for i in range(n):
        kel = f.KeluargaFactory(rumah__rt=desa["rt"][i % 3], desa=d)
        a = f.AnggotaFactory(keluarga=kel, tanggal_lahir=D(2024, 1, 1 + i), hubungan="4")
        timbang(s, a, "11.0", "85.0", "berdiri")
        timbang(desa["sep"], a, "11.2")


def test_query_count_does_not_grow_with_children_or_posyandu(desa, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as awal:
        pi.blok_posyandu(2026, 9, [desa["desa"].pk])
    _banyak(desa, 12)
    with django_assert_num_queries(len(awal.captured_queries)):
        b = pi.blok_posyandu(2026, 9, [desa["desa"].pk])
    assert b["skdn"]["s"] == 18


def test_skdn_balances_d_equals_n_plus_t_plus_o(desa):
    _banyak(desa, 5)
    for bulan in (7, 8, 9):
        s = pi.blok_posyandu(2026, bulan, [desa["desa"].pk])["skdn"]
        assert s["d"] == s["n"] + s["t"] + s["o"]
        assert s["k"] <= s["s"] and s["d"] <= s["s"] and s["dua_t"] <= s["t"]


def test_indicator_dates_follow_keluarga_definitions():
    assert ind.batas_umur(D(2026, 9, 30), bulan=60) == D(2021, 9, 30)
    assert pi.jendela_aktif(2026, 9) == (D(2026, 7, 1), D(2026, 9, 30))
    assert Pertemuan._meta.get_field("versi").default == 0
