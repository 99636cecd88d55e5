"""Hostile .xlsx files built from a valid workbook, for the import's regression tests and for
``bench/impor_hostil.py`` (nothing large is committed: each file is generated when needed)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

LEMBAR = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def tulis_ulang(
    path: Path,
    ganti: dict[str, Callable[[bytes], Iterable[bytes]]],
    *,
    tambah: dict[str, bytes] | None = None,
) -> Path:
    """Rewrite members of a workbook in place: each ``ganti[name](old bytes)`` yields the new
    bytes in chunks (streamed into the deflater, so a large part is never held whole)."""
    asal = path.with_suffix(".asal")
    path.rename(asal)
    with zipfile.ZipFile(asal) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            isi = zin.read(info.filename)
            if info.filename in ganti:
                with zout.open(info.filename, "w", force_zip64=True) as f:
                    for blok in ganti[info.filename](isi):
                        f.write(blok)
            else:
                zout.writestr(info, isi)
        for nama, isi in (tambah or {}).items():
            zout.writestr(nama, isi)
    asal.unlink()
    return path


def sisip_sebelum_akhir(xml: bytes, blok: bytes, kali: int, penutup: bytes = b"</sheetData>"):
    """The sheet with ``blok`` repeated ``kali`` times before ``penutup`` (in 1 MB chunks)."""
    i = xml.index(penutup)
    yield xml[:i]
    per_potong = max(1, (1 << 20) // len(blok))
    potong = blok * per_potong
    sisa = kali
    while sisa >= per_potong:
        yield potong
        sisa -= per_potong
    yield blok * sisa
    yield xml[i:]


def bom_baris_kosong(path: Path, mb: int = 300) -> Path:
    """The issue's bomb: a valid header and data, then ``mb`` MB of empty ``<row/>``."""
    kali = mb * 1_000_000 // len(b"<row/>")
    return tulis_ulang(path, {LEMBAR: lambda xml: sisip_sebelum_akhir(xml, b"<row/>", kali)})


def potong_separuh(path: Path) -> Path:
    return tulis_ulang(path, {LEMBAR: lambda xml: [xml[: len(xml) // 2]]})


def dengan_entitas(path: Path) -> Path:
    """An entity declared in the sheet's DTD and used in a cell of a row."""

    def ubah(xml: bytes):
        i = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        dtd = b'<!DOCTYPE worksheet [<!ENTITY nama "SITI AMINAH">]>'
        baris = b'<row r="90"><c r="A90" t="inlineStr"><is><t>&nama;</t></is></c></row>'
        yield xml[:i] + dtd + xml[i:].replace(b"</sheetData>", baris + b"</sheetData>")

    return tulis_ulang(path, {LEMBAR: ubah})


def balik_satu_byte(path: Path, nama: str = LEMBAR) -> Path:
    """One byte flipped in the middle of a part's compressed data (the directory untouched)."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(nama)
    data = bytearray(path.read_bytes())
    # Local header: 30 bytes, then the name and the extra field, then the compressed data.
    n_nama = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    n_extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    mulai = info.header_offset + 30 + n_nama + n_extra
    data[mulai + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def dengan_shared_strings(path: Path, isi: Callable[[], Iterable[bytes]]) -> Path:
    """Add a shared-string table (streamed from ``isi()``) and declare it in the manifest."""
    tipe = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + tipe + b'"/>'

    def manifest(xml: bytes):
        yield xml.replace(b"</Types>", override + b"</Types>")

    tulis_ulang(path, {"[Content_Types].xml": manifest})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open(STRINGS, "w", force_zip64=True) as f:
            for blok in isi():
                f.write(blok)
    return path
