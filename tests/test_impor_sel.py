"""Cell parsers and OpenSID code mapping of the Excel importer (no database)."""

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impor import opensid, sel
from impor.sel import SelError
from keluarga.kode import (
    JKN,
    Agama,
    AktaLahir,
    HubunganKK,
    JenisKelamin,
    MetodeKB,
    Pekerjaan,
    Pendidikan,
    StatusHidup,
    StatusKawin,
)

NIK = "3326014508900012"


def pesan(fungsi, *args) -> str:
    """The SelError message a parser gives for a value."""
    with pytest.raises(SelError) as e:
        fungsi(*args)
    return str(e.value)


# --- teks -------------------------------------------------------------------------------


def test_teks_strips_and_empty_cells_become_empty_text():
    assert sel.teks("  Siti Aminah \n") == "Siti Aminah"
    assert sel.teks(None) == ""
    assert sel.teks("   ") == ""


def test_teks_of_a_whole_number_drops_the_decimal_point():
    assert sel.teks(4) == "4"
    assert sel.teks(4.0) == "4"
    assert sel.teks(4.5) == "4.5"


def test_teks_of_nan_is_an_error():
    assert "tidak sah" in pesan(sel.teks, math.nan)


def test_teks_of_a_date_is_iso_text():
    assert sel.teks(dt.datetime(2020, 1, 31)) == "2020-01-31"  # noqa: DTZ001
    assert sel.teks(dt.date(2020, 1, 31)) == "2020-01-31"


# --- NIK and No KK ----------------------------------------------------------------------


def test_nik_as_sixteen_digit_text_is_kept():
    assert sel.nik(NIK) == NIK


def test_nik_spaces_inside_are_removed():
    assert sel.nik(" 3326 0145 0890 0012 ") == NIK


def test_empty_nik_is_none():
    assert sel.nik(None) is None
    assert sel.nik("  ") is None


def test_nik_stored_as_number_is_always_an_error():
    for angka in (int(NIK), float(NIK), 3326014508900010, 12345):
        teks_pesan = pesan(sel.nik, angka)
        assert "tersimpan sebagai angka" in teks_pesan
        assert "15 angka penting" in teks_pesan
        assert "Teks" in teks_pesan


def test_nik_in_scientific_notation_text_is_explained():
    assert "angka ilmiah" in pesan(sel.nik, "3.32601E+15")


def test_nik_with_dots_is_an_error_naming_the_length():
    teks_pesan = pesan(sel.nik, "3326.0145.0890.0012")
    assert "16 angka" in teks_pesan
    assert "19" in teks_pesan


def test_nik_of_fifteen_digits_is_an_error_naming_the_length():
    assert "15 karakter" in pesan(sel.nik, NIK[:15])


def test_nik_with_non_latin_digits_is_an_error():
    assert "16 angka" in pesan(sel.nik, "٣" * 16)


def test_nik_of_true_or_a_date_is_an_error():
    assert "TRUE/FALSE" in pesan(sel.nik, True)
    assert "tanggal" in pesan(sel.nik, dt.date(2020, 1, 1))


def test_no_kk_as_text_is_kept_and_spaces_removed():
    assert sel.no_kk("3326 0112 3456 0001") == "3326011234560001"


def test_no_kk_is_required():
    assert "wajib" in pesan(sel.no_kk, None)
    assert "wajib" in pesan(sel.no_kk, "")


def test_no_kk_stored_as_number_is_always_an_error():
    assert "No KK tersimpan sebagai angka" in pesan(sel.no_kk, 3326011234560001)


def test_no_kk_of_wrong_length_names_the_length():
    assert "17 karakter" in pesan(sel.no_kk, "33260112345600011")


# --- tanggal ----------------------------------------------------------------------------


def test_tanggal_accepts_excel_dates():
    assert sel.tanggal(dt.datetime(1990, 8, 17, 0, 0)) == dt.date(1990, 8, 17)  # noqa: DTZ001
    assert sel.tanggal(dt.date(1990, 8, 17)) == dt.date(1990, 8, 17)


def test_tanggal_accepts_excel_serial_numbers_of_the_1900_system():
    assert sel.tanggal(45000) == dt.date(2023, 3, 15)
    assert sel.tanggal(45000.75) == dt.date(2023, 3, 15)
    assert sel.tanggal(1) == dt.date(1900, 1, 1)
    assert sel.tanggal(59) == dt.date(1900, 2, 28)
    assert sel.tanggal(61) == dt.date(1900, 3, 1)
    assert sel.tanggal(33102) == dt.date(1990, 8, 17)


def test_tanggal_rejects_implausible_serial_numbers():
    for serial in (0, -5, 0.5, 60, 73416, 10**12, math.nan, math.inf, -math.inf):
        with pytest.raises(SelError):
            sel.tanggal(serial)


def test_tanggal_accepts_the_text_formats():
    tujuh_belas = dt.date(1990, 8, 17)
    assert sel.tanggal("1990-08-17") == tujuh_belas
    assert sel.tanggal("17-08-1990") == tujuh_belas
    assert sel.tanggal("17/08/1990") == tujuh_belas
    assert sel.tanggal(" 7-8-1990 ") == dt.date(1990, 8, 7)
    assert sel.tanggal("1990-08-17 00:00:00") == tujuh_belas


def test_impossible_date_is_an_error_naming_the_value():
    teks_pesan = pesan(sel.tanggal, "31-02-2020")
    assert "31-02-2020" in teks_pesan
    assert "tidak ada di kalender" in teks_pesan


def test_tanggal_outside_1900_to_2100_is_an_error():
    assert "1900-2100" in pesan(sel.tanggal, "01-01-1899")
    assert "1900-2100" in pesan(sel.tanggal, dt.date(2101, 1, 1))


def test_unrecognised_date_text_is_an_error_showing_the_formats():
    teks_pesan = pesan(sel.tanggal, "17 Agustus 1990")
    assert "17 Agustus 1990" in teks_pesan
    assert "HH-BB-TTTT" in teks_pesan
    with pytest.raises(SelError):
        sel.tanggal("17-08-90")


def test_empty_tanggal_is_none():
    assert sel.tanggal(None) is None
    assert sel.tanggal("") is None


def test_tanggal_of_a_time_or_boolean_is_an_error():
    assert "jam" in pesan(sel.tanggal, dt.time(8, 30))
    assert "TRUE/FALSE" in pesan(sel.tanggal, False)


# --- kode_pilihan -----------------------------------------------------------------------


def test_kode_pilihan_accepts_our_code_or_its_label_in_any_case():
    assert sel.kode_pilihan("L", JenisKelamin) == JenisKelamin.LAKI_LAKI
    assert sel.kode_pilihan("perempuan", JenisKelamin) == JenisKelamin.PEREMPUAN
    assert sel.kode_pilihan("  CERAI   HIDUP ", StatusKawin) == StatusKawin.CERAI_HIDUP
    assert sel.kode_pilihan("Penghayat kepercayaan", Agama) == Agama.PENGHAYAT


def test_kode_pilihan_accepts_numeric_codes_with_or_without_zeros():
    assert sel.kode_pilihan(4, HubunganKK) == HubunganKK.ANAK
    assert sel.kode_pilihan(4.0, HubunganKK) == HubunganKK.ANAK
    assert sel.kode_pilihan("04", HubunganKK) == HubunganKK.ANAK


def test_kode_pilihan_outside_the_list_is_an_error_listing_the_codes():
    teks_pesan = pesan(sel.kode_pilihan, "X", JenisKelamin, "jenis kelamin")
    assert "di luar daftar jenis kelamin" in teks_pesan
    assert "L (Laki-laki)" in teks_pesan
    assert "P (Perempuan)" in teks_pesan


def test_kode_pilihan_of_an_empty_cell_is_empty():
    assert sel.kode_pilihan(None, Agama) == ""


# --- bilangan and desimal ---------------------------------------------------------------


def test_bilangan_reads_integers_whole_floats_and_text():
    assert sel.bilangan(36) == 36
    assert sel.bilangan(36.0) == 36
    assert sel.bilangan(" 36 ") == 36
    assert sel.bilangan("-3") == -3
    assert sel.bilangan("1.234") == 1234
    assert sel.bilangan("12,0") == 12
    assert sel.bilangan(None) is None


def test_bilangan_with_a_fraction_or_not_a_number_is_an_error():
    assert "bilangan bulat" in pesan(sel.bilangan, 3.5)
    assert "bilangan bulat" in pesan(sel.bilangan, "3,5")
    assert "bukan angka" in pesan(sel.bilangan, "tiga")
    assert "bukan angka" in pesan(sel.bilangan, True)
    assert "bukan angka" in pesan(sel.bilangan, math.nan)


def test_desimal_reads_indonesian_text():
    assert sel.desimal("12,5") == 12.5
    assert sel.desimal("1.234,5") == 1234.5
    assert sel.desimal("1.234.567") == 1234567
    assert sel.desimal("-7,2575") == -7.2575


def test_desimal_reads_point_decimals_like_opensid_coordinates():
    assert sel.desimal("-7.2575") == -7.2575
    assert sel.desimal("110.4") == 110.4
    assert sel.desimal("1,234.5") == 1234.5
    assert sel.desimal(36) == 36.0
    assert sel.desimal(-7.25) == -7.25
    assert sel.desimal("") is None


def test_desimal_rejects_malformed_and_infinite_numbers():
    for nilai in ("1.2.3", "1,2,3", "12,5,6", "abc", "1e5", ".", math.inf, "9" * 400, True):
        with pytest.raises(SelError):
            sel.desimal(nilai)


# --- OpenSID columns ----------------------------------------------------------------------


def test_kolom_opensid_lists_the_43_columns_in_order():
    assert len(opensid.KOLOM_OPENSID) == 43
    assert opensid.KOLOM_OPENSID[:7] == ("alamat", "dusun", "rw", "rt", "nama", "no_kk", "nik")
    assert opensid.KOLOM_OPENSID[-3:] == ("no_asuransi", "lat", "lng")


def test_required_columns_are_opensid_columns():
    wajib = {"dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tanggallahir", "kk_level"}
    assert wajib | {"status_kawin"} <= set(opensid.KOLOM_WAJIB)
    assert set(opensid.KOLOM_WAJIB) <= set(opensid.KOLOM_OPENSID)


def test_kolom_kurang_names_missing_required_columns_ignoring_case():
    header = [" NAMA ", "no_kk", "NIK", "sex", "Dusun", "rw", "rt", None, 7, "kk_level"]
    assert opensid.kolom_kurang(header) == ["tanggallahir", "status_kawin"]
    assert opensid.kolom_kurang(opensid.KOLOM_OPENSID) == []


# --- OpenSID code mapping -----------------------------------------------------------------


def test_sex_codes_and_letters_map_to_jenis_kelamin():
    assert opensid.petakan_sex(1) == opensid.Hasil(JenisKelamin.LAKI_LAKI, "1")
    assert opensid.petakan_sex("2") == opensid.Hasil(JenisKelamin.PEREMPUAN, "2")
    assert opensid.petakan_sex("P").nilai == JenisKelamin.PEREMPUAN
    assert opensid.petakan_sex("LAKI-LAKI").asli == "1"


def test_sex_outside_the_list_is_an_error():
    assert "daftar kode OpenSID (1-2)" in pesan(opensid.petakan_sex, 3)


def test_agama_codes_map_and_7_is_penghayat():
    harapan = {
        1: Agama.ISLAM,
        2: Agama.KRISTEN,
        3: Agama.KATOLIK,
        4: Agama.HINDU,
        5: Agama.BUDDHA,
        6: Agama.KHONGHUCU,
        7: Agama.PENGHAYAT,
    }
    for kode, agama in harapan.items():
        assert opensid.petakan_agama(kode) == opensid.Hasil(agama, str(kode))
    assert opensid.petakan_agama("Katholik").nilai == Agama.KATOLIK
    assert opensid.petakan_agama(None) == opensid.Hasil("", "")


def test_text_codes_with_leading_zeros_or_as_floats_keep_the_plain_code():
    assert opensid.petakan_agama("01") == opensid.Hasil(Agama.ISLAM, "1")
    assert opensid.petakan_agama(1.0) == opensid.Hasil(Agama.ISLAM, "1")


def test_a_fractional_or_boolean_code_is_an_error():
    with pytest.raises(SelError):
        opensid.petakan_agama(1.5)
    with pytest.raises(SelError):
        opensid.petakan_agama(True)


PEKERJAAN_PER_KATEGORI = {
    Pekerjaan.TIDAK_BEKERJA: {1, 2, 3},
    Pekerjaan.PENSIUNAN: {4},
    Pekerjaan.PNS_TNI_POLRI: {5, 6, 7, 85, 86},
    Pekerjaan.PEDAGANG: {8, 84},
    Pekerjaan.PETANI: {9, 10, 20, 22},
    Pekerjaan.NELAYAN: {11, 21},
    Pekerjaan.WIRASWASTA: {12, 13, 14, 32, 33, 34, 36, 37, 38, 39, 47, 82, 83, 88},
    Pekerjaan.PEGAWAI_SWASTA: {15, 16, 17, 18, 40, 41, 42, 43, 44, 45, 46, 87} | set(range(64, 81)),
    Pekerjaan.PEKERJA_LEPAS: {19, 23, 35, 81, 89} | set(range(24, 32)),
    Pekerjaan.PEJABAT_NEGARA: set(range(48, 64)),
}
PEKERJAAN_HARAPAN = {
    kode: kategori for kategori, semua in PEKERJAAN_PER_KATEGORI.items() for kode in semua
}


def test_the_pekerjaan_table_covers_exactly_the_codes_1_to_89():
    assert sorted(PEKERJAAN_HARAPAN) == list(range(1, 90))
    assert sum(len(s) for s in PEKERJAAN_PER_KATEGORI.values()) == 89
    assert sorted(opensid.PEKERJAAN) == list(range(1, 90))


@pytest.mark.parametrize("kode", range(1, 90))
def test_every_pekerjaan_code_maps_to_its_pk_category(kode):
    assert opensid.petakan_pekerjaan(kode) == opensid.Hasil(PEKERJAAN_HARAPAN[kode], str(kode))
    assert opensid.petakan_pekerjaan(str(kode)).nilai == PEKERJAAN_HARAPAN[kode]


def test_pekerjaan_outside_1_to_89_is_an_error():
    for kode in (0, 90, "90", 100, "x"):
        assert "pekerjaan_id" in pesan(opensid.petakan_pekerjaan, kode)
    assert "(1-89)" in pesan(opensid.petakan_pekerjaan, 90)


def test_pekerjaan_given_by_its_label_maps_too():
    assert opensid.petakan_pekerjaan("buruh harian lepas") == opensid.Hasil(
        Pekerjaan.PEKERJA_LEPAS, "19"
    )


@pytest.mark.parametrize(
    ("kk", "harapan"),
    [
        (1, Pendidikan.TIDAK_SEKOLAH),
        (2, Pendidikan.TIDAK_TAMAT_SD),
        (3, Pendidikan.TAMAT_SD),
        (4, Pendidikan.TAMAT_SLTP),
        (5, Pendidikan.TAMAT_SLTA),
        (6, Pendidikan.TAMAT_PT),
        (7, Pendidikan.TAMAT_PT),
        (8, Pendidikan.TAMAT_PT),
        (9, Pendidikan.TAMAT_PT),
        (10, Pendidikan.TAMAT_PT),
    ],
)
def test_pendidikan_kk_alone_is_the_completed_level(kk, harapan):
    assert opensid.petakan_pendidikan(kk) == opensid.HasilPendidikan(harapan, str(kk), "")
    assert opensid.petakan_pendidikan(kk, 18).nilai == harapan
    assert opensid.petakan_pendidikan_kk(kk) == opensid.Hasil(harapan, str(kk))


@pytest.mark.parametrize(
    ("kk", "sedang", "harapan"),
    [
        (2, 4, Pendidikan.MASIH_SD),  # belum tamat SD, sedang SD
        (None, 4, Pendidikan.MASIH_SD),
        (3, 6, Pendidikan.MASIH_SLTP),  # tamat SD, sedang SLTP
        (4, 6, Pendidikan.MASIH_SLTP),  # the KK shows the level attended
        (4, 7, Pendidikan.MASIH_SLTA),
        (5, 7, Pendidikan.MASIH_SLTA),
        (5, 11, Pendidikan.MASIH_PT),
        (8, 11, Pendidikan.MASIH_PT),  # S1 on the KK while studying for it
        (8, 12, Pendidikan.TAMAT_PT),  # a graduate studying for S2
        (7, 11, Pendidikan.TAMAT_PT),  # D3 graduate studying for S1
    ],
)
def test_pupils_in_school_are_masih_at_the_level_attended(kk, sedang, harapan):
    hasil = opensid.petakan_pendidikan(kk, sedang)
    assert hasil.nilai == harapan
    assert hasil.asli_sedang == str(sedang)
    assert hasil.peringatan == ""


def test_pendidikan_sedang_below_the_completed_level_keeps_the_kk_and_warns():
    hasil = opensid.petakan_pendidikan(5, 4)
    assert hasil.nilai == Pendidikan.TAMAT_SLTA
    assert "lebih rendah" in hasil.peringatan


@pytest.mark.parametrize(
    ("kk", "sedang", "harapan"),
    [
        (None, 1, Pendidikan.TIDAK_SEKOLAH),
        (None, 2, Pendidikan.TIDAK_SEKOLAH),  # TK is "belum sekolah" in PK
        (1, 2, Pendidikan.TIDAK_SEKOLAH),
        (None, 3, Pendidikan.TIDAK_SEKOLAH),
        (None, 5, Pendidikan.TIDAK_TAMAT_SD),
        (None, 17, ""),
        (None, 18, ""),
        (3, 3, Pendidikan.TAMAT_SD),  # the KK decides when not in school
        (None, 14, Pendidikan.MASIH_SD),  # SLB without a completed stage
        (2, 15, Pendidikan.MASIH_SD),
        (4, 16, Pendidikan.TAMAT_SLTP),  # SLB after SLTP: level unknown, KK kept
        (None, None, ""),
    ],
)
def test_pendidikan_sedang_not_in_school_falls_back_to_the_kk(kk, sedang, harapan):
    assert opensid.petakan_pendidikan(kk, sedang).nilai == harapan


def test_pendidikan_sedang_alone_and_codes_outside_the_lists():
    assert opensid.petakan_pendidikan_sedang(4) == opensid.Hasil(Pendidikan.MASIH_SD, "4")
    assert opensid.petakan_pendidikan_sedang(None) == opensid.Hasil("", "")
    assert "(1-10)" in pesan(opensid.petakan_pendidikan, 11)
    assert "(1-18)" in pesan(opensid.petakan_pendidikan, 1, 19)


def test_status_kawin_codes_map():
    for kode, status in enumerate(StatusKawin, start=1):
        assert opensid.petakan_status_kawin(kode) == opensid.Hasil(status, str(kode))
    assert opensid.petakan_status_kawin("KAWIN TERCATAT").nilai == StatusKawin.KAWIN
    with pytest.raises(SelError):
        opensid.petakan_status_kawin(5)


def test_kk_level_code_is_our_value():
    for hubungan in HubunganKK:
        assert opensid.petakan_kk_level(int(hubungan.value)).nilai == hubungan
    assert opensid.petakan_kk_level("Kepala keluarga") == opensid.Hasil(HubunganKK.KEPALA, "1")
    assert "(1-11)" in pesan(opensid.petakan_kk_level, 12)


def test_id_asuransi_maps_to_jkn():
    harapan = {1: JKN.TIDAK, 2: JKN.PBI, 3: JKN.NON_PBI, 4: JKN.PBI, 99: JKN.SWASTA}
    for kode, jkn in harapan.items():
        assert opensid.petakan_asuransi(kode) == opensid.Hasil(jkn, str(kode))
    assert opensid.petakan_asuransi("") == opensid.Hasil("", "")
    assert "(1-4, 99)" in pesan(opensid.petakan_asuransi, 5)


def test_cara_kb_codes_map_to_methods():
    harapan = {
        1: MetodeKB.PIL,
        2: MetodeKB.IUD,
        3: MetodeKB.SUNTIK,
        4: MetodeKB.KONDOM,
        5: MetodeKB.IMPLAN,
        6: MetodeKB.MOW,
        7: MetodeKB.MOP,
        99: MetodeKB.TRADISIONAL,
    }
    for kode, metode in harapan.items():
        hasil = opensid.petakan_cara_kb(kode)
        assert (hasil.metode, hasil.asli, hasil.tercatat) == (metode, str(kode), True)
        assert not hasil.tanpa_metode


def test_cara_kb_100_is_no_method_and_empty_is_not_recorded():
    tanpa = opensid.petakan_cara_kb(100)
    kosong = opensid.petakan_cara_kb(None)
    assert tanpa.metode is None and kosong.metode is None
    assert tanpa.tercatat and tanpa.tanpa_metode
    assert not kosong.tercatat and not kosong.tanpa_metode
    assert "(1-7, 99-100)" in pesan(opensid.petakan_cara_kb, 8)


def test_hamil_1_is_true_and_2_or_empty_is_false():
    assert opensid.petakan_hamil(1) == opensid.Hasil(True, "1")
    assert opensid.petakan_hamil("2") == opensid.Hasil(False, "2")
    assert opensid.petakan_hamil(None) == opensid.Hasil(False, "")
    with pytest.raises(SelError):
        opensid.petakan_hamil(3)


def test_status_dasar_maps_to_status_hidup():
    harapan = {
        1: StatusHidup.HIDUP,
        2: StatusHidup.MENINGGAL,
        3: StatusHidup.PINDAH,
        4: StatusHidup.HILANG,
        6: StatusHidup.PINDAH,
    }
    for kode, status in harapan.items():
        assert opensid.petakan_status_dasar(kode) == opensid.Hasil(status, str(kode))
    assert opensid.petakan_status_dasar(None) == opensid.Hasil(StatusHidup.HIDUP, "")
    assert "(1-4, 6, 9)" in pesan(opensid.petakan_status_dasar, 5)


def test_status_dasar_9_tidak_valid_is_kept_out_of_the_population_and_flagged():
    hasil = opensid.petakan_status_dasar(9)
    assert hasil.nilai == StatusHidup.HILANG
    assert hasil.asli == "9"
    assert "Tidak valid" in hasil.peringatan


def test_akta_lahir_number_is_ya_and_empty_is_unknown():
    assert opensid.petakan_akta_lahir("3326-LT-12012010-0001") == opensid.Hasil(
        AktaLahir.YA, "3326-LT-12012010-0001"
    )
    assert opensid.petakan_akta_lahir(123456).nilai == AktaLahir.YA
    assert opensid.petakan_akta_lahir(None) == opensid.Hasil("", "")
    assert opensid.petakan_akta_lahir("-").nilai == ""
    assert opensid.petakan_akta_lahir("Tidak ada").nilai == AktaLahir.TIDAK


# --- properties: any input gives a value or a SelError ---------------------------------------

nilai_sel = st.one_of(
    st.none(),
    st.booleans(),
    st.text(),
    st.from_regex(r"[ 0-9+\-.,/:eE]{0,24}", fullmatch=True),
    st.from_regex(
        r"[0-9]{1,5}[-/.][0-9]{1,3}[-/.][0-9]{1,5}( [0-9]{1,2}:[0-9]{2})?", fullmatch=True
    ),
    st.integers(),
    st.integers(min_value=-10, max_value=100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["", " ", "-", "0", "01", "1.0", "100", "99", "nan", "inf", "1e400"]),
)

PARSER = [
    sel.teks,
    sel.nik,
    sel.no_kk,
    sel.tanggal,
    sel.bilangan,
    sel.desimal,
    lambda v: sel.kode_pilihan(v, JenisKelamin),
    lambda v: sel.kode_pilihan(v, HubunganKK),
    lambda v: sel.kode_pilihan(v, Pendidikan),
    opensid.petakan_sex,
    opensid.petakan_agama,
    opensid.petakan_pendidikan_kk,
    opensid.petakan_pendidikan_sedang,
    opensid.petakan_pekerjaan,
    opensid.petakan_status_kawin,
    opensid.petakan_kk_level,
    opensid.petakan_asuransi,
    opensid.petakan_cara_kb,
    opensid.petakan_hamil,
    opensid.petakan_status_dasar,
    opensid.petakan_akta_lahir,
]


def hasil_atau_selerror(fungsi, *args) -> object:
    """Call a parser; a SelError is a fine outcome, any other exception fails the test."""
    try:
        return fungsi(*args)
    except SelError as e:
        assert str(e)
        return e


@settings(max_examples=500)
@given(v=nilai_sel, fungsi=st.sampled_from(PARSER))
def test_every_parser_returns_a_value_or_raises_selerror(v, fungsi):
    hasil_atau_selerror(fungsi, v)


@settings(max_examples=500)
@given(kk=nilai_sel, sedang=nilai_sel)
def test_pendidikan_of_any_two_cells_is_a_value_or_selerror(kk, sedang):
    hasil = hasil_atau_selerror(opensid.petakan_pendidikan, kk, sedang)
    if isinstance(hasil, opensid.HasilPendidikan):
        assert hasil.nilai in ["", *Pendidikan.values]


@settings(max_examples=500)
@given(v=nilai_sel)
def test_nik_parser_gives_sixteen_ascii_digits_or_none(v):
    hasil = hasil_atau_selerror(sel.nik, v)
    if not isinstance(hasil, SelError):
        assert hasil is None or (len(hasil) == 16 and hasil.isascii() and hasil.isdigit())


@settings(max_examples=500)
@given(v=nilai_sel)
def test_tanggal_parser_gives_dates_between_1900_and_2100(v):
    hasil = hasil_atau_selerror(sel.tanggal, v)
    if isinstance(hasil, dt.date):
        assert 1900 <= hasil.year <= 2100


@settings(max_examples=500)
@given(v=nilai_sel)
def test_numbers_parsers_give_finite_numbers(v):
    angka = hasil_atau_selerror(sel.desimal, v)
    if isinstance(angka, float):
        assert math.isfinite(angka)
    bulat = hasil_atau_selerror(sel.bilangan, v)
    assert bulat is None or isinstance(bulat, int | SelError)


@settings(max_examples=500)
@given(d=st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_excel_serial_and_text_forms_of_a_date_agree(d):
    serial = (d - dt.date(1899, 12, 30)).days
    assert sel.tanggal(serial) == d
    assert sel.tanggal(float(serial) + 0.5) == d
    assert sel.tanggal(d.strftime("%d-%m-%Y")) == d
    assert sel.tanggal(d.strftime("%d/%m/%Y")) == d
    assert sel.tanggal(d.isoformat()) == d
    assert sel.tanggal(f"{d.day}-{d.month}-{d.year}") == d
