"""Bad input, property-based: NIK/No KK validators and date parsing accept exactly what they
should and refuse everything else with an Indonesian ValidationError, never another exception."""

import datetime as dt
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from keluarga.forms import TanggalPeristiwaForm
from keluarga.validators import (
    nik_cocok,
    nik_tanggal_lahir,
    pesan_nik_tidak_cocok,
    validate_nik,
    validate_no_kk,
    validate_not_future,
)
from tests.factories import nik_untuk

BANYAK = settings(max_examples=500, deadline=None)
ENAM_BELAS_ANGKA = re.compile(r"[0-9]{16}")

# Text a clerk, a spreadsheet or an attacker might type where 16 digits belong.
teks_nakal = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 -.", max_size=20),
    st.from_regex(r"[0-9]{16}", fullmatch=True),
    st.from_regex(r"[0-9]{15}|[0-9]{17}|[0-9]{8} [0-9]{8}|[0-9]{16}\n", fullmatch=True),
    # 16 "digits" that are not ASCII: Arabic-Indic, full-width, superscript, Devanagari.
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=16, max_size=16),
    st.sampled_from(["3.32601e+15", "NaN", "-332601550590001", "\x00" * 16, "٣" * 16]),
    st.integers(min_value=1, max_value=10_000).map(lambda n: "9" * n),
)


def _pesan(e: ValidationError) -> str:
    return " ".join(e.messages)


@BANYAK
@given(teks_nakal)
@example("")
@example("3326015505900011")
def test_validate_nik_accepts_exactly_sixteen_ascii_digits(teks):
    with translation.override("id"):
        if teks == "" or ENAM_BELAS_ANGKA.fullmatch(teks):
            validate_nik(teks)
        else:
            with pytest.raises(ValidationError) as e:
                validate_nik(teks)
            assert e.value.code == "nik_format"
            assert "NIK harus tepat 16 angka" in _pesan(e.value)


@BANYAK
@given(st.one_of(teks_nakal, st.none()))
def test_validate_no_kk_accepts_exactly_sixteen_ascii_digits_and_never_empty(teks):
    with translation.override("id"):
        if teks and ENAM_BELAS_ANGKA.fullmatch(teks):
            validate_no_kk(teks)
        else:
            with pytest.raises(ValidationError) as e:
                validate_no_kk(teks)
            assert e.value.code == "no_kk_format"
            assert "No KK harus tepat 16 angka" in _pesan(e.value)


tanggal_lahir = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@BANYAK
@given(teks_nakal, st.one_of(st.none(), st.dates()), st.sampled_from(["L", "P", "", "X"]))
def test_the_nik_birth_date_check_never_fails_whatever_it_is_given(teks, tanggal, jk):
    kode = nik_tanggal_lahir(teks)
    assert kode is None or (ENAM_BELAS_ANGKA.fullmatch(teks) and kode[3] in "LP")
    assert nik_cocok(teks, tanggal, jk) in (True, False)
    if tanggal is not None and tanggal.year >= 1000:
        assert pesan_nik_tidak_cocok(teks, tanggal, jk).startswith("Peringatan")


@BANYAK
@given(tanggal_lahir, st.sampled_from(["L", "P"]), st.integers(min_value=0, max_value=9999))
def test_a_nik_made_from_a_birth_date_and_sex_agrees_with_them(lahir, jk, urut):
    nik = nik_untuk(lahir, jk, urut)
    validate_nik(nik)
    assert nik_cocok(nik, lahir, jk)
    lain = "P" if jk == "L" else "L"
    assert not nik_cocok(nik, lahir, lain)
    assert not nik_cocok(nik, lahir + dt.timedelta(days=1), jk)


@BANYAK
@given(st.dates())
def test_no_date_in_the_future_is_accepted(tanggal):
    hari_ini = timezone.localdate()
    with translation.override("id"):
        if tanggal > hari_ini:
            with pytest.raises(ValidationError, match="tidak boleh di masa depan"):
                validate_not_future(tanggal)
        else:
            validate_not_future(tanggal)


# --- dates typed into the forms (Indonesian input formats) --------------------------------------

FORMAT_4_ANGKA = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
FORMAT_2_ANGKA = ["%d-%m-%y", "%d/%m/%y"]


def bersihkan_tanggal(teks):
    """What the form's required date field makes of a typed text (Indonesian locale)."""
    with translation.override("id"):
        return TanggalPeristiwaForm().fields["tanggal"].clean(teks)


def test_the_form_date_field_reads_the_indonesian_formats():
    assert bersihkan_tanggal("17-08-1945") == dt.date(1945, 8, 17)
    assert bersihkan_tanggal("17/08/2020") == dt.date(2020, 8, 17)
    assert bersihkan_tanggal("2020-08-17") == dt.date(2020, 8, 17)
    with pytest.raises(ValidationError):  # a two-digit year is ambiguous (1920 or 2020?)
        bersihkan_tanggal("17-08-20")


@BANYAK
@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(FORMAT_4_ANGKA),
)
def test_every_date_typed_with_a_four_digit_year_reads_back(tanggal, fmt):
    assert bersihkan_tanggal(f"{tanggal.day:02d}-{tanggal.month:02d}-{tanggal.year:04d}") == (
        tanggal
    )
    teks = fmt.replace("%Y", f"{tanggal.year:04d}")
    assert bersihkan_tanggal(tanggal.strftime(teks)) == tanggal


@BANYAK
@given(
    st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2068, 12, 31)),
    st.sampled_from(FORMAT_2_ANGKA),
)
def test_two_digit_years_are_refused_not_guessed(tanggal, fmt):
    with pytest.raises(ValidationError):
        bersihkan_tanggal(tanggal.strftime(fmt))


teks_tanggal_nakal = st.one_of(
    st.text(),
    st.text(alphabet="0123456789-/. :T", max_size=30),
    st.from_regex(r"[0-9]{1,4}[-/.][0-9]{1,4}[-/.][0-9]{1,6}", fullmatch=True),
    st.sampled_from(
        ["31-02-2024", "29-02-2023", "00-01-2020", "32/12/2020", "2024-13-01", "0000-01-01"]
    ),
    st.integers(min_value=1, max_value=10_000).map(lambda n: "1" * n),
    st.just("x" * 10_000),
)


@BANYAK
@given(teks_tanggal_nakal)
def test_any_typed_text_gives_a_date_or_an_indonesian_error(teks):
    try:
        hasil = bersihkan_tanggal(teks)
    except ValidationError as e:
        assert _pesan(e) in {"Masukkan tanggal yang valid.", "Bidang ini tidak boleh kosong."}
    else:
        assert isinstance(hasil, dt.date)


@BANYAK
@given(st.dictionaries(st.sampled_from(["tanggal", "tanggal_lapor", "versi"]), teks_tanggal_nakal))
def test_the_date_form_never_fails_on_a_post(data):
    with translation.override("id"):
        form = TanggalPeristiwaForm(data)
        if form.is_valid():
            assert isinstance(form.cleaned_data["tanggal"], dt.date)
        else:
            assert all(isinstance(m, str) and m for ms in form.errors.values() for m in ms)


def test_a_date_field_refuses_a_10000_character_text_quickly():
    with pytest.raises(ValidationError):
        forms.DateField().clean("2" * 10_000)
