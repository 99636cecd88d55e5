"""The definitions of DOMAIN.md §2 against numbers worked out by hand from a small village.

Reference date D = 31 October 2026 (the October 2026 report). Nine families in two RTs; every
expected number below is counted by hand from the people listed in `desa_kecil`.
"""

import datetime as dt
from decimal import Decimal

import pytest

from keluarga import indicators as ind
from keluarga import kode, services
from tests import factories as f
from tests.factories import hamil, orang, status_kb

D = dt.date(2026, 10, 31)
SEPT = dt.date(2026, 9, 30)
L, P = kode.JenisKelamin.LAKI_LAKI, kode.JenisKelamin.PEREMPUAN
H = kode.HubunganKK
KAWIN, BELUM = kode.StatusKawin.KAWIN, kode.StatusKawin.BELUM_KAWIN
Y, T = kode.JawabanKS.YA, kode.JawabanKS.TIDAK


@pytest.fixture
def desa_kecil(db):
    desa = f.DesaFactory()
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")

    def keluarga(rt, **data):
        return f.KeluargaFactory(rumah__rt=rt, desa=desa, **data)

    semua_ya = {str(n): Y for n in range(1, 22)}
    # A (RT 1): a couple whose KB is the husband's MOP; a daughter of exactly 60 months.
    ka = keluarga(rt1, sumber_air="ledeng", jamban="sendiri_septic", indikator_ks=semua_ya)
    ka.full_clean()
    ka.save()
    a1 = orang(ka, "A1", L, "1985-03-10", H.KEPALA)
    a2 = orang(ka, "A2", P, "1988-06-15", H.ISTRI)
    orang(ka, "A3", P, "2021-10-31", H.ANAK, BELUM, ibu=a2)
    orang(ka, "A4", L, "2026-02-10", H.ANAK, BELUM, ibu=a2, akta_lahir="tidak")
    status_kb(a1, "2020-01-01", metode="mop")
    # B (RT 1): the wife turns 50 on D; a married daughter with Suntik and her husband (menantu).
    kb_ = keluarga(rt1, sumber_air="sumur_tidak_terlindung", jamban="sendiri_septic")
    kb_.indikator_ks = {**{str(n): Y for n in range(1, 7)}, "7": T}
    kb_.full_clean()
    kb_.save()
    orang(kb_, "B1", L, "1970-01-01", H.KEPALA)
    orang(kb_, "B2", P, "1976-10-31", H.ISTRI)
    b3 = orang(kb_, "B3", P, "2000-05-05", H.ANAK)
    orang(kb_, "B4", L, "1998-01-01", H.MENANTU)
    status_kb(b3, "2025-01-01", metode="suntik")
    # C (RT 2): a widow born on 29 February; a remaja; an unmarried pregnant daughter.
    kc = keluarga(rt2, sumber_air="kemasan", jamban="sendiri_septic", indikator_ks={"1": T})
    kc.full_clean()
    kc.save()
    orang(kc, "C1", P, "1960-02-29", H.KEPALA, kode.StatusKawin.CERAI_MATI)
    orang(kc, "C2", P, "2006-08-01", H.ANAK, BELUM)
    c3 = orang(kc, "C3", P, "2004-01-01", H.ANAK, BELUM)
    hamil(c3, "2026-06-01")
    # D (RT 2): a pregnancy over a recorded Pil; a son who moved out and came back in October.
    kd = keluarga(rt2, sumber_air="ledeng", jamban="bersama")
    kd.indikator_ks = {str(n): Y for n in range(1, 7)}
    kd.full_clean()
    kd.save()
    orang(kd, "D1", L, "1990-01-01", H.KEPALA)
    d2 = orang(kd, "D2", P, "1995-05-05", H.ISTRI)
    d3 = orang(kd, "D3", L, "2010-01-01", H.ANAK, BELUM)
    status_kb(d2, "2024-01-01", metode="pil")
    hamil(d2, "2026-08-01")
    services.catat_pindah_keluar(anggota=d3, tanggal=dt.date(2025, 3, 1))
    services.catat_datang(keluarga=kd, nik=d3.nik, tanggal=dt.date(2026, 10, 15))
    # E (RT 2): the husband dies on the last day of the month; his wife becomes Cerai mati.
    ke = keluarga(rt2, penerima_bansos=True)
    e1 = orang(ke, "E1", L, "1980-01-01", H.KEPALA)
    e2 = orang(ke, "E2", P, "1985-01-01", H.ISTRI)
    services.catat_kematian(anggota=e1, tanggal=D, pasangan_cerai_mati=e2)
    # F (RT 1): TIAL, a child of 2 years.
    kf = keluarga(rt1, sumber_air="ledeng", jamban="sendiri_septic")
    orang(kf, "F1", L, "1992-01-01", H.KEPALA)
    f2 = orang(kf, "F2", P, "1996-01-01", H.ISTRI)
    orang(kf, "F3", L, "2024-05-01", H.ANAK, BELUM, ibu=f2)
    status_kb(f2, "2025-05-01", alasan="tial")
    # G (RT 1): PUS belum terdata; drinking water unknown.
    kg = keluarga(rt1, sumber_air="", jamban="sendiri_septic")
    orang(kg, "G1", L, "1991-01-01", H.KEPALA)
    orang(kg, "G2", P, "1993-01-01", H.ISTRI)
    # H (RT 2): a new IUD in October; aged 37 (terlalu tua); water and toilet unknown.
    kh = keluarga(rt2)
    orang(kh, "H1", L, "1987-01-01", H.KEPALA)
    h2 = orang(kh, "H2", P, "1989-01-01", H.ISTRI)
    status_kb(h2, "2026-10-05", metode="iud", baru=True)
    # I (RT 2): IAS, a birth in October 17 months after the previous one (terlalu dekat).
    ki = keluarga(rt2, sumber_air="ledeng", jamban="sendiri_septic")
    orang(ki, "I1", L, "1999-01-01", H.KEPALA)
    i2 = orang(ki, "I2", P, "2001-01-01", H.ISTRI)
    orang(ki, "I4", L, "2025-05-01", H.ANAK, BELUM, ibu=i2, akta_lahir="ya")
    status_kb(i2, "2026-01-01", alasan="ias")
    hamil(i2, "2026-01-25")
    services.catat_kelahiran(
        ibu=i2,
        keluarga=ki,
        tanggal=dt.date(2026, 10, 20),
        nama="I3",
        jenis_kelamin=P,
        akta_lahir="ya",
    )
    return {"desa": desa, "rt1": rt1, "rt2": rt2}


@pytest.fixture
def desa_kecil_berdata(desa_kecil):
    """desa_kecil with September 2026 as its first month of data, so that its monthly reports,
    charts and maps can be asked for (the report refuses months before it)."""
    desa_kecil["desa"].bulan_awal_data = dt.date(2026, 9, 1)
    desa_kecil["desa"].save()
    return desa_kecil


def total(per_rt):
    return ind.jumlahkan(per_rt.values())


def test_population_by_sex_and_age_band(desa_kecil):
    p = total(ind.hitung_penduduk(D, [desa_kecil["desa"].pk]))
    assert (p["L"], p["P"]) == (12, 14)
    umur = p["umur"]
    assert umur["0-4"] == {"L": 3, "P": 1}
    assert umur["5-9"] == {"L": 0, "P": 1}  # exactly 60 months old is 5 years
    assert umur["15-19"] == {"L": 1, "P": 0}
    assert umur["20-24"] == {"L": 0, "P": 2}
    assert umur["25-29"] == {"L": 2, "P": 2}
    assert umur["30-34"] == {"L": 1, "P": 3}
    assert umur["35-39"] == {"L": 3, "P": 2}
    assert umur["40-44"] == {"L": 1, "P": 1}
    assert umur["50-54"] == {"L": 0, "P": 1}  # turns 50 on D
    assert umur["55-59"] == {"L": 1, "P": 0}
    assert umur["65-69"] == {"L": 0, "P": 1}
    assert sum(v["L"] + v["P"] for v in umur.values()) == 26


def test_age_groups_and_families(desa_kecil):
    p = total(ind.hitung_penduduk(D, [desa_kecil["desa"].pk]))
    assert p["balita"] == 4  # A4, F3, I4, I3; A3 is exactly 60 months
    assert p["baduta"] == 3  # A4, I4, I3
    assert p["anak_usia_bkb"] == 5
    assert p["remaja"] == 3  # C2, C3, D3 (B3 is married)
    assert p["lansia"] == 1
    assert p["wus"] == 10  # B2 turned 50 on D
    assert p["anak_tanpa_akta"] == 1
    assert p["anak_akta_tidak_diketahui"] == 3
    assert p["ibu_hamil"] == 2  # C3 (unmarried) and D2
    assert p["keluarga"] == 9
    assert p["keluarga_dengan_balita"] == 3
    assert p["keluarga_dengan_baduta"] == 2
    assert p["keluarga_dengan_remaja"] == 2
    assert p["keluarga_dengan_lansia"] == 1


def test_breakdown_by_rt_adds_up(desa_kecil):
    per_rt = ind.hitung_penduduk(D, [desa_kecil["desa"].pk])
    rt1, rt2 = per_rt[desa_kecil["rt1"].pk], per_rt[desa_kecil["rt2"].pk]
    assert rt1["L"] + rt1["P"] == 13
    assert rt2["L"] + rt2["P"] == 13
    kb = ind.hitung_kb(D, [desa_kecil["desa"].pk])
    assert sum(kb[desa_kecil["rt1"].pk].values()) == 4
    assert sum(kb[desa_kecil["rt2"].pk].values()) == 3


def test_kb_status_of_each_pus_on_the_reference_date(desa_kecil):
    kb = ind.ringkas_kb(total(ind.hitung_kb(D, [desa_kecil["desa"].pk])))
    assert kb["pus"] == 7
    assert kb["peserta_aktif"]["mop"] == 1  # the husband's MOP
    assert kb["peserta_aktif"]["suntik"] == 1  # the married daughter
    assert kb["peserta_aktif"]["iud"] == 1
    assert kb["peserta_aktif"]["pil"] == 0  # pregnant over Pil: Hamil wins
    assert kb["peserta_aktif"]["total"] == 3
    assert kb["tidak_kb"] == {"hamil": 1, "ias": 1, "iat": 0, "tial": 1}
    assert kb["belum_terdata"] == 1
    assert kb["mkjp"] == 2
    assert kb["non_mkjp"] == 1
    assert kb["cpr"] == Decimal("42.9")  # 3/7
    assert kb["mcpr"] == Decimal("42.9")
    assert kb["cpr_7_cara"] == Decimal("42.9")
    assert kb["mkjp_persen"] == Decimal("66.7")  # 2/3
    assert kb["unmet_need_persen"] == Decimal("14.3")  # 1/7


def test_kb_status_a_month_earlier_follows_the_histories(desa_kecil):
    kb = ind.ringkas_kb(total(ind.hitung_kb(SEPT, [desa_kecil["desa"].pk])))
    # B2 is 49 and E2 still Kawin; D2 and I2 pregnant; H2's IUD has not started.
    assert kb["pus"] == 9
    assert kb["peserta_aktif"]["total"] == 2
    assert kb["tidak_kb"] == {"hamil": 2, "ias": 0, "iat": 0, "tial": 1}
    assert kb["belum_terdata"] == 4


def test_new_kb_participants_in_the_month(desa_kecil):
    pb = total(ind.hitung_pb(dt.date(2026, 10, 1), D, [desa_kecil["desa"].pk]))
    assert pb["iud"] == 1
    assert sum(pb.values()) == 1


def test_population_flow_balances_with_hand_counts(desa_kecil):
    m = ind.hitung_mutasi(dt.date(2026, 10, 1), D, [desa_kecil["desa"].pk])
    assert m["awal"] == {"L": 12, "P": 13, "total": 25}
    assert m["lahir"] == {"L": 0, "P": 1, "total": 1}
    assert m["datang"] == {"L": 1, "P": 0, "total": 1}  # came back after moving out
    assert m["meninggal"] == {"L": 1, "P": 0, "total": 1}  # died on the last day
    assert m["pindah"] == {"L": 0, "P": 0, "total": 0}
    assert m["akhir"] == {"L": 12, "P": 14, "total": 26}


def test_families_krs_tahapan_and_kurang_mampu(desa_kecil):
    k = total(ind.hitung_keluarga(D, [desa_kecil["desa"].pk]))
    assert k["sasaran_krs"] == 8  # all but E
    assert k["krs"] == 5  # A (tua), B (water), D (toilet), H (tua), I (dekat)
    assert k["krs_data_belum_lengkap"] == 1  # G
    assert k["tahapan_ks"] == {
        "pra_s": 1,
        "ks_1": 1,
        "ks_2": 0,
        "ks_3": 0,
        "ks_3_plus": 1,
        "belum_terdata": 6,
    }
    assert k["kurang_mampu"] == 3  # B (KS I), C (Pra-S), E (bansos)


def test_percentages_round_half_up_to_one_decimal():
    assert ind.persen(49, 400) == Decimal("12.3")  # 12.25
    assert ind.persen(1, 8) == Decimal("12.5")
    assert ind.persen(1, 3) == Decimal("33.3")
    assert ind.persen(0, 0) is None
    assert ind.persen(5, 0) is None


def test_age_cut_offs_clamp_29_february():
    assert ind.batas_umur(dt.date(2026, 2, 28), tahun=18) == dt.date(2008, 2, 28)
    assert ind.batas_umur(dt.date(2028, 2, 29), tahun=1) == dt.date(2027, 2, 28)
    assert ind.batas_umur(dt.date(2026, 3, 31), bulan=1) == dt.date(2026, 2, 28)
    assert ind.tambah_bulan(dt.date(2024, 2, 29), 24) == dt.date(2026, 2, 28)


def test_child_born_on_29_february_turns_18_on_1_march(db):
    kel = f.KeluargaFactory()
    orang(kel, "Kabisat", P, "2008-02-29", H.ANAK, BELUM, akta_lahir="tidak")
    ids = [kel.desa_id]
    assert total(ind.hitung_penduduk(dt.date(2026, 2, 28), ids))["anak_tanpa_akta"] == 1
    assert total(ind.hitung_penduduk(dt.date(2026, 3, 1), ids))["anak_tanpa_akta"] == 0


def test_husband_method_needs_exactly_one_candidate(db):
    kel = f.KeluargaFactory()
    orang(kel, "Kepala", L, "1950-01-01", H.KEPALA)
    anak = orang(kel, "Anak", P, "1995-01-01", H.ANAK)
    m1 = orang(kel, "Menantu 1", L, "1993-01-01", H.MENANTU)
    orang(kel, "Menantu 2", L, "1994-01-01", H.MENANTU)
    status_kb(m1, "2024-01-01", metode="kondom")
    ids = [kel.desa_id]
    kb = total(ind.hitung_kb(D, ids))
    assert kb["belum_terdata"] == 1 and kb["kondom"] == 0  # two menantu: no pairing
    assert anak.pk


def test_member_moved_between_families_counts_in_the_old_rt_before_the_move(db):
    rt1 = f.RTFactory()
    rt2 = f.RTFactory(rw=rt1.rw)
    asal = f.KeluargaFactory(rumah__rt=rt1, desa=rt1.desa)
    tujuan = f.KeluargaFactory(rumah__rt=rt2, desa=rt1.desa)
    a = orang(asal, "Pindah", P, "2000-01-01", H.ANAK, BELUM)
    services.pindah_keluarga(anggota=a, keluarga=tujuan, tanggal=dt.date(2026, 10, 20))
    ids = [rt1.desa_id]
    sept = ind.hitung_penduduk(SEPT, ids)
    okt = ind.hitung_penduduk(D, ids)
    assert sept[rt1.pk]["P"] == 1 and rt2.pk not in sept
    assert okt[rt2.pk]["P"] == 1 and rt1.pk not in okt


def test_family_moved_house_counts_in_the_old_rt_before_the_move(db):
    rt1 = f.RTFactory()
    rt2 = f.RTFactory(rw=rt1.rw)
    kel = f.KeluargaFactory(rumah__rt=rt1, desa=rt1.desa)
    orang(kel, "Warga", L, "1980-01-01", H.KEPALA)
    rumah_baru = f.RumahFactory(rt=rt2, desa=rt1.desa)
    services.pindah_rumah(keluarga=kel, rumah=rumah_baru, tanggal=dt.date(2026, 10, 20))
    ids = [rt1.desa_id]
    assert set(ind.hitung_penduduk(SEPT, ids)) == {rt1.pk}
    assert set(ind.hitung_penduduk(D, ids)) == {rt2.pk}
    assert set(ind.hitung_keluarga(SEPT, ids)) == {rt1.pk}
    assert set(ind.hitung_keluarga(D, ids)) == {rt2.pk}


def test_marriage_event_sets_status_only_from_its_date(db):
    kel = f.KeluargaFactory()
    w = orang(kel, "Pengantin", P, "2000-01-01", H.KEPALA, BELUM)
    services.ubah_status_kawin(anggota=w, status=KAWIN, tanggal=dt.date(2026, 10, 10))
    ids = [kel.desa_id]
    assert ind.ringkas_kb(total(ind.hitung_kb(SEPT, ids)))["pus"] == 0
    assert ind.ringkas_kb(total(ind.hitung_kb(D, ids)))["pus"] == 1


def test_counts_take_a_fixed_number_of_queries(desa_kecil, django_assert_max_num_queries):
    ids = [desa_kecil["desa"].pk]
    # Each function reads the dated moves (2 queries) and makes one pass (age bands are counted
    # in hitung_penduduk's per-RT pass).
    with django_assert_max_num_queries(9):
        ind.hitung_penduduk(D, ids)
        ind.hitung_kb(D, ids)
        ind.hitung_keluarga(D, ids)


def test_krs_drinking_water_is_bkkbns_operational_list_by_default_and_a_setting(db, settings):
    """Proper water (DOMAIN.md §2) = kemasan/isi ulang, ledeng/PAM, sumur bor/pompa, sumur
    terlindung; mata air terlindung and air hujan (BPS's *layak*) are a KRS risk by default and
    proper only when the setting takes BPS's list. Four families, each a couple aged 30 with an
    own toilet with septic tank and no other risk: only the water decides."""
    desa = f.DesaFactory()
    rt = f.RTFactory(rw__dusun__desa=desa)
    for air in ("sumur_bor", "sumur_terlindung", "mata_air_terlindung", "air_hujan"):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=desa, sumber_air=air, jamban="sendiri_septic")
        orang(kel, f"Suami {air}", L, "1996-01-01", H.KEPALA)
        orang(kel, f"Istri {air}", P, "1996-01-01", H.ISTRI)
    k = total(ind.hitung_keluarga(D, [desa.pk]))
    assert (k["sasaran_krs"], k["krs"]) == (4, 2)  # mata air terlindung, air hujan
    settings.RUMAHDATAKU = {**settings.RUMAHDATAKU, "AIR_LAYAK": kode.AIR_LAYAK_BPS}
    assert total(ind.hitung_keluarga(D, [desa.pk]))["krs"] == 0
