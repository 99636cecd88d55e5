"""Writing a report to a file: JSON (the contract), Excel and PDF (aggregates only, no names)."""

from __future__ import annotations

import json
from pathlib import Path


def json_teks(laporan: dict) -> str:
    return json.dumps(laporan, ensure_ascii=False, indent=2)


def tulis_keluaran(laporan: dict, format_: str, path: str, *, desa=None) -> None:
    if format_ == "json":
        Path(path).write_text(json_teks(laporan), encoding="utf-8")
    elif format_ == "xlsx":
        from laporan.excel import buku_laporan

        buku_laporan(laporan).save(path)
    elif format_ == "pdf":
        from laporan.cetak import pdf_laporan

        Path(path).write_bytes(pdf_laporan(laporan, desa=desa))
    else:
        raise ValueError(format_)
