"""Parsers of the importer's own cells (regions, yes/no, coordinates, masked numbers, JSON).

Like :mod:`impor.sel`: a raw openpyxl value in, the value or a SelError out; no database.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from impor import sel
from impor.sel import SelError, normal_kode
from keluarga.validators import validate_not_future

_SAMAR = "•"
# The common well-formed cases, answered without building a message (the sel parsers give
# the explanation for everything else).
_NIK_BERSIH = re.compile(r"[0-9]{16}")
_DESIMAL_BERSIH = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]+)?")


def nik(v: object) -> str | None:
    """sel.nik, fast for clean 16-digit text."""
    if isinstance(v, str) and _NIK_BERSIH.fullmatch(v):
        return v
    return sel.nik(v)


def no_kk(v: object) -> str:
    """sel.no_kk, fast for clean 16-digit text."""
    if isinstance(v, str) and _NIK_BERSIH.fullmatch(v):
        return v
    return sel.no_kk(v)


def kosong(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def cek_samar(v: object, label: str) -> None:
    if isinstance(v, str) and _SAMAR in v:
        raise SelError(
            _(
                "%(label)s disamarkan (%(v)s). Impor memerlukan %(label)s lengkap: pakai berkas "
                "ekspor dengan NIK penuh (export_data --nik-penuh)."
            )
            % {"label": label, "v": v.strip()}
        )


def nomor_wilayah(v: object, label: str, boleh_kosong: bool) -> str:
    """An RW/RT number as stored (three digits: 4 → 004); RW '-' or empty → 000 (no RW)."""
    s = sel.kode_teks(v).strip()
    if s in ("", "-", "--"):
        if boleh_kosong:
            return "000"
        raise SelError(_("%(label)s wajib diisi (1 sampai 3 angka).") % {"label": label})
    if s.isascii() and s.isdigit() and int(s) <= 999:
        return f"{int(s):03d}"
    raise SelError(
        _("%(label)s harus 1 sampai 3 angka (tertulis: %(v)s).") % {"label": label, "v": s[:20]}
    )


def nama_dusun(v: object) -> str:
    s = " ".join(sel.teks(v).split())
    if not s:
        raise SelError(_("Dusun wajib diisi."))
    if len(s) > 100:
        raise SelError(_("Nama dusun terlalu panjang (paling banyak 100 huruf)."))
    return s


def ya_tidak(v: object, label: str) -> bool | None:
    if kosong(v):
        return None
    if isinstance(v, bool):
        return v
    s = normal_kode(sel.kode_teks(v))
    if s in {"ya", "y", "1", "true", "benar"}:
        return True
    if s in {"tidak", "t", "0", "false", "salah", "tdk"}:
        return False
    raise SelError(
        _("%(label)s diisi Ya atau Tidak (tertulis: %(v)s).") % {"label": label, "v": s[:30]}
    )


def koordinat(v: object, label: str, batas: int) -> Decimal | None:
    """A latitude/longitude within ±batas, six decimals (the model's precision)."""
    if isinstance(v, str) and _DESIMAL_BERSIH.fullmatch(v):
        angka = float(v)
    else:
        angka = sel.desimal(v)
    if angka is None:
        return None
    if not -batas <= angka <= batas:
        raise SelError(
            _("%(label)s %(v)s di luar rentang -%(b)s sampai %(b)s.")
            % {"label": label, "v": angka, "b": batas}
        )
    return Decimal(str(round(angka, 6))).quantize(Decimal("0.000001"))


def json_sel(v: object, label: str) -> dict | None:
    if kosong(v):
        return None
    try:
        d = json.loads(sel.teks(v))
    except ValueError:
        d = None
    if not isinstance(d, dict) or not all(
        isinstance(a, str) and isinstance(b, str) for a, b in d.items()
    ):
        raise SelError(
            _('%(label)s harus berupa teks JSON, misalnya {"agama_id": "1"}.') % {"label": label}
        )
    return d


def tanggal_lampau(v, label: str):
    if v is None:
        return None
    try:
        validate_not_future(v)
    except ValidationError as e:
        raise SelError(f"{label}: {e.messages[0]}") from None
    return v
