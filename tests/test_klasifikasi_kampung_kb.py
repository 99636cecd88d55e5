"""The portal's classification (OFFICIAL.md §2), computed by hand from hand-built dicts."""

from __future__ import annotations

import pytest

from laporan import klasifikasi as k


def portal(
    *,
    pus=100,
    kontrasepsi=None,
    non=None,
    ikut=None,
    penyebut=None,
):
    kontra = {m: 0 for m in k.METODE_7} | (kontrasepsi or {})
    return {
        "pus": pus,
        "kontrasepsi": kontra,
        "non_kontrasepsi": {"hamil": 0, "ias": 0, "iat": 0, "tial": 0} | (non or {}),
        "ikut_poktan": {"bkb": 0, "bkr": 0, "bkl": 0, "uppka": 0, "pik_r": 0} | (ikut or {}),
        "penyebut_poktan": {
            "keluarga_balita": 10,
            "keluarga_remaja": 10,
            "keluarga_lansia": 10,
            "keluarga": 10,
            "remaja": 10,
        }
        | (penyebut or {}),
    }


def masukan(**ubah):
    m = {
        "pokja": False,
        "anggota_pokja": 0,
        "pokja_dilatih": False,
        "sumber_dana": 0,
        "poktan": 0,
        "sarana": 0,
        "pkb": False,
        "regulasi": False,
        "penggunaan_data": 0,
        "operasional": 0,
        "lintas_sektor": 0,
    }
    return m | ubah


# --- rounding --------------------------------------------------------------------------------------


def test_a_percentage_is_a_whole_number_rounded_half_up_from_the_counts():
    assert k.persen_bulat(1, 8) == 13  # 12.5 → 13
    assert k.persen_bulat(3, 8) == 38  # 37.5 → 38
    assert k.persen_bulat(1, 3) == 33
    assert k.persen_bulat(2, 3) == 67
    assert k.persen_bulat(5, 0) == 0  # a zero denominator counts as 0 %


def test_the_poktan_score_is_the_rounded_mean_of_five_rounded_percentages():
    # 1/8 = 12.5 → 13; 3/8 = 37.5 → 38; 0/10 → 0; 1/3 → 33; 0/0 → 0 ⇒ (13+38+0+33+0)/5 = 16.8 → 17
    p = portal(
        ikut={"bkb": 1, "bkr": 3, "bkl": 0, "uppka": 1, "pik_r": 0},
        penyebut={"keluarga_balita": 8, "keluarga_remaja": 8, "keluarga": 3, "remaja": 0},
    )
    n = k.nilai_output(p)
    assert n["poktan_persen"] == {"bkb": 13, "bkr": 38, "bkl": 0, "uppka": 33, "pik_r": 0}
    assert n["poktan"] == 17
    assert k.skor_output(p)["output_poktan"] == 2


def test_the_poktan_mean_rounds_a_half_up():
    assert k.rata_bulat([10, 10, 10, 10, 12]) == 10  # 52/5 = 10.4
    assert k.rata_bulat([20, 21, 21, 21, 19]) == 20  # 102/5 = 20.4
    assert k.rata_bulat([21, 21, 21, 21, 18]) == 20  # 102/5 = 20.4
    assert k.rata_bulat([21, 21, 21, 21, 20]) == 21  # 104/5 = 20.8
    assert k.rata_bulat([1, 2]) == 2  # 1.5 → 2 (half up)


# --- bands of the output indicators ---------------------------------------------------------------


@pytest.mark.parametrize(
    "pengguna,skor",
    [(29, 1), (30, 2), (40, 2), (41, 3), (50, 3), (51, 4), (0, 1)],
)
def test_cpr_bands_after_rounding(pengguna, skor):
    p = portal(pus=100, kontrasepsi={"suntik": pengguna})
    assert k.skor_output(p)["output_cpr"] == skor


def test_cpr_of_29_5_rounds_to_30_and_scores_2():
    # 59 of 200 = 29.5 % → 30 → score 2; 58 of 200 = 29 % → 1
    assert k.skor_output(portal(pus=200, kontrasepsi={"pil": 59}))["output_cpr"] == 2
    assert k.skor_output(portal(pus=200, kontrasepsi={"pil": 58}))["output_cpr"] == 1


def test_cpr_with_no_pus_scores_1_not_null():
    assert k.skor_output(portal(pus=0))["output_cpr"] == 1


@pytest.mark.parametrize("mkjp,skor", [(19, 1), (20, 2), (22, 2), (23, 3), (24, 3), (25, 4)])
def test_mkjp_bands_over_the_seven_methods(mkjp, skor):
    p = portal(kontrasepsi={"implan": mkjp, "suntik": 100 - mkjp}, pus=200)
    assert k.skor_output(p)["output_mkjp"] == skor


def test_mkjp_counts_iud_mow_mop_implan_and_no_users_scores_1():
    p = portal(kontrasepsi={"iud": 1, "mow": 1, "mop": 1, "implan": 1, "kondom": 4, "pil": 4})
    assert k.nilai_output(p)["mkjp"] == 33  # 4/12
    assert k.skor_output(portal())["output_mkjp"] == 1


@pytest.mark.parametrize("unmet,skor", [(13, 1), (12, 2), (10, 2), (9, 3), (7, 3), (6, 4), (0, 4)])
def test_unmet_need_bands_by_intention(unmet, skor):
    p = portal(pus=100, non={"iat": unmet - unmet // 2, "tial": unmet // 2, "ias": 20})
    assert k.skor_output(p)["output_unmet_need"] == skor


def test_unmet_need_of_12_5_rounds_to_13_and_scores_1():
    assert k.skor_output(portal(pus=200, non={"iat": 25}))["output_unmet_need"] == 1
    assert k.skor_output(portal(pus=200, non={"iat": 24}))["output_unmet_need"] == 2


def test_unmet_need_with_no_pus_is_0_percent_and_scores_4():
    assert k.skor_output(portal(pus=0))["output_unmet_need"] == 4


@pytest.mark.parametrize("persen,skor", [(9, 1), (10, 2), (20, 2), (21, 3), (30, 3), (31, 4)])
def test_poktan_participation_bands(persen, skor):
    semua = {"bkb": persen, "bkr": persen, "bkl": persen, "uppka": persen, "pik_r": persen}
    p = portal(
        ikut=semua,
        penyebut={
            "keluarga_balita": 100,
            "keluarga_remaja": 100,
            "keluarga_lansia": 100,
            "keluarga": 100,
            "remaja": 100,
        },
    )
    assert k.skor_output(p)["output_poktan"] == skor


def test_skor_kampung_kb_keeps_its_four_keys_from_the_same_output_scores():
    p = portal(pus=100, kontrasepsi={"suntik": 45, "implan": 10}, non={"iat": 8})
    s = k.skor_output(p)
    assert k.skor_kampung_kb(p) == {
        "cpr_7_cara": s["output_cpr"],
        "mkjp": s["output_mkjp"],
        "unmet_need": s["output_unmet_need"],
        "partisipasi_poktan": s["output_poktan"],
    }
    # CPR 55/100 = 55 → 4; MKJP 10/55 = 18.2 → 18 → 1; unmet 8 → 3; poktan 0 → 1
    assert k.skor_kampung_kb(p) == {
        "cpr_7_cara": 4,
        "mkjp": 1,
        "unmet_need": 3,
        "partisipasi_poktan": 1,
    }
    assert k.skor_kampung_kb(None) == dict.fromkeys(k.SKOR_LAMA)


# --- bands of the input and process indicators -----------------------------------------------------


@pytest.mark.parametrize(
    "ada,anggota,dilatih,skor",
    [
        (False, 0, False, 1),
        (False, 5, True, 1),
        (True, 0, False, 2),
        (True, 3, False, 3),
        (True, 0, True, 3),
        (True, 3, True, 4),
    ],
)
def test_pokja_score(ada, anggota, dilatih, skor):
    m = masukan(pokja=ada, anggota_pokja=anggota, pokja_dilatih=dilatih)
    assert k.skor_masukan(m)["input_pokja"] == skor


@pytest.mark.parametrize(
    "kunci,kolom,nilai_skor",
    [
        ("input_sumber_dana", "sumber_dana", [(0, 1), (1, 2), (2, 3), (4, 3), (5, 4), (6, 4)]),
        ("input_poktan", "poktan", [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4)]),
        ("input_sarana", "sarana", [(0, 1), (1, 2), (2, 3)]),
        (
            "proses_penggunaan_data",
            "penggunaan_data",
            [(0, 1), (1, 2), (2, 3), (3, 3), (4, 4), (5, 4)],
        ),
        ("proses_operasional", "operasional", [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4)]),
        (
            "proses_lintas_sektor",
            "lintas_sektor",
            [(0, 1), (1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (12, 4)],
        ),
    ],
)
def test_count_indicators_bands(kunci, kolom, nilai_skor):
    for nilai, skor in nilai_skor:
        assert k.skor_masukan(masukan(**{kolom: nilai}))[kunci] == skor, (kolom, nilai)


@pytest.mark.parametrize(
    "pkb,regulasi,skor", [(False, False, 1), (True, False, 2), (False, True, 2), (True, True, 3)]
)
def test_pkb_and_regulation_score(pkb, regulasi, skor):
    assert k.skor_masukan(masukan(pkb=pkb, regulasi=regulasi))["input_pkb_regulasi"] == skor


# --- indices and class ---------------------------------------------------------------------------

# Input all 3: pokja with members; 2 funding sources; 3 poktan; both facilities; PKB and decree.
INPUT_3 = {
    "pokja": True,
    "anggota_pokja": 4,
    "sumber_dana": 2,
    "poktan": 3,
    "sarana": 2,
    "pkb": True,
    "regulasi": True,
}
# Process all 3: 2 data sources, 3 mechanisms, 4 agencies.
PROSES_3 = {"penggunaan_data": 2, "operasional": 3, "lintas_sektor": 4}
# Output ≥ 3: CPR 45 (3), MKJP 20/45 = 44 (4), unmet 5 (4), poktan 0 (1) → 12/4 = 3.00
OUTPUT_3 = portal(pus=100, kontrasepsi={"implan": 20, "suntik": 25}, non={"iat": 5})
OUTPUT_2 = portal(pus=100, kontrasepsi={"implan": 20, "suntik": 25}, non={"iat": 15})


def test_indices_are_means_with_two_decimals():
    b = k.klasifikasi(OUTPUT_3, masukan(**INPUT_3, **PROSES_3 | {"operasional": 1}))
    # input 3,3,3,3,3 = 3.00; process 3 + 2 + 3 = 8/3 = 2.67; output 1 + 3 + 4 + 4 = 3.00
    assert b["indeks"] == {"input": 3.0, "proses": 2.67, "output": 3.0}
    # nothing recorded: every input/process score 1; output CPR 3, MKJP 4, unmet 15 → 1, poktan 1
    assert k.klasifikasi(OUTPUT_2, masukan())["indeks"] == {
        "input": 1.0,
        "proses": 1.0,
        "output": 2.25,
    }


@pytest.mark.parametrize(
    "m,p,kelas",
    [
        (masukan(**INPUT_3, **PROSES_3), OUTPUT_3, "Berkelanjutan"),
        (masukan(**INPUT_3, **PROSES_3), OUTPUT_2, "Berkembang"),
        (masukan(**INPUT_3), OUTPUT_3, "Mandiri"),
        (masukan(**PROSES_3), OUTPUT_3, "Mandiri"),
        (masukan(), OUTPUT_3, "Dasar"),  # only output ≥ 3
        (masukan(**INPUT_3), OUTPUT_2, "Dasar"),  # only input ≥ 3
        (masukan(**PROSES_3), OUTPUT_2, "Dasar"),  # only process ≥ 3
        (masukan(), OUTPUT_2, "Dasar"),  # all < 3
    ],
)
def test_each_class_branch(m, p, kelas):
    assert k.klasifikasi(p, m)["kelas"] == kelas


def test_an_index_of_2_80_is_below_3():
    b = k.klasifikasi(OUTPUT_3, masukan(**INPUT_3 | PROSES_3 | {"sarana": 1}))
    assert b["indeks"]["input"] == 2.8
    assert b["kelas"] == "Mandiri"


# --- what would lift the class next ---------------------------------------------------------------


def test_hint_one_more_operating_mechanism_lifts_dasar_to_berkembang():
    # process: data 2 (3), mechanisms 2 (2), agencies 4 (3) = 8/3 = 2.67; output < 3
    m = masukan(**INPUT_3, penggunaan_data=2, operasional=2, lintas_sektor=4)
    b = k.klasifikasi(OUTPUT_2, m)
    assert b["kelas"] == "Dasar"
    h = k.naik_kelas(OUTPUT_2, b)
    assert h["kelas"] == "Berkembang"
    assert h["langkah"] == 1
    assert h["baris"] == [
        "Proses 2,67 → 3,00: 2 → 3 mekanisme operasional: satu mekanisme operasional lagi"
    ]


def test_hint_cpr_38_to_41_needs_7_more_kb_users_and_berkembang_goes_on_to_berkelanjutan():
    # PUS 250: 95 users = 38 % (2); MKJP 30/95 = 32 % (4); unmet 0 (4); poktan 0 % (1) = 2.75.
    # CPR 41 % needs 102 users (40.8 %): 7 more; poktan 1 → 2 would need 48 families.
    p = portal(
        pus=250,
        kontrasepsi={"pil": 65, "implan": 30},
        penyebut={
            "keluarga_balita": 100,
            "keluarga_remaja": 100,
            "keluarga_lansia": 100,
            "keluarga": 100,
            "remaja": 100,
        },
    )
    b = k.klasifikasi(p, masukan(**INPUT_3, **PROSES_3))
    assert b["kelas"] == "Berkembang"
    assert b["indeks"]["output"] == 2.75
    h = k.naik_kelas(p, b)
    assert h["kelas"] == "Berkelanjutan"  # never Mandiri from Berkembang
    assert h["baris"] == ["Output 2,75 → 3,00: CPR 38 % → 41 %: 7 peserta KB lagi"]


def test_hint_takes_the_fewest_units_among_equal_steps():
    # process 8/3: mechanisms 2 → 3 needs 1; data 3 → 4 needs 2 more sources; agencies 4 → 7: 3.
    m = masukan(**INPUT_3, penggunaan_data=2, operasional=2, lintas_sektor=4)
    h = k.naik_kelas(OUTPUT_2, k.klasifikasi(OUTPUT_2, m))
    assert [r["skor"] for r in h["rincian"]] == ["proses_operasional"]
    # with 3 mechanisms (3; 5 for a 4: 2 more) and 1 data source (2): the data source costs 1
    m = masukan(**INPUT_3, penggunaan_data=1, operasional=3, lintas_sektor=4)
    h = k.naik_kelas(OUTPUT_2, k.klasifikasi(OUTPUT_2, m))
    assert h["rincian"] == [
        {
            "skor": "proses_penggunaan_data",
            "dari": 2,
            "ke": 3,
            "teks": "1 → 2 sumber data perencanaan: satu sumber data perencanaan lagi",
        }
    ]


def test_hint_from_dasar_with_output_met_is_mandiri_by_the_cheaper_index():
    # output ≥ 3; input 1.00 (needs 10 steps), process: data 2, mechanisms 3, agencies 1 (2) = 8;
    # agencies 1 → 4 is 3 units, mechanisms 3 → 5 only 2
    m = masukan(**PROSES_3 | {"lintas_sektor": 1})
    b = k.klasifikasi(OUTPUT_3, m)
    assert b["kelas"] == "Dasar"
    h = k.naik_kelas(OUTPUT_3, b)
    assert (h["kelas"], h["langkah"]) == ("Mandiri", 1)
    assert h["baris"] == [
        "Proses 2,67 → 3,00: 3 → 5 mekanisme operasional: 2 mekanisme operasional lagi"
    ]


def test_hint_from_mandiri_and_none_at_berkelanjutan():
    b = k.klasifikasi(OUTPUT_3, masukan(**INPUT_3 | PROSES_3 | {"operasional": 2}))
    assert b["kelas"] == "Mandiri"
    h = k.naik_kelas(OUTPUT_3, b)
    assert (h["kelas"], h["langkah"]) == ("Berkelanjutan", 1)
    top = k.klasifikasi(OUTPUT_3, masukan(**INPUT_3, **PROSES_3))
    assert k.naik_kelas(OUTPUT_3, top) is None


def test_hint_for_the_pokja_names_what_is_missing():
    # input: pokja 1 (none), others 3,3,3,3 → 13/5 = 2.60: two steps on the pokja (form it and
    # record members) are the only way, as every other input is already 3 and … capped at 4;
    # funding 2 → 5 would be 3 units, poktan 3 → 5: 2 units, pokja: 2 units.
    m = masukan(**INPUT_3 | {"pokja": False, "anggota_pokja": 0}, **PROSES_3)
    b = k.klasifikasi(OUTPUT_2, m)
    assert b["indeks"]["input"] == 2.6
    h = k.naik_kelas(OUTPUT_2, b)
    assert h["kelas"] == "Berkembang" and h["langkah"] == 2
    assert sum(1 for r in h["rincian"]) >= 1
