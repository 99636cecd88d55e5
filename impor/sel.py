"""Cell parsers of the Excel importer: raw openpyxl values in, parsed values or SelError out.

Every parser takes what openpyxl gives for one cell (str, int, float, datetime/date, bool or
None) and returns the parsed value, or raises :class:`SelError` with an Indonesian message
that says what is wrong with the value. No other exception may escape, whatever the input.
"""

import datetime as dt
import math
import re
from collections.abc import Callable
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from keluarga.validators import validate_nik, validate_no_kk
from keluarga.xlsx import tanpa_kutip

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the non-existent
# 1900-02-29 (a Lotus 1-2-3 bug Excel kept), so from serial 61 on day 0 is 1899-12-30.
_EXCEL_NOL = dt.date(1899, 12, 30)
_EXCEL_NOL_SEBELUM_29_FEB = dt.date(1899, 12, 31)
_EXCEL_29_FEB_1900 = 60
TAHUN_MIN = 1900
TAHUN_MAKS = 2100
_SERIAL_MAKS = (dt.date(TAHUN_MAKS, 12, 31) - _EXCEL_NOL).days

# Longer text than this is never a number, a code or a date (and int() of very long digit
# strings raises ValueError in Python 3.11+).
_PANJANG_MAKS_ANGKA = 40

_ANGKA = "[0-9]"
_WAKTU = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
_TGL_YMD = re.compile(rf"({_ANGKA}{{4}})[-/.]({_ANGKA}{{1,2}})[-/.]({_ANGKA}{{1,2}}){_WAKTU}")
_TGL_DMY = re.compile(rf"({_ANGKA}{{1,2}})[-/.]({_ANGKA}{{1,2}})[-/.]({_ANGKA}{{4}}){_WAKTU}")
_BULAT = re.compile(r"[+-]?[0-9]+")
_BULAT_RIBUAN = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")
_NOTASI_ILMIAH = re.compile(r"[0-9](?:[.,][0-9]+)?[eE][+]?[0-9]+")


class SelError(Exception):
    """A cell value that cannot be read, with an Indonesian message naming the problem."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan

    def __str__(self) -> str:
        return self.pesan


def _kosong(v: object) -> bool:
    """Whether a cell is empty: None or text of only whitespace."""
    return v is None or (isinstance(v, str) and not v.strip())


def _tampil(v: object) -> str:
    """The value as the user would recognise it in a message (shortened)."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and math.isfinite(v) and v.is_integer() and abs(v) < 1e17:
        teks_v = str(int(v))
    elif isinstance(v, int) and abs(v) >= 10**_PANJANG_MAKS_ANGKA:
        teks_v = _("angka sangat panjang")
    elif isinstance(v, dt.datetime | dt.date):
        teks_v = v.strftime("%d-%m-%Y") if v.year >= 1000 else v.isoformat()
    else:
        teks_v = str(v).strip()
    return teks_v if len(teks_v) <= 60 else teks_v[:57] + "..."


def _jenis_tak_dikenal(v: object) -> SelError:
    """The error for a cell value of a type openpyxl does not produce for data cells."""
    return SelError(
        _("Isi sel tidak dapat dibaca (jenis nilai %(jenis)s: %(v)s).")
        % {"jenis": type(v).__name__, "v": _tampil(v)}
    )


def teks(v: object) -> str:
    """Text of a cell, stripped; empty cells give ''. One ``'`` written before a formula
    character (``'=…``, ``'+62…``, ``'-5``, ``'@ani``) is removed (keluarga.xlsx.tanpa_kutip)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return tanpa_kutip(v.strip()).strip()
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        if abs(v) >= 10**_PANJANG_MAKS_ANGKA:
            raise _angka_terlalu_panjang()
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise SelError(_("Sel berisi nilai angka yang tidak sah (%(v)s).") % {"v": v})
        return str(int(v)) if v.is_integer() and abs(v) < 1e17 else repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ") if v.time() != dt.time() else v.date().isoformat()
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    raise _jenis_tak_dikenal(v)


def _angka_terlalu_panjang() -> SelError:
    """The error for an integer too long to be any value the importer reads."""
    return SelError(
        _("Sel berisi angka yang terlalu panjang (lebih dari %(n)s angka).")
        % {"n": _PANJANG_MAKS_ANGKA}
    )


def _enam_belas_angka(v: object, label: str, validator: Callable[[str], None]) -> str | None:
    """Shared rules of NIK and No KK: 16-digit text, never a number; None when empty."""
    if _kosong(v):
        return None
    if isinstance(v, bool):
        raise SelError(_("%(label)s berisi nilai TRUE/FALSE, bukan 16 angka.") % {"label": label})
    if isinstance(v, int | float):
        raise SelError(
            _(
                "%(label)s tersimpan sebagai angka (%(v)s); Excel hanya menyimpan 15 angka "
                "penting. Format kolom %(label)s sebagai Teks lalu ketik ulang."
            )
            % {"label": label, "v": _tampil(v)}
        )
    if isinstance(v, dt.date | dt.time):
        raise SelError(
            _("%(label)s berisi tanggal/waktu (%(v)s), bukan 16 angka.")
            % {"label": label, "v": _tampil(v)}
        )
    if not isinstance(v, str):
        raise _jenis_tak_dikenal(v)
    bersih = "".join(v.split())
    if _NOTASI_ILMIAH.fullmatch(bersih):
        raise SelError(
            _(
                "%(label)s tertulis sebagai angka ilmiah (%(v)s): angka aslinya sudah hilang. "
                "Format kolom %(label)s sebagai Teks lalu ketik ulang."
            )
            % {"label": label, "v": _tampil(bersih)}
        )
    try:
        validator(bersih)
    except ValidationError as e:
        raise SelError(" ".join(e.messages)) from None
    if not bersih.isascii():
        raise SelError(
            _("%(label)s hanya boleh berisi angka 0-9 (tertulis: %(v)s).")
            % {"label": label, "v": _tampil(bersih)}
        )
    return bersih


def nik(v: object) -> str | None:
    """A NIK: 16 digits written as text (spaces removed); None when the cell is empty."""
    return _enam_belas_angka(v, _("NIK"), validate_nik)


def no_kk(v: object) -> str:
    """A No KK: 16 digits written as text (spaces removed); required."""
    hasil = _enam_belas_angka(v, _("No KK"), validate_no_kk)
    if hasil is None:
        raise SelError(_("No KK wajib diisi (16 angka)."))
    return hasil


def _tanggal_dari(tahun: int, bulan: int, hari: int, asli: object) -> dt.date:
    """A calendar date from its parts, or SelError naming the impossible value."""
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise SelError(
            _("Tanggal %(v)s di luar rentang tahun %(min)s-%(maks)s.")
            % {"v": _tampil(asli), "min": TAHUN_MIN, "maks": TAHUN_MAKS}
        )
    try:
        return dt.date(tahun, bulan, hari)
    except ValueError:
        raise SelError(
            _("Tanggal %(v)s tidak ada di kalender (periksa hari dan bulan).")
            % {"v": _tampil(asli)}
        ) from None


def _tanggal_serial(v: int | float) -> dt.date:
    """The date of an Excel serial number (1900 date system); the time of day is dropped."""
    if not (isinstance(v, int) or math.isfinite(v)) or v < 1 or v >= _SERIAL_MAKS + 1:
        raise SelError(
            _(
                "Angka %(v)s bukan tanggal Excel yang masuk akal (tahun %(min)s-%(maks)s). "
                "Tulis tanggal sebagai HH-BB-TTTT, misalnya 17-08-1990."
            )
            % {"v": _tampil(v), "min": TAHUN_MIN, "maks": TAHUN_MAKS}
        )
    hari = math.floor(v)
    if hari == _EXCEL_29_FEB_1900:
        raise SelError(_("Tanggal Excel 29-02-1900 tidak ada di kalender."))
    if hari < _EXCEL_29_FEB_1900:
        return _EXCEL_NOL_SEBELUM_29_FEB + dt.timedelta(days=hari)
    return _EXCEL_NOL + dt.timedelta(days=hari)


def _tanggal_teks(s: str) -> dt.date:
    """A date written as text: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY or D-M-YYYY."""
    if m := _TGL_YMD.fullmatch(s):
        return _tanggal_dari(int(m[1]), int(m[2]), int(m[3]), s)
    if m := _TGL_DMY.fullmatch(s):
        return _tanggal_dari(int(m[3]), int(m[2]), int(m[1]), s)
    raise SelError(
        _(
            "Tanggal %(v)s tidak dikenali. Tulis sebagai HH-BB-TTTT (17-08-1990), "
            "HH/BB/TTTT atau TTTT-BB-HH (1990-08-17)."
        )
        % {"v": _tampil(s)}
    )


def tanggal(v: object) -> dt.date | None:
    """A date from an Excel date, an Excel serial number or text; None when empty."""
    if _kosong(v):
        return None
    if isinstance(v, bool):
        raise SelError(_("Tanggal berisi nilai TRUE/FALSE, bukan tanggal."))
    if isinstance(v, dt.datetime):
        return _tanggal_dari(v.year, v.month, v.day, v)
    if isinstance(v, dt.date):
        return _tanggal_dari(v.year, v.month, v.day, v)
    if isinstance(v, int | float):
        return _tanggal_serial(v)
    if isinstance(v, str):
        return _tanggal_teks(teks(v))
    if isinstance(v, dt.time):
        raise SelError(_("Sel berisi jam (%(v)s), bukan tanggal.") % {"v": v.isoformat()})
    raise _jenis_tak_dikenal(v)


def normal_kode(s: str) -> str:
    """Case- and space-insensitive form of a code or label, for matching ('04' is '4')."""
    normal = " ".join(s.split()).casefold()
    if normal.isascii() and normal.isdigit() and len(normal) <= _PANJANG_MAKS_ANGKA:
        return str(int(normal))
    return normal


def kode_teks(v: object) -> str:
    """A code cell as text: integers and whole floats lose their '.0'."""
    if isinstance(v, bool):
        raise SelError(_("Kode berisi nilai TRUE/FALSE, bukan kode."))
    if isinstance(v, float) and not (math.isfinite(v) and v.is_integer()):
        raise SelError(_("Kode %(v)s bukan kode yang sah.") % {"v": _tampil(v)})
    if isinstance(v, dt.date | dt.time):
        raise SelError(_("Kode berisi tanggal/waktu (%(v)s), bukan kode.") % {"v": _tampil(v)})
    return teks(v)


def kode_pilihan(v: object, choices_enum: type[models.TextChoices], nama: str = "") -> str:
    """Our TextChoices value for a code or its Indonesian label (case-insensitive); '' when empty."""
    s = kode_teks(v)
    if not s:
        return ""
    dicari = normal_kode(s)
    for pilihan in choices_enum:
        if dicari in (normal_kode(pilihan.value), normal_kode(str(pilihan.label))):
            return pilihan.value
    daftar = ", ".join(f"{p.value} ({p.label})" for p in choices_enum)
    raise SelError(
        _("Kode %(v)s di luar daftar %(nama)s yang berlaku: %(daftar)s.")
        % {"v": _tampil(s), "nama": nama or _nama_enum(choices_enum), "daftar": daftar}
    )


def _nama_enum(choices_enum: type[Enum]) -> str:
    """A readable name of a code list (its class name)."""
    return choices_enum.__name__


def _desimal_teks(s: str) -> float:
    """A number written as text: '12,5', '1.234,5', '-7.2575' or '1,234.5'."""
    bersih = "".join(s.split())
    if len(bersih) > _PANJANG_MAKS_ANGKA or not bersih.isascii():
        raise _bukan_angka(s)
    koma, titik = bersih.rfind(","), bersih.rfind(".")
    if koma >= 0 and titik >= 0:
        ribuan, desimal_ = (".", ",") if koma > titik else (",", ".")
    elif bersih.count(",") == 1:
        ribuan, desimal_ = ".", ","
    elif bersih.count(".") == 1:
        ribuan, desimal_ = ",", "."
    else:
        ribuan, desimal_ = (",", ".") if "," in bersih else (".", ",")
    bulat, _pemisah, pecahan = bersih.partition(desimal_)
    if ribuan in bulat and not re.fullmatch(rf"[+-]?[0-9]{{1,3}}(?:\{ribuan}[0-9]{{3}})+", bulat):
        raise _bukan_angka(s)
    angka = bulat.replace(ribuan, "") + ("." + pecahan if _pemisah else "")
    if not re.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", angka):
        raise _bukan_angka(s)
    hasil = float(angka)
    if not math.isfinite(hasil):
        raise _bukan_angka(s)
    return hasil


def _bukan_angka(v: object) -> SelError:
    """The error for a value that is not a number."""
    return SelError(_("%(v)s bukan angka.") % {"v": _tampil(v)})


def desimal(v: object) -> float | None:
    """A number (float), also from Indonesian text like '12,5' or '1.234,5'; None when empty."""
    if _kosong(v):
        return None
    if isinstance(v, bool) or isinstance(v, dt.date | dt.time):
        raise _bukan_angka(v)
    if isinstance(v, int):
        if abs(v) >= 10**_PANJANG_MAKS_ANGKA:
            raise _bukan_angka(v)
        return float(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise _bukan_angka(v)
        return v
    if isinstance(v, str):
        return _desimal_teks(teks(v))
    raise _jenis_tak_dikenal(v)


def bilangan(v: object) -> int | None:
    """A whole number from an integer, a float without fraction or text; None when empty."""
    if _kosong(v):
        return None
    if isinstance(v, bool):
        raise _bukan_angka(v)
    if isinstance(v, int):
        if abs(v) >= 10**_PANJANG_MAKS_ANGKA:
            raise _bukan_angka(v)
        return v
    if isinstance(v, str):
        s = "".join(teks(v).split())
        if len(s) <= _PANJANG_MAKS_ANGKA and s.isascii():
            if _BULAT.fullmatch(s):
                return int(s)
            if _BULAT_RIBUAN.fullmatch(s):
                return int(s.replace(".", ""))
    angka = desimal(v)
    if angka is None or not angka.is_integer() or abs(angka) >= 10**_PANJANG_MAKS_ANGKA:
        raise SelError(_("%(v)s bukan bilangan bulat.") % {"v": _tampil(v)})
    return int(angka)
