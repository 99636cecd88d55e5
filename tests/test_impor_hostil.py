"""Hostile and damaged import files (issue 13, items 2 and 3), the upload folder's cleanup, and
two confirmations of one import at once (item 7). Every hostile file is generated here, from a
valid workbook (tests/berkas_hostil.py); nothing large is committed."""

import datetime as dt
import io
import os
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from impor import berkas as B
from impor import layanan
from impor.baca import baca_berkas
from impor.berkas import BerkasError
from impor.models import Impor
from keluarga.akses import Peran
from keluarga.models import Anggota
from operasi.cadangan import tulis_cadangan
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


def test_a_directory_asking_for_an_unknown_zip_version_is_refused_as_damaged(tmp_path):
    p = buku(tmp_path)
    with zipfile.ZipFile(p) as z:
        pusat = z.start_dir
    data = bytearray(p.read_bytes())
    assert data[pusat : pusat + 4] == b"PK\x01\x02"
    data[pusat + 6] = 128  # "version needed to extract" 12.8
    p.write_bytes(bytes(data))
    assert "rusak atau tidak lengkap" in tolak(p)


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


def test_reading_stops_at_the_time_guard(tmp_path, monkeypatch, settings):
    assert B.MAKS_DETIK == 60
    monkeypatch.setattr(B, "MAKS_DETIK", 0)
    assert "dihentikan karena lebih dari 0 detik" in tolak(buku(tmp_path))
    monkeypatch.setattr(B, "MAKS_DETIK", 60)
    settings.RUMAHDATAKU_IMPOR_MAKS_DETIK = 0
    assert "dihentikan karena lebih dari 0 detik" in tolak(buku(tmp_path))


def test_a_normal_opensid_workbook_still_imports_within_the_bounds(desa, tmp_path):
    p = buku(tmp_path)
    hasil = layanan.jalankan(path=p, nama_berkas=p.name, desa=desa, simpan=True)
    assert hasil.tersimpan and hasil.impor.baru == 3 and Anggota.objects.count() == 3


# --- the upload folder: nightly cleanup and backup -------------------------------------------


def _unggahan(umur: dt.timedelta = dt.timedelta()) -> Path:  # noqa: B008
    """A file in the upload folder, last written ``umur`` ago."""
    folder = layanan.folder_unggahan()
    p = folder / f"{os.urandom(16).hex()}.xlsx"
    p.write_bytes(b"PK\x03\x04isi")
    waktu = time.time() - umur.total_seconds()
    os.utime(p, (waktu, waktu))
    return p


def _catatan(desa, path: Path, umur: dt.timedelta, status=Impor.Status.UJI, galat=0) -> Impor:
    i = Impor.objects.create(
        desa=desa,
        nama_berkas="a.xlsx",
        tanggal_impor=timezone.localdate(),
        status=status,
        galat=galat,
        berkas=f"impor/{path.name}",
    )
    Impor.objects.filter(pk=i.pk).update(waktu=timezone.now() - umur)
    i.refresh_from_db()
    return i


JAM = dt.timedelta(hours=1)


def test_bersihkan_unggahan_deletes_a_file_without_an_import_record_once_an_hour_old(desa, capsys):
    lama, baru = _unggahan(umur=61 * dt.timedelta(minutes=1)), _unggahan(umur=59 * JAM / 60)
    call_command("bersihkan_unggahan")
    assert "Berkas unggahan impor dihapus: 1." in capsys.readouterr().out
    # The younger one may be a preview being read right now (its record comes after reading).
    assert not lama.exists() and baru.exists()


def test_bersihkan_unggahan_deletes_the_file_of_a_record_over_24_hours_old_not_awaiting_confirmation(  # noqa: E501
    desa,
):
    tersimpan = _catatan(desa, _unggahan(), 25 * JAM, status=Impor.Status.TERSIMPAN)
    galat = _catatan(desa, _unggahan(), 25 * JAM, galat=2)
    muda = _catatan(desa, _unggahan(), 23 * JAM, status=Impor.Status.GAGAL)
    dihapus = layanan.bersihkan_unggahan()
    assert sorted(p.name for p in dihapus) == sorted(
        Path(i.berkas).name for i in (tersimpan, galat)
    )
    for i in (tersimpan, galat):
        i.refresh_from_db()
        assert i.berkas == ""
    assert [p.name for p in folder_unggahan()] == [Path(muda.berkas).name]


def test_bersihkan_unggahan_keeps_a_preview_awaiting_confirmation_for_24_hours(desa):
    menunggu = _catatan(desa, _unggahan(umur=30 * JAM), 23 * JAM)
    assert menunggu.menunggu_konfirmasi
    call_command("bersihkan_unggahan", "--dry-run")
    call_command("bersihkan_unggahan")
    assert [p.name for p in folder_unggahan()] == [Path(menunggu.berkas).name]
    # After 24 hours it can no longer be confirmed (the rule each new preview applies too).
    Impor.objects.filter(pk=menunggu.pk).update(waktu=timezone.now() - 25 * JAM)
    call_command("bersihkan_unggahan")
    assert folder_unggahan() == []


def test_bersihkan_unggahan_dry_run_deletes_nothing(desa, capsys):
    p = _unggahan(umur=2 * JAM)
    call_command("bersihkan_unggahan", "--dry-run")
    assert "akan dihapus: 1." in capsys.readouterr().out and p.exists()


def test_backup_leaves_out_uploads_without_a_record_or_no_longer_awaiting_confirmation(
    desa, tmp_path, settings
):
    import json
    import tarfile

    menunggu = _catatan(desa, _unggahan(), 2 * JAM)
    _unggahan()  # no record (even a young one: nothing to restore it for)
    _catatan(desa, _unggahan(), 2 * JAM, status=Impor.Status.TERSIMPAN)
    _catatan(desa, _unggahan(), 25 * JAM)  # awaiting too long
    foto = Path(settings.MEDIA_ROOT) / "foto" / "a.jpg"
    foto.parent.mkdir(parents=True)
    foto.write_bytes(b"jpg")
    hasil = tulis_cadangan(tmp_path / "cadangan")
    with tarfile.open(hasil.arsip) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        nama = tar.getnames()
    assert sorted(manifest["media"]) == sorted(["foto/a.jpg", menunggu.berkas])
    assert sorted(n for n in nama if n.startswith("media/")) == [
        "media/foto/a.jpg",
        f"media/{menunggu.berkas}",
    ]
    assert len(folder_unggahan()) == 4  # the backup deletes nothing


def test_the_nightly_backup_service_cleans_the_uploads_before_the_backup():
    baris = (AKAR / "deploy" / "rumahdataku-backup.service").read_text().splitlines()
    perintah = [b for b in baris if b.startswith(("ExecStartPre=", "ExecStart="))]
    assert (
        perintah[0].startswith("ExecStartPre=-") and "manage.py bersihkan_unggahan" in perintah[0]
    )
    # Then the nightly duplicate refresh (issue 19), then the backup itself.
    assert perintah[1].startswith("ExecStartPre=-") and "manage.py cari_ganda" in perintah[1]
    assert perintah[2].startswith("ExecStart=") and "manage.py backup" in perintah[2]


# --- item 7: two confirmations of one import at once -----------------------------------------


def _pratinjau(desa, operator, tmp_path) -> Impor:
    p = buku(tmp_path)
    hasil = layanan.pratinjau(
        berkas=SimpleUploadedFile("penduduk.xlsx", p.read_bytes()), desa=desa, pengguna=operator
    )
    assert hasil.impor.menunggu_konfirmasi
    return hasil.impor


def _satu_kali_tersimpan(impor: Impor, hasil: list) -> None:
    """Rows saved once; the record as the saving confirmation left it."""
    assert sorted(h.sudah for h in hasil) == [False, True]
    assert all(h.tersimpan for h in hasil)  # the other one answers with the saved record
    impor.refresh_from_db()
    assert impor.status == Impor.Status.TERSIMPAN and impor.selesai is not None
    assert (impor.baru, impor.diubah, impor.tetap, impor.galat) == (3, 0, 0, 0)
    assert impor.berkas == "" and folder_unggahan() == []
    assert Anggota.objects.count() == 3 and Anggota.history.count() == 3


# serialized_rollback: restore the role groups that an earlier live-server test's flush removed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_confirmations_of_one_import_at_once_save_once_and_keep_the_record_consistent(
    desa, operator, tmp_path, monkeypatch
):
    impor = _pratinjau(desa, operator, tmp_path)
    asli = layanan.baca_berkas
    if connection.vendor == "postgresql":
        # Two requests, two connections: both have read the file before either saves.
        bersama = threading.Barrier(2)

        def baca(*a, **k):
            data = asli(*a, **k)
            bersama.wait(timeout=60)
            return data

        monkeypatch.setattr(layanan, "baca_berkas", baca)
        hasil: list = []

        def konfirmasi():
            try:
                i = Impor.objects.get(pk=impor.pk)
                hasil.append(layanan.konfirmasi(impor=i, pengguna=operator))
            except Exception as e:  # noqa: BLE001 - reported by the assertion below
                hasil.append(e)
            finally:
                connections.close_all()

        t = [threading.Thread(target=konfirmasi) for _ in range(2)]
        for x in t:
            x.start()
        for x in t:
            x.join(timeout=120)
        assert not [h for h in hasil if isinstance(h, Exception)], hasil
    else:
        # SQLite serialises writers on the file: the same interleaving in one thread. The second
        # request has read the file when the first one runs to its end.
        pertama, kedua = Impor.objects.get(pk=impor.pk), Impor.objects.get(pk=impor.pk)
        hasil = []
        lain = [pertama]

        def baca(*a, **k):
            data = asli(*a, **k)
            if lain:
                hasil.append(layanan.konfirmasi(impor=lain.pop(), pengguna=operator))
            return data

        monkeypatch.setattr(layanan, "baca_berkas", baca)
        hasil.append(layanan.konfirmasi(impor=kedua, pengguna=operator))
    _satu_kali_tersimpan(impor, hasil)


def test_a_confirmation_finding_the_copy_removed_by_the_other_reports_it_done(
    desa, operator, tmp_path, monkeypatch
):
    impor = _pratinjau(desa, operator, tmp_path)
    pertama, kedua = Impor.objects.get(pk=impor.pk), Impor.objects.get(pk=impor.pk)
    asli = layanan.sha256
    hasil: list = []
    lain = [pertama]

    def sidik(path):
        if lain:  # the other request saves and removes the copy first
            hasil.append(layanan.konfirmasi(impor=lain.pop(), pengguna=operator))
        return asli(path)

    monkeypatch.setattr(layanan, "sha256", sidik)
    hasil.append(layanan.konfirmasi(impor=kedua, pengguna=operator))
    _satu_kali_tersimpan(impor, hasil)


def test_confirming_a_preview_no_longer_waiting_is_refused_without_an_error(
    desa, operator, tmp_path
):
    impor = _pratinjau(desa, operator, tmp_path)
    basi = Impor.objects.get(pk=impor.pk)
    assert layanan.konfirmasi(impor=impor, pengguna=operator).tersimpan
    hasil = layanan.konfirmasi(impor=basi, pengguna=operator)
    assert hasil.sudah and hasil.impor.status == Impor.Status.TERSIMPAN
    assert Anggota.objects.count() == 3


def test_shared_strings_are_read_as_openpyxl_reads_them_but_counted(tmp_path, monkeypatch):
    from openpyxl.reader.strings import read_string_table

    isi = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<si><t>SITI</t></si><si><t xml:space="preserve"> RT 01 </t></si>'
        b"<si><r><rPr><b/></rPr><t>BU</t></r><r><t>DI</t></r></si><si><t>a_x005F_x0041_</t></si>"
        b"<si><t/></si></sst>"
    )
    assert B._baca_strings(io.BytesIO(isi)) == read_string_table(io.BytesIO(isi))
    assert B._baca_strings(io.BytesIO(isi))[:3] == ["SITI", " RT 01 ", "BUDI"]
    monkeypatch.setattr(B, "MAKS_JUMLAH_STRINGS", 4)
    with pytest.raises(BerkasError, match="berisi lebih dari 4 teks"):
        B._baca_strings(io.BytesIO(isi))
