"""Opening an uploaded workbook: recognise bad files, find sheets and headers, stream rows.

Each problem with the file as a whole is a :class:`BerkasError` with its own Indonesian message.
Rows are read with openpyxl in read-only mode (``iter_rows(values_only=True)``), never loaded whole.
"""

from __future__ import annotations

import difflib
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from keluarga.impor.sel import SelError, normal_kode, teks

MAKS_BARIS_BAWAAN = 100_000
# A workbook's XML unpacks to far more than the file; beyond these it is not a village's data
# (and openpyxl keeps the shared strings in memory even in read-only mode).
MAKS_UKURAN_TERURAI = 1_500_000_000
MAKS_SHARED_STRINGS = 200_000_000

_ZIP = b"PK\x03\x04"
_ZIP_KOSONG = b"PK\x05\x06"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class BerkasError(Exception):
    """The file as a whole cannot be imported (not Excel, empty, encrypted, columns missing...)."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan

    def __str__(self) -> str:
        return self.pesan


def maks_baris() -> int:
    """The row limit of one import (setting RUMAHDATAKU_IMPOR_MAKS_BARIS)."""
    return int(getattr(settings, "RUMAHDATAKU_IMPOR_MAKS_BARIS", MAKS_BARIS_BAWAAN))


def periksa_jenis(path: Path) -> None:
    """Refuse what is not an .xlsx workbook, each case with its own message."""
    ukuran = path.stat().st_size
    if ukuran == 0:
        raise BerkasError(_("Berkas kosong (0 byte). Pilih berkas Excel .xlsx yang berisi data."))
    with path.open("rb") as f:
        kepala = f.read(8)
    if kepala.startswith(_CFB):
        # Both an encrypted .xlsx and an old .xls are OLE/CFB containers; only the first holds
        # an "EncryptionInfo" stream (directory names are UTF-16LE).
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptionInfo" in data:
            raise BerkasError(
                _(
                    "Berkas Excel ini dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                    "(File › Info › Lindungi Buku Kerja › Enkripsi dengan Kata Sandi, kosongkan), "
                    "simpan, lalu unggah lagi."
                )
            )
        raise BerkasError(
            _(
                "Berkas ini format Excel lama (.xls). Buka di Excel atau LibreOffice lalu simpan "
                "sebagai Buku Kerja Excel (.xlsx), kemudian unggah lagi."
            )
        )
    if not (kepala.startswith(_ZIP) or kepala.startswith(_ZIP_KOSONG)):
        raise BerkasError(
            _(
                "Berkas ini bukan berkas Excel (.xlsx). Bila datanya CSV atau format lain, buka di "
                "Excel atau LibreOffice lalu simpan sebagai Buku Kerja Excel (.xlsx)."
            )
        )
    try:
        with zipfile.ZipFile(path) as z:
            nama = {i.filename for i in z.infolist()}
            terurai = sum(i.file_size for i in z.infolist())
            shared = sum(
                i.file_size for i in z.infolist() if i.filename.endswith("sharedStrings.xml")
            )
    except zipfile.BadZipFile:
        raise BerkasError(
            _(
                "Berkas .xlsx ini rusak atau tidak lengkap. Simpan ulang dari Excel lalu unggah lagi."
            )
        ) from None
    if "xl/workbook.xml" not in nama:
        if any(n.startswith("content.xml") for n in nama):
            pesan = _(
                "Berkas ini format OpenDocument (.ods), bukan .xlsx. Simpan sebagai Buku Kerja "
                "Excel (.xlsx) lalu unggah lagi."
            )
        elif any(n.startswith("word/") for n in nama):
            pesan = _("Berkas ini dokumen Word, bukan buku kerja Excel (.xlsx).")
        else:
            pesan = _("Berkas ini bukan buku kerja Excel (.xlsx).")
        raise BerkasError(pesan)
    if terurai > MAKS_UKURAN_TERURAI or shared > MAKS_SHARED_STRINGS:
        raise BerkasError(
            _("Isi berkas ini terlalu besar untuk diimpor sekaligus. Bagi datanya per dusun.")
        )


def _tanpa_ukuran(self) -> None:
    """Leave a read-only sheet's size unknown, so every row present is read.

    openpyxl trusts the sheet's <dimension>, which some generators write wrongly (rows beyond it
    would be silently dropped), and looks for it until the *end* of <sheetData> when it is
    missing (files from openpyxl's write-only mode, our own exports among them), parsing such a
    sheet twice. Unknown size is openpyxl's own ``reset_dimensions()`` state."""
    self._min_column = self._min_row = 1
    self._max_column = self._max_row = None


def buka(path: Path):
    """The workbook in read-only mode (cell values, not formulas), after the file checks."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    periksa_jenis(path)
    ReadOnlyWorksheet._get_size = _tanpa_ukuran
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged package
        raise BerkasError(
            _(
                "Berkas .xlsx ini tidak dapat dibaca (%(err)s). Simpan ulang dari Excel lalu coba lagi."
            )
            % {"err": type(e).__name__}
        ) from None


def nama_kolom(sel: object) -> str:
    """A header cell as a comparable column name (case- and space-insensitive)."""
    try:
        return normal_kode(teks(sel))
    except SelError:
        return ""


def baris_pertama(ws) -> tuple:
    """The first row of a sheet (its header), or ()."""
    for baris in ws.iter_rows(min_row=1, max_row=1, values_only=True):
        return baris
    return ()


@dataclass
class Header:
    """A sheet's header: column positions by known name, the unknown columns, the missing ones."""

    posisi: dict[str, int]
    judul: dict[str, str]  # known name -> the header as written
    lain: list[str] = field(default_factory=list)
    ganda: list[str] = field(default_factory=list)


def baca_header(baris: Iterable[object], dikenal: Iterable[str]) -> Header:
    """Map header cells to the known column names (compared case- and space-insensitively)."""
    peta = {normal_kode(k): k for k in dikenal}
    posisi: dict[str, int] = {}
    judul: dict[str, str] = {}
    lain, ganda = [], []
    for i, sel in enumerate(baris):
        n = nama_kolom(sel)
        if not n:
            continue
        k = peta.get(n)
        if k is None:
            lain.append(teks_aman(sel))
        elif k in posisi:
            ganda.append(teks_aman(sel))
        else:
            posisi[k] = i
            judul[k] = teks_aman(sel)
    return Header(posisi, judul, lain, ganda)


def teks_aman(v: object) -> str:
    try:
        return teks(v)
    except SelError:
        return str(v)


def pesan_kolom_kurang(kurang: list[str], lain: list[str], lembar: str) -> str:
    """Name the missing required columns, with the likely renamed column for each."""
    bagian = []
    calon = {normal_kode(x): x for x in lain}
    for k in kurang:
        mirip = difflib.get_close_matches(normal_kode(k), list(calon), n=1, cutoff=0.6)
        if mirip:
            bagian.append(
                _("%(k)s (mungkin kolom '%(m)s' yang namanya diubah?)")
                % {"k": k, "m": calon[mirip[0]]}
            )
        else:
            bagian.append(k)
    return _(
        "Lembar '%(lembar)s' tidak punya kolom wajib: %(daftar)s. Judul kolom ada di baris 1."
    ) % {
        "lembar": lembar,
        "daftar": "; ".join(bagian),
    }


def kosong(baris: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in baris)


class Penghitung:
    """Counts data rows across the sheets of one file and stops at the configured limit."""

    def __init__(self) -> None:
        self.batas = maks_baris()
        self.data = 0
        self.kosong = 0

    def tambah(self) -> None:
        self.data += 1
        if self.data > self.batas:
            raise BerkasError(
                _(
                    "Berkas berisi lebih dari %(n)s baris data (batas satu kali impor, pengaturan "
                    "RUMAHDATAKU_IMPOR_MAKS_BARIS). Bagi datanya menjadi beberapa berkas."
                )
                % {"n": f"{self.batas:,}".replace(",", ".")}
            )


def baris_data(
    ws, penghitung: Penghitung, *, berhenti_kolom_2: bool = False
) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of each non-blank row after the header; blank rows are counted.

    With ``berhenti_kolom_2`` a row whose second cell is ``###`` ends the data (old OpenSID)."""
    tertunda = 0  # blank rows count only when data follows them (not the formatted tail)
    for nomor, baris in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if berhenti_kolom_2 and len(baris) > 1 and isinstance(baris[1], str):
            if baris[1].strip() == "###":
                return
        if kosong(baris):
            tertunda += 1
            continue
        penghitung.kosong += tertunda
        tertunda = 0
        penghitung.tambah()
        yield nomor, baris
