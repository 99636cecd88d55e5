"""Likely duplicate people (issue 19): each kind of near-miss is found, each kind of
non-duplicate is not (keluarga/ganda.py). Pure Python: no database."""

import datetime as dt

import pytest

from keluarga import ganda
from keluarga.ganda import AMBANG, Orang, beda_lahir, beda_nik, nilai, urai_nama
from tests.ganda_label import nik_untuk

L, P = "L", "P"


def orang(pk, nama, jk=P, lahir=dt.date(1990, 3, 14), nik=None, ibu=None, kk=None, rumah=None):
    kk = kk if kk is not None else pk
    return Orang(pk, urai_nama(nama), nik, jk, lahir, ibu, kk, rumah if rumah is not None else kk)


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tulisan, baku",
    [
        ("Moh. Rofiq", "Muhammad Rofiq"),
        ("Moch Rofiq", "Muhammad Rofiq"),
        ("Muh. Rofiq", "Muhammad Rofiq"),
        ("Mochammad Rofiq", "Muhammad Rofiq"),
        ("Muhamad Rofiq", "Muhammad Rofiq"),
        ("M. Rofiq", "Muhammad Rofiq"),
        ("St. Aminah", "Siti Aminah"),
        ("Abd. Rahman", "Abdul Rahman"),
        ("Nurul Hidayah", "Nur Hidayah"),
        ("Hj. Nur Khasanah", "Nurkhasanah"),
        ("H. Slamet", "Slamet"),
        ("Drs. Bambang Susanto", "Bambang Susanto"),
        ("Ir. Joko Widodo", "Joko Widodo"),
        ("dr. Dewi Lestari", "Dewi Lestari"),
        ("Dewi Lestari, S.Pd.", "Dewi Lestari"),
        ("Dewi Lestari S.Pd", "Dewi Lestari"),
        ("Siti  Aminah", "Siti Aminah"),
        ("Nur Hasanah", "Nur Khasanah"),
        ("Soekarno", "Sukarno"),
        ("Djoko Santoso", "Joko Santoso"),
        ("Rofik", "Rofiq"),
        ("Aminah binti Salim", "Aminah"),
    ],
)
def test_each_spelling_normalises_to_the_same_name(tulisan, baku):
    a, b = urai_nama(tulisan), urai_nama(baku)
    assert a.rapat == b.rapat
    assert ganda.kemiripan_nama(a, b) == 1.0


def test_bin_keeps_the_father_apart():
    n = urai_nama("Slamet bin Sukri")
    assert (n.sendiri, n.ayah) == ("slamet", "sukri")


def test_st_after_a_name_is_a_degree_not_siti():
    assert urai_nama("Bambang, S.T.").sendiri == "bambang"
    assert urai_nama("Bambang ST").sendiri == "bambang"


# --- NIK and dates -------------------------------------------------------------------------------


def test_nik_kinds():
    n = "3326015403900012"
    assert beda_nik(n, "3326015403900013") == "1"
    assert beda_nik(n, "3326015403900021") == "tukar"
    assert beda_nik(n, "3326015403900031") is None  # two digits changed, not a swap
    assert beda_nik(n, n) == "sama"


def test_birth_date_kinds():
    d = dt.date(1990, 3, 7)
    assert beda_lahir(d, dt.date(1990, 7, 3)) == "tukar"
    assert beda_lahir(d, dt.date(1991, 3, 7)) == "tahun"
    assert beda_lahir(d, dt.date(1989, 3, 7)) == "tahun"
    assert beda_lahir(d, dt.date(1992, 3, 7)) is None
    assert beda_lahir(d, dt.date(1990, 3, 9)) is None


# --- pairs that are one person ---------------------------------------------------------------


LAHIR = dt.date(1990, 3, 14)
NIK = nik_untuk(LAHIR, P, 12)  # 3326015403900012


@pytest.mark.parametrize(
    "a, b, alasan",
    [
        # The married woman still on her parents' KK, abbreviated, no NIK there.
        (
            orang(1, "Siti Aminah", nik=NIK),
            orang(2, "St. Aminah"),
            "NIK cocok dengan tanggal lahir",
        ),
        (orang(1, "Hj. Nur Khasanah", nik=NIK), orang(2, "Nurkhasanah"), "nama sama"),
        (orang(1, "Muhammad Rofiq", L), orang(2, "Moh. Rofiq", L), "keduanya tanpa NIK"),
        # NIK one digit mistyped, and two adjacent digits swapped.
        (
            orang(1, "Siti Aminah", nik=NIK),
            orang(2, "Siti Aminah", nik=NIK[:-1] + "3"),
            "NIK beda 1 angka",
        ),
        (
            orang(1, "Siti Aminah", nik=NIK),
            orang(2, "Siti Aminah", nik=NIK[:6] + "45" + NIK[8:]),
            "NIK dua angka bertukar",
        ),
        # Day and month swapped.
        (
            orang(1, "Siti Aminah", lahir=dt.date(1990, 3, 7)),
            orang(2, "Siti Aminah", lahir=dt.date(1990, 7, 3)),
            "tanggal dan bulan lahir tertukar",
        ),
        # A child entered again at the posyandu, the year typed wrong: same mother.
        (
            orang(1, "Putri Ayu", lahir=dt.date(2023, 5, 20), ibu=9, kk=7),
            orang(2, "Putri Ayu", lahir=dt.date(2024, 5, 20), ibu=9, kk=7),
            "tahun lahir beda 1",
        ),
    ],
)
def test_each_near_miss_reaches_the_threshold(a, b, alasan):
    skor, kata = nilai(a, b)
    assert skor >= AMBANG, (skor, kata)
    assert alasan in kata
    assert set(ganda.pasangan([a, b])) == {(1, 2)}  # and blocking brings them together


def test_reasons_are_indonesian_words_with_a_decimal_comma():
    skor, kata = nilai(
        orang(1, "Siti Aminah", nik=NIK, ibu=5),
        orang(2, "Siti Aminnah Putri", nik=NIK[:-1] + "9", ibu=5),
    )
    teks = " · ".join(kata)
    assert "NIK beda 1 angka" in teks and "ibu sama" in teks
    assert "nama mirip 0," in teks


# --- pairs that are two people ---------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        # Twins: one mother, one KK, one birth date, names a letter apart, NIKs in series.
        (
            orang(
                1,
                "Dewi Sartika",
                lahir=dt.date(2015, 4, 2),
                nik=nik_untuk(dt.date(2015, 4, 2), P, 1),
                ibu=9,
                kk=7,
            ),
            orang(
                2,
                "Dewi Kartika",
                lahir=dt.date(2015, 4, 2),
                nik=nik_untuk(dt.date(2015, 4, 2), P, 2),
                ibu=9,
                kk=7,
            ),
        ),
        # Twin babies without NIK.
        (
            orang(1, "Muhammad Hasan", L, lahir=dt.date(2025, 1, 2), ibu=9, kk=7),
            orang(2, "Muhammad Husein", L, lahir=dt.date(2025, 1, 2), ibu=9, kk=7),
        ),
        # Father and son "bin": the son named after his father.
        (
            orang(1, "Slamet", L, lahir=dt.date(1960, 2, 1), kk=7),
            orang(2, "Slamet bin Slamet", L, lahir=dt.date(1988, 6, 9), kk=7),
        ),
        # Father and son both "bin", born in the same year on the same day (the worst case).
        (
            orang(1, "Ahmad bin Yusuf", L, lahir=dt.date(1970, 2, 1), kk=7),
            orang(2, "Ahmad bin Ahmad", L, lahir=dt.date(1970, 2, 1), kk=7),
        ),
        # Two women named Siti Aminah of different ages.
        (
            orang(1, "Siti Aminah", lahir=dt.date(1962, 5, 5)),
            orang(2, "Siti Aminah", lahir=dt.date(1994, 8, 20)),
        ),
        # The same name and birth date but two valid NIKs far apart: two people.
        (
            orang(1, "Siti Aminah", nik=NIK),
            orang(2, "Siti Aminah", nik="3326025403900417"),
        ),
        # A man and a woman.
        (orang(1, "Nur Hidayat", L), orang(2, "Nur Hidayati", P)),
    ],
)
def test_each_hard_non_duplicate_stays_below_the_threshold(a, b):
    skor, kata = nilai(a, b)
    assert skor < AMBANG, (skor, kata)
    assert ganda.pasangan([a, b]) == {}


def test_blocking_brings_a_nik_typo_together_across_a_longer_name():
    """A NIK near-miss shares a NIK block even when the names' skeletons differ; a name that is
    the other with a word added counts as similar (0.9)."""
    a = orang(1, "Siti Aminah", nik=NIK)
    b = orang(2, "Sitti Aminah Zahra", nik=NIK[:3] + "9" + NIK[4:], lahir=dt.date(1990, 3, 14))
    assert ("nik", 0, NIK[4:]) in a.kunci() and ("nik", 0, NIK[4:]) in b.kunci()
    assert (1, 2) in ganda.pasangan([a, b])


def test_a_pair_with_unrelated_birth_dates_scores_at_most_half_whatever_else_agrees():
    """Why the blocks may all require a birth-date near-miss (keluarga.ganda.Orang.kunci)."""
    a = orang(1, "Siti Aminah", nik=NIK, ibu=9, kk=7)
    b = orang(2, "Siti Aminah", nik=NIK[:-1] + "9", ibu=9, kk=7, lahir=dt.date(1993, 11, 2))
    skor, kata = nilai(a, b)
    assert skor <= 0.5 + 1e-9 and "tanggal lahir berbeda" in kata
