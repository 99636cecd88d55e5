"""Hostile and damaged import files (issue 13, items 2 and 3), the upload folder's cleanup, and
two confirmations of one import at once (item 7). Every hostile file is generated here, from a
valid workbook (tests/berkas_hostil.py); nothing large is committed."""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from keluarga.akses import Peran
from keluarga.impor import berkas as B
from keluarga.impor import layanan
from keluarga.impor.baca import baca_berkas
from keluarga.impor.berkas import BerkasError
from keluarga.models import Anggota, Impor
from tests import berkas_hostil as H
from tests import factories as f
from tests.test_impor_opensid import buku_opensid, keluarga_budi

pytestmark = pytest.mark.urls("tests.test_impor_web")

AKAR = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desa(db):
    return f.DesaFactory(kode="3326012001", nama="Pakumbulan")


@pytest.fixture
def operator(desa):
    return f.persona(Peran.OPERATOR, desa=desa)


def buku(tmp_path, nama="penduduk.xlsx") -> Path:
    return buku_opensid(tmp_path / nama, keluarga_budi())


def folder_unggahan() -> list[Path]:
    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / "impor"
    return sorted(folder.iterdir()) if folder.exists() else []


def tolak(path: Path) -> str:
    with pytest.raises(BerkasError) as e:
        baca_berkas(path)
    return str(e.value)


RUSAK = {
    "potong_separuh": "rusak atau terpotong",
    "dengan_entitas": "deklarasi entitas XML",
    "balik_satu_byte": "Data terkompresi xl/worksheets/sheet1.xml",
}


# --- item 2: unreadable files, in the browser and on the command line ------------------------


def test_openpyxl_reads_workbooks_through_defusedxml():
    from openpyxl.xml.functions import iterparse

    assert openpyxl.DEFUSEDXML is True and iterparse.__module__.startswith("defusedxml")


@pytest.mark.parametrize("rusak", list(RUSAK))
def test_a_sheet_cut_in_half_an_xml_entity_or_a_flipped_byte_is_refused_without_a_500_and_leaves_no_file(  # noqa: E501
    client, operator, tmp_path, rusak
):
    p = getattr(H, rusak)(buku(tmp_path))
    data = io.BytesIO(p.read_bytes())
    data.name = "penduduk.xlsx"
    client.force_login(operator)
    r = client.post(reverse("impor:beranda"), {"berkas": data, "format": ""})
    impor = Impor.objects.get()
    assert r.status_code == 302 and r.url == reverse("impor:pratinjau", args=[impor.pk])
    assert impor.status == Impor.Status.UJI and impor.galat == 1 and impor.berkas == ""
    assert RUSAK[rusak] in impor.pesan and "Simpan ulang dari Excel" in impor.pesan
    halaman = client.get(r.url)
    assert halaman.status_code == 200 and RUSAK[rusak] in halaman.content.decode()
    assert folder_unggahan() == [] and not Anggota.objects.exists()


@pytest.mark.parametrize("rusak", list(RUSAK))
def test_import_data_refuses_a_damaged_workbook_with_its_message_and_saves_nothing(
    desa, tmp_path, capsys, rusak
):
    p = getattr(H, rusak)(buku(tmp_path))
    with pytest.raises(CommandError) as e:
        call_command("import_data", str(p), "--desa", desa.kode)
    assert e.value.returncode == 1
    assert RUSAK[rusak] in capsys.readouterr().out
    impor = Impor.objects.get()
    assert impor.status == Impor.Status.GAGAL and not Anggota.objects.exists()


def test_an_entity_declared_in_the_workbook_part_is_refused_too(tmp_path, desa):
    def ubah(xml: bytes):
        i = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        yield xml[:i] + b'<!DOCTYPE workbook [<!ENTITY a "x">]>' + xml[i:]

    p = H.tulis_ulang(buku(tmp_path), {"xl/workbook.xml": ubah})
    assert "berkas berisi deklarasi entitas xml" in tolak(p).lower()


def test_an_error_openpyxl_raises_while_streaming_a_sheet_names_the_sheet(tmp_path, monkeypatch):
    from openpyxl.worksheet._reader import WorkSheetParser

    def rusak(self, element):
        raise IndexError("list index out of range")

    monkeypatch.setattr(WorkSheetParser, "parse_row", rusak)
    pesan = tolak(buku(tmp_path))
    assert "tidak dapat dibaca (IndexError di lembar 'Data Penduduk')" in pesan


def test_an_upload_is_removed_even_when_reading_fails_in_an_unforeseen_way(
    desa, operator, monkeypatch
):
    def gagal(**kw):
        raise RuntimeError("tak terduga")

    monkeypatch.setattr(layanan, "jalankan", gagal)
    data = SimpleUploadedFile("x.xlsx", b"PK\x03\x04isi")
    with pytest.raises(RuntimeError):
        layanan.pratinjau(berkas=data, desa=desa, pengguna=operator)
    assert folder_unggahan() == []


# --- item 3: bounded imports -----------------------------------------------------------------


def test_the_439_kb_bomb_of_empty_rows_is_refused_in_under_2_s_and_150_mb(tmp_path):
    p = H.bom_baris_kosong(buku(tmp_path), mb=300)
    assert 400_000 < p.stat().st_size < 500_000  # the file: 439 KB, 300 MB unpacked
    cpu = time.process_time()
    pesan = tolak(p)
    cpu = time.process_time() - cpu
    assert "lebih dari 100.000 baris, baris kosong ikut dihitung" in pesan
    assert cpu < 2.0  # CPU time (a loose bound: about 0.4 s measured), not disturbed by load
    tracemalloc.start()
    try:
        tolak(p)
        _saat_ini, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert puncak < 150_000_000, puncak  # about 15 MB measured


def test_empty_rows_count_toward_the_row_limit(tmp_path, settings):
    # A header, three people, then ten empty <row/>: 13 rows after the header.
    p = H.tulis_ulang(buku(tmp_path), {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, b"<row/>", 10)})
    settings.RUMAHDATAKU_IMPOR_MAKS_BARIS = 12
    assert "lebih dari 12 baris, baris kosong ikut dihitung" in tolak(p)
    settings.RUMAHDATAKU_IMPOR_MAKS_BARIS = 13
    assert baca_berkas(p).jumlah_baris == 3


def test_a_row_numbered_far_below_the_data_counts_every_row_it_skips(tmp_path):
    jauh = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    p = H.tulis_ulang(buku(tmp_path), {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, jauh, 1)})
    assert "lebih dari 100.000 baris" in tolak(p)


def test_more_cells_than_the_limit_are_refused(tmp_path, monkeypatch):
    p = buku(tmp_path)
    wb = openpyxl.load_workbook(p, read_only=True)
    kolom = len(next(wb.active.iter_rows(max_row=1, values_only=True)))
    wb.close()
    monkeypatch.setattr(B, "MAKS_SEL", 4 * kolom - 1)  # header + 3 people = 4 full rows
    assert "lebih dari" in tolak(p) and "sel (batas satu kali impor)" in tolak(p)
    monkeypatch.setattr(B, "MAKS_SEL", 4 * kolom)
    assert baca_berkas(p).jumlah_baris == 3


def test_a_row_wider_than_any_excel_sheet_is_refused_before_openpyxl_holds_it(tmp_path):
    lebar = b"<row>" + b"<c/>" * 20_000 + b"</row>"
    p = H.tulis_ulang(buku(tmp_path), {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, lebar, 1)})
    assert "lebih dari 16.384 sel" in tolak(p)


def test_a_cell_tag_with_a_namespace_prefix_is_counted_too(tmp_path):
    def ubah(xml: bytes):
        x = xml.replace(b"<worksheet ", b'<worksheet xmlns:s="%s" ' % _ns(xml), 1)
        yield from H.sisip_sebelum_akhir(x, b"<s:row>" + b"<s:c/>" * 20_000 + b"</s:row>", 1)

    p = H.tulis_ulang(buku(tmp_path), {H.LEMBAR: ubah})
    assert "lebih dari 16.384 sel" in tolak(p)


def _ns(xml: bytes) -> bytes:
    i = xml.index(b'xmlns="') + 7
    return xml[i : xml.index(b'"', i)]


def test_bytes_inflated_are_counted_while_streaming(tmp_path, monkeypatch):
    # 3 MB of comments in the sheet: nothing but bytes to inflate and skip.
    komentar = b"<!--" + b"x" * 995 + b"-->"
    p = H.tulis_ulang(
        buku(tmp_path), {H.LEMBAR: lambda x: H.sisip_sebelum_akhir(x, komentar, 3000)}
    )
    monkeypatch.setattr(B, "MAKS_UKURAN_TERURAI", 2_000_000)
    assert "setelah diurai lebih dari 2 MB" in tolak(p)
    monkeypatch.setattr(B, "MAKS_UKURAN_TERURAI", 4_000_000)
    assert baca_berkas(p).jumlah_baris == 3


def _ukuran_di_direktori(path: Path, nama: str, ukuran: int) -> Path:
    """Overwrite the uncompressed size the central directory gives for one part."""
    with zipfile.ZipFile(path) as z:
        pusat = z.start_dir
    data = bytearray(path.read_bytes())
    awal = data.index(nama.encode(), pusat) - 46  # the entry's fixed 46 bytes, then its name
    assert data[awal : awal + 4] == b"PK\x01\x02"
    data[awal + 24 : awal + 28] = ukuran.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_the_zip_directory_is_not_trusted_for_the_inflated_size(tmp_path):
    # Claiming 4 GB does not refuse a small sheet: sizes are counted as the bytes inflate.
    besar = _ukuran_di_direktori(buku(tmp_path, "besar.xlsx"), H.LEMBAR, 0xFFFF_FFF0)
    assert baca_berkas(besar).jumlah_baris == 3
    # Claiming 10 bytes does not smuggle more: reading stops there and the checksum fails.
    kecil = _ukuran_di_direktori(buku(tmp_path, "kecil.xlsx"), H.LEMBAR, 10)
    assert "Data terkompresi xl/worksheets/sheet1.xml" in tolak(kecil)


def test_a_shared_string_table_over_50_mb_is_refused(tmp_path):
    def strings():
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        teks = b"<si><t>" + b"x" * 1_000_000 + b"</t></si>"
        for _ in range(51):
            yield teks
        yield b"</sst>"

    p = H.dengan_shared_strings(buku(tmp_path), strings)
    assert "shared strings) berkas ini lebih dari 50 MB" in tolak(p)


def test_a_part_read_whole_is_bounded(tmp_path, monkeypatch):
    komentar = b"<!--" + b"x" * 995 + b"-->"
    p = H.tulis_ulang(
        buku(tmp_path),
        {"xl/styles.xml": lambda x: H.sisip_sebelum_akhir(x, komentar, 2000, b"</styleSheet>")},
    )
    monkeypatch.setattr(B, "MAKS_BAGIAN_UTUH", 1_000_000)
    assert "Bagian xl/styles.xml berkas ini lebih dari 1 MB" in tolak(p)


def test_reading_stops_at_the_time_guard(tmp_path, monkeypatch):
    monkeypatch.setattr(B, "MAKS_DETIK", 0)
    assert "dihentikan karena lebih dari 0 detik" in tolak(buku(tmp_path))


def test_a_normal_opensid_workbook_still_imports_within_the_bounds(desa, tmp_path):
    p = buku(tmp_path)
    hasil = layanan.jalankan(path=p, nama_berkas=p.name, desa=desa, simpan=True)
    assert hasil.tersimpan and hasil.impor.baru == 3 and Anggota.objects.count() == 3
