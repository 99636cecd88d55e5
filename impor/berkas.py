"""Opening an uploaded workbook: recognise bad files, find sheets and headers, stream rows.

Each problem with the file as a whole is a :class:`BerkasError` with its own Indonesian message.
Rows are read with openpyxl in read-only mode (``iter_rows(values_only=True)``), never loaded whole.
"""

from __future__ import annotations

import difflib
import re
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.translation import gettext as _

from impor.sel import SelError, normal_kode, teks

# Bounds of one import, each refused with its own message. Rows count empty ones too (openpyxl
# keeps an emptied element per row until the sheet ends); cells are counted as they stream
# (every <c> of the XML) and as openpyxl hands them over (a row padded to its last column).
MAKS_BARIS_BAWAAN = 100_000
MAKS_SEL = 4_000_000
MAKS_SEL_SEBARIS = 16_384  # Excel's widest row; openpyxl holds a whole row before yielding it
# Bytes inflated from the package, counted while they stream (the zip directory is not trusted).
MAKS_UKURAN_TERURAI = 300_000_000
# openpyxl keeps every shared string in memory even in read-only mode (a 30,000-resident
# OpenSID workbook holds about 84,000).
MAKS_SHARED_STRINGS = 50_000_000
MAKS_JUMLAH_STRINGS = 1_000_000
# A part read whole (workbook, styles, theme, content types) is parsed into a full tree.
MAKS_BAGIAN_UTUH = 20_000_000
MAKS_DETIK = 60  # wall time of reading (setting RUMAHDATAKU_IMPOR_MAKS_DETIK)

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
            nama = set(z.namelist())
    except Exception:  # zipfile raises many kinds for a damaged directory
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


def _mb(n: int) -> str:
    return f"{n // 1_000_000} MB"


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- reading the package within bounds -------------------------------------------------------

# A start tag of a row or a cell, with any namespace prefix (read on the raw bytes of a sheet).
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,31}:)?(row|c)[\s/>]")
_EKOR_TAG = 40  # a tag cut by the end of a chunk is carried over when it starts this close


class _GalatArsip(Exception):
    """A part of the package cannot be inflated (bad CRC, bad deflate data, cut short)."""

    def __init__(self, bagian: str, asal: BaseException) -> None:
        super().__init__(bagian)
        self.bagian, self.asal = bagian, asal


class Batas:
    """The running totals of one workbook against the bounds, with the time guard."""

    def __init__(self) -> None:
        self.mulai = time.monotonic()
        self.detik = int(getattr(settings, "RUMAHDATAKU_IMPOR_MAKS_DETIK", MAKS_DETIK))
        self.terurai = 0
        self.sel = 0  # <c> start tags streamed, per part its most on one pass
        self.sel_bagian: dict[str, int] = {}

    def cek_waktu(self) -> None:
        if time.monotonic() - self.mulai > self.detik:
            raise BerkasError(
                _(
                    "Pembacaan berkas ini dihentikan karena lebih dari %(n)s detik. Berkas sebesar "
                    "ini tidak dapat diimpor sekaligus; bagi datanya per dusun."
                )
                % {"n": self.detik}
            )

    def tambah_terurai(self, n: int) -> None:
        self.terurai += n
        if self.terurai > MAKS_UKURAN_TERURAI:
            raise BerkasError(
                _(
                    "Isi berkas ini setelah diurai lebih dari %(n)s (batas satu kali impor). "
                    "Bagi datanya per dusun, atau simpan ulang dari Excel bila berkasnya kecil."
                )
                % {"n": _mb(MAKS_UKURAN_TERURAI)}
            )

    def sel_dibaca(self, bagian: str, n: int) -> None:
        """A pass over ``bagian`` has streamed ``n`` cells so far (a sheet's header is read
        before its rows: the cells of a part count once)."""
        lama = self.sel_bagian.get(bagian, 0)
        if n <= lama:
            return
        self.sel_bagian[bagian] = n
        self.sel += n - lama
        if self.sel > MAKS_SEL:
            _sel_terlalu_banyak()


def _sel_terlalu_banyak() -> None:
    raise BerkasError(
        _(
            "Berkas berisi lebih dari %(n)s sel (batas satu kali impor). Hapus kolom dan lembar "
            "yang tidak diperlukan, atau bagi datanya menjadi beberapa berkas."
        )
        % {"n": _angka(MAKS_SEL)}
    )


class _Aliran:
    """A part of the package as it inflates: its bytes counted against the bounds, and in a
    sheet its row and cell tags, so no parser holds more than the bounds allow."""

    def __init__(self, f, batas: Batas, bagian: str, jenis: str) -> None:
        self.f, self.batas, self.bagian, self.jenis = f, batas, bagian, jenis
        self.dibaca = 0
        self.sel = 0
        self.ekor = b""
        self.sel_sebaris = 0

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            # Read whole (and parsed into a full tree): in slices, each counted.
            potong = []
            while blok := self.read(1 << 16):
                potong.append(blok)
            return b"".join(potong)
        self.batas.cek_waktu()
        try:
            data = self.f.read(n)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
            raise _GalatArsip(self.bagian, e) from None
        self.dibaca += len(data)
        self.batas.tambah_terurai(len(data))
        if self.jenis == "strings" and self.dibaca > MAKS_SHARED_STRINGS:
            raise BerkasError(
                _(
                    "Tabel teks bersama (shared strings) berkas ini lebih dari %(n)s. Berkas "
                    "sebesar ini tidak dapat diimpor sekaligus; bagi datanya per dusun."
                )
                % {"n": _mb(MAKS_SHARED_STRINGS)}
            )
        if self.jenis == "utuh" and self.dibaca > MAKS_BAGIAN_UTUH:
            raise BerkasError(
                _("Bagian %(b)s berkas ini lebih dari %(n)s; berkas Excel biasa jauh lebih kecil.")
                % {"b": self.bagian, "n": _mb(MAKS_BAGIAN_UTUH)}
            )
        if self.jenis == "lembar":
            self._hitung_tag(data)
        return data

    def _hitung_tag(self, data: bytes) -> None:
        data = self.ekor + data
        akhir = data.rfind(b"<")
        if akhir >= 0 and len(data) - akhir < _EKOR_TAG:
            data, self.ekor = data[:akhir], data[akhir:]
        else:
            self.ekor = b""
        tag = _TAG.findall(data)
        if not tag:
            return
        sel = len(tag) - tag.count(b"row")
        self.sel += sel
        self.batas.sel_dibaca(self.bagian, self.sel)
        if b"row" in tag:
            pertama = tag.index(b"row")
            terakhir = len(tag) - 1 - tag[::-1].index(b"row")
            # Cells of the row open before this chunk, then of the last row opened in it (a
            # chunk of 16 KB cannot hold a whole row too wide between two row tags).
            if self.sel_sebaris + pertama > MAKS_SEL_SEBARIS:
                self._terlalu_lebar()
            self.sel_sebaris = len(tag) - 1 - terakhir
        else:
            self.sel_sebaris += sel
        if self.sel_sebaris > MAKS_SEL_SEBARIS:
            self._terlalu_lebar()

    def _terlalu_lebar(self) -> None:
        raise BerkasError(
            _(
                "Satu baris berkas ini berisi lebih dari %(n)s sel, lebih lebar dari lembar Excel "
                "mana pun. Berkasnya rusak atau bukan buatan Excel."
            )
            % {"n": _angka(MAKS_SEL_SEBARIS)}
        )

    def close(self) -> None:
        self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Zip(zipfile.ZipFile):
    """The package, handing out its parts as counted streams (:class:`_Aliran`)."""

    def __init__(self, path: Path, batas: Batas) -> None:
        super().__init__(path)
        self.batas = batas
        self.jenis_berikut = "lembar"

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        nama = getattr(name, "filename", name)
        try:
            f = super().open(name, mode, pwd, force_zip64=force_zip64)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
            raise _GalatArsip(nama, e) from None
        if mode != "r":
            return f
        return _Aliran(f, self.batas, nama, self.jenis_berikut)

    def read(self, name, pwd=None) -> bytes:
        lama, self.jenis_berikut = self.jenis_berikut, "utuh"
        try:
            with self.open(name, "r", pwd) as f:
                return f.read()
        finally:
            self.jenis_berikut = lama


def _pembaca(path: Path, batas: Batas):
    """openpyxl's reader of a read-only, values-only workbook over the counted package."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class Pembaca(ExcelReader):
        def read_strings(self):
            ct = self.package.find(SHARED_STRINGS)
            if ct is None:
                return
            self.archive.jenis_berikut = "strings"
            try:
                with self.archive.open(ct.PartName[1:]) as src:
                    self.shared_strings = _baca_strings(src)
            finally:
                self.archive.jenis_berikut = "lembar"

    reader = Pembaca(str(path), read_only=True, data_only=True, keep_links=False)
    reader.archive.close()
    reader.archive = _Zip(path, batas)
    return reader


def _baca_strings(src) -> list[str]:
    """openpyxl's ``read_string_table``, but each string's element leaves the tree once read
    (openpyxl keeps an emptied element per string until the table ends), and counted."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag = f"{{{SHEET_MAIN_NS}}}si"
    hasil: list[str] = []
    akar = None
    for peristiwa, node in iterparse(src, events=("start", "end")):
        if akar is None:
            akar = node
        elif peristiwa == "end" and node.tag == tag:
            hasil.append(Text.from_tree(node).content.replace("x005F_", ""))
            akar.clear()
            if len(hasil) > MAKS_JUMLAH_STRINGS:
                raise BerkasError(
                    _(
                        "Tabel teks bersama (shared strings) berkas ini berisi lebih dari "
                        "%(n)s teks. Berkas sebesar ini tidak dapat diimpor sekaligus; bagi "
                        "datanya per dusun."
                    )
                    % {"n": _angka(MAKS_JUMLAH_STRINGS)}
                )
    return hasil


def pesan_rusak(e: BaseException, bagian: str) -> str:
    """What is wrong with a package or its XML, in words a user can act on."""
    from defusedxml import DefusedXmlException

    if isinstance(e, _GalatArsip):
        return _(
            "Data terkompresi %(b)s di dalam berkas .xlsx ini rusak (%(err)s), misalnya karena "
            "unduhan atau salinan yang tidak sempurna. Simpan ulang dari Excel lalu unggah lagi."
        ) % {"b": e.bagian, "err": str(e.asal) or type(e.asal).__name__}
    if isinstance(e, DefusedXmlException):
        return _(
            "%(b)s berisi deklarasi entitas XML (DTD/ENTITY) yang tidak pernah ditulis Excel dan "
            "ditolak demi keamanan. Simpan ulang dari Excel lalu unggah lagi."
        ) % {"b": bagian[:1].upper() + bagian[1:]}
    if isinstance(e, ParseError):
        baris, kolom = getattr(e, "position", (0, 0))
        return _(
            "XML %(b)s rusak atau terpotong (tidak utuh di baris %(baris)s, kolom %(kolom)s "
            "XML-nya). Simpan ulang dari Excel lalu unggah lagi."
        ) % {"b": bagian, "baris": baris, "kolom": kolom}
    return _(
        "Berkas .xlsx ini tidak dapat dibaca (%(err)s di %(b)s). Simpan ulang dari Excel lalu "
        "coba lagi."
    ) % {"err": type(e).__name__, "b": bagian}


def _tanpa_ukuran(self) -> None:
    """Leave a read-only sheet's size unknown, so every row present is read.

    openpyxl trusts the sheet's <dimension>, which some generators write wrongly (rows beyond it
    would be silently dropped), and looks for it until the *end* of <sheetData> when it is
    missing (files from openpyxl's write-only mode, our own exports among them), parsing such a
    sheet twice. Unknown size is openpyxl's own ``reset_dimensions()`` state."""
    self._min_column = self._min_row = 1
    self._max_column = self._max_row = None


def buka(path: Path):
    """The workbook in read-only mode (cell values, not formulas), after the file checks.

    Every part is read through a counting stream (:class:`Batas`): the bounds hold while the
    package inflates, whatever its directory claims."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    periksa_jenis(path)
    ReadOnlyWorksheet._get_size = _tanpa_ukuran
    batas = Batas()
    try:
        reader = _pembaca(path, batas)
        reader.read()
    except BerkasError:
        raise
    except Exception as e:  # openpyxl raises many kinds for a damaged package
        raise BerkasError(pesan_rusak(_asal_atau(e), _("berkas"))) from None
    wb = reader.wb
    wb._batas_rd = batas
    return wb


def _asal(e: BaseException) -> BaseException:
    """The first cause in a chain that names the damage (openpyxl wraps errors in ValueError)."""
    from defusedxml import DefusedXmlException

    while e is not None:
        if isinstance(e, (_GalatArsip, DefusedXmlException, ParseError)):
            return e
        if isinstance(e, BerkasError):
            raise e
        e = e.__cause__ or e.__context__
    return e


def baris_lembar(ws, **kw) -> Iterator[tuple]:
    """``ws.iter_rows(values_only=True, **kw)``; damage found while streaming is a BerkasError
    naming the sheet (only openpyxl's own step is guarded, never the caller's code)."""
    it = ws.iter_rows(values_only=True, **kw)
    bagian = _("lembar '%(l)s'") % {"l": ws.title}
    try:
        while True:
            try:
                baris = next(it)
            except StopIteration:
                return
            except BerkasError:
                raise
            except Exception as e:
                raise BerkasError(pesan_rusak(_asal_atau(e), bagian)) from None
            yield baris
    finally:
        it.close()


def _asal_atau(e: BaseException) -> BaseException:
    return _asal(e) or e


def nama_kolom(sel: object) -> str:
    """A header cell as a comparable column name (case- and space-insensitive)."""
    try:
        return normal_kode(teks(sel))
    except SelError:
        return ""


def baris_pertama(ws) -> tuple:
    """The first row of a sheet (its header), or ()."""
    for baris in baris_lembar(ws, min_row=1, max_row=1):
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
    """Counts the rows after the header across the sheets of one file, empty ones included, and
    the cells handed over, and stops at the limits (and at the time guard)."""

    def __init__(self) -> None:
        self.batas = maks_baris()
        self.data = 0
        self.kosong = 0
        self.semua = 0
        self.sel = 0

    def tambah(self) -> None:
        self.data += 1

    def baris(self, baris: tuple) -> None:
        """One row read (data or empty)."""
        self.semua += 1
        self.sel += len(baris)
        if self.semua > self.batas:
            raise BerkasError(
                _(
                    "Berkas berisi lebih dari %(n)s baris, baris kosong ikut dihitung (batas satu "
                    "kali impor, pengaturan RUMAHDATAKU_IMPOR_MAKS_BARIS). Hapus baris kosong di "
                    "bawah data, atau bagi datanya menjadi beberapa berkas."
                )
                % {"n": _angka(self.batas)}
            )
        if self.sel > MAKS_SEL:
            _sel_terlalu_banyak()


def baris_data(
    ws, penghitung: Penghitung, *, berhenti_kolom_2: bool = False
) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of each non-blank row after the header; blank rows are counted.

    With ``berhenti_kolom_2`` a row whose second cell is ``###`` ends the data (old OpenSID)."""
    tertunda = 0  # blank rows are reported only when data follows them (not the formatted tail)
    batas = getattr(ws.parent, "_batas_rd", None)
    for nomor, baris in enumerate(baris_lembar(ws, min_row=2), start=2):
        penghitung.baris(baris)
        if batas is not None and not nomor & 0x3FF:
            batas.cek_waktu()
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
