"""Bad files and bad cells: each case refused with its own clear Indonesian message."""

import datetime as dt
import zipfile

import openpyxl
import pytest

from impor import layanan
from impor.models import Impor
from keluarga.models import Anggota
from tests import factories as f
from tests.test_impor_opensid import KK1, buku_opensid, keluarga_budi, orang


@pytest.fixture
def desa(db):
    return f.DesaFactory(kode="3326012001")


def jalankan(path, desa, simpan=True):
    return layanan.jalankan(path=path, nama_berkas=path.name, desa=desa, simpan=simpan)


def satu_pesan(hasil) -> str:
    galat = [m for m in hasil.impor.masalah if m["jenis"] == "galat"]
    assert galat, hasil.impor.masalah
    return galat[0]["pesan"]


def galat(hasil) -> list[dict]:
    return [m for m in hasil.impor.masalah if m["jenis"] == "galat"]


# --- the file as a whole ----------------------------------------------------------------------


def test_a_file_that_is_not_excel_is_refused(tmp_path, desa):
    p = tmp_path / "data.csv"
    p.write_text("nama;nik\nSiti;3326014508900012\n")
    hasil = jalankan(p, desa)
    assert "bukan berkas Excel (.xlsx)" in satu_pesan(hasil)
    assert hasil.impor.status == Impor.Status.GAGAL and not Anggota.objects.exists()


def test_an_empty_file_is_refused(tmp_path, desa):
    p = tmp_path / "kosong.xlsx"
    p.write_bytes(b"")
    assert "Berkas kosong" in satu_pesan(jalankan(p, desa))


def test_a_password_protected_xlsx_is_recognised(tmp_path, desa):
    # An encrypted .xlsx is an OLE/CFB container holding an "EncryptionInfo" stream.
    isi = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    isi += (
        "EncryptionInfo".encode("utf-16-le") + b"\0" * 200 + "EncryptedPackage".encode("utf-16-le")
    )
    p = tmp_path / "rahasia.xlsx"
    p.write_bytes(isi)
    assert "dilindungi kata sandi" in satu_pesan(jalankan(p, desa))


def test_an_old_xls_is_asked_to_be_saved_as_xlsx(tmp_path, desa):
    isi = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "Workbook".encode("utf-16-le")
    p = tmp_path / "lama.xls"
    p.write_bytes(isi + b"\0" * 1000)
    pesan = satu_pesan(jalankan(p, desa))
    assert ".xls" in pesan and "simpan" in pesan and "(.xlsx)" in pesan


def test_a_damaged_package_and_other_zip_files_are_told_apart(tmp_path, desa):
    rusak = tmp_path / "rusak.xlsx"
    rusak.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    assert "rusak" in satu_pesan(jalankan(rusak, desa))
    ods = tmp_path / "data.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert "OpenDocument (.ods)" in satu_pesan(jalankan(ods, desa))


def test_a_workbook_without_data_rows_is_refused(tmp_path, desa):
    p = buku_opensid(tmp_path / "judul.xlsx", [])
    assert "tidak berisi baris data" in satu_pesan(jalankan(p, desa))


def test_an_unknown_workbook_names_the_expected_sheets_and_columns(tmp_path, desa):
    wb = openpyxl.Workbook()
    wb.active.append(["a", "b"])
    wb.active.append([1, 2])
    wb.save(tmp_path / "lain.xlsx")
    pesan = satu_pesan(jalankan(tmp_path / "lain.xlsx", desa))
    assert (
        "Format berkas tidak dikenali" in pesan and "Data Penduduk" in pesan and "Anggota" in pesan
    )


def test_missing_or_renamed_columns_are_named(tmp_path, desa):
    kolom = [("tgl_lahir" if k == "tanggallahir" else k) for k in _kolom() if k != "status_kawin"]
    rows = [
        {("tgl_lahir" if k == "tanggallahir" else k): v for k, v in r.items()}
        for r in keluarga_budi()
    ]
    hasil = jalankan(buku_opensid(tmp_path / "a.xlsx", rows, kolom=kolom), desa)
    pesan = satu_pesan(hasil)
    assert "tanggallahir" in pesan and "tgl_lahir" in pesan and "status_kawin" in pesan
    assert not Anggota.objects.exists()


def test_extra_columns_are_ignored_and_listed(tmp_path, desa):
    kolom = [*_kolom(), "catatan_rt", "no_hp"]
    rows = [dict(r, catatan_rt="x", no_hp="0812") for r in keluarga_budi()]
    hasil = jalankan(buku_opensid(tmp_path / "a.xlsx", rows, kolom=kolom), desa)
    assert hasil.tersimpan
    assert hasil.impor.rincian["kolom_diabaikan"] == {"Data Penduduk": ["catatan_rt", "no_hp"]}


def test_more_rows_than_the_limit_are_refused(tmp_path, desa, settings):
    settings.RUMAHDATAKU_IMPOR_MAKS_BARIS = 2
    pesan = satu_pesan(jalankan(buku_opensid(tmp_path / "a.xlsx", keluarga_budi()), desa))
    assert "lebih dari 2 baris" in pesan and "RUMAHDATAKU_IMPOR_MAKS_BARIS" in pesan


def test_workbooks_are_read_streamed_in_read_only_mode(tmp_path, desa):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from impor.berkas import buka

    wb = buka(buku_opensid(tmp_path / "a.xlsx", keluarga_budi()))
    try:
        assert wb.read_only and isinstance(wb.worksheets[0], ReadOnlyWorksheet)
    finally:
        wb.close()


# --- cells ------------------------------------------------------------------------------------


def _kolom():
    from impor.opensid import KOLOM_OPENSID

    return list(KOLOM_OPENSID)


@pytest.mark.parametrize(
    "nilai",
    ["1990-08-05", "05-08-1990", "5/8/1990", 33090, dt.datetime(1990, 8, 5)],  # noqa: DTZ001
)
def test_dates_as_text_excel_serials_or_real_dates_are_read(tmp_path, desa, nilai):
    hasil = jalankan(
        buku_opensid(tmp_path / "a.xlsx", keluarga_budi(b1={"tanggallahir": nilai})), desa
    )
    assert hasil.tersimpan, hasil.impor.masalah
    assert Anggota.objects.get(nama="Siti Aminah").tanggal_lahir == dt.date(1990, 8, 5)


def test_an_unreadable_or_future_date_is_a_row_error(tmp_path, desa):
    rows = keluarga_budi(b1={"tanggallahir": "31-02-1990"}, b2={"tanggallahir": "2999-01-01"})
    hasil = jalankan(buku_opensid(tmp_path / "a.xlsx", rows), desa)
    m = galat(hasil)
    assert [(x["baris"], x["kolom"]) for x in m] == [(3, "tanggallahir"), (4, "tanggallahir")]
    assert "tidak ada di kalender" in m[0]["pesan"]


@pytest.mark.parametrize("kolom", ["nik", "no_kk"])
def test_a_nik_or_no_kk_stored_as_a_number_is_always_a_row_error(tmp_path, desa, kolom):
    nilai = 3326014508900012 if kolom == "nik" else int(KK1)
    hasil = jalankan(buku_opensid(tmp_path / "a.xlsx", keluarga_budi(b1={kolom: nilai})), desa)
    m = galat(hasil)
    assert (m[0]["baris"], m[0]["kolom"]) == (3, kolom)
    assert "tersimpan sebagai angka" in m[0]["pesan"] and "Teks" in m[0]["pesan"]
    assert not Anggota.objects.exists()


def test_an_ibu_nik_stored_as_a_number_is_a_row_error_too(tmp_path, desa):
    hasil = jalankan(
        buku_opensid(tmp_path / "a.xlsx", keluarga_budi(b2={"ibu_nik": 3326014508900012})), desa
    )
    assert galat(hasil)[0]["kolom"] == "ibu_nik"


def test_codes_outside_the_published_lists_are_row_errors_listing_the_codes(tmp_path, desa):
    rows = keluarga_budi(b0={"pekerjaan_id": "90"}, b1={"cara_kb_id": "8"}, b2={"sex": "L/P"})
    hasil = jalankan(buku_opensid(tmp_path / "a.xlsx", rows), desa)
    m = {(x["baris"], x["kolom"]): x["pesan"] for x in galat(hasil)}
    assert set(m) == {(2, "pekerjaan_id"), (3, "cara_kb_id"), (4, "sex")}
    assert "1-89" in m[(2, "pekerjaan_id")] and "99-100" in m[(3, "cara_kb_id")]


def test_a_required_cell_left_empty_is_a_row_error(tmp_path, desa):
    rows = [*keluarga_budi(), orang(nama="", nik="3326014508900077", no_kk="3326010101200009")]
    hasil = jalankan(buku_opensid(tmp_path / "a.xlsx", rows), desa)
    assert [(x["baris"], x["kolom"]) for x in galat(hasil)] == [(5, "nama")]
