"""The PUS register as an Excel workbook: one sheet per RT, the columns of the print.

A name list in a file (ROLES.md): the caller has set each row's `nik_tampil` (full or masked)
and written the access log. Every text a user typed goes in as a string cell, never a formula.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from keluarga import xlsx
from laporan import register_pus as rp

JUDUL = Font(bold=True, size=12)
KEPALA = Font(bold=True, color="FFFFFF")
ISI_KEPALA = PatternFill("solid", fgColor="0B6E4F")
TIPIS = Side(style="thin", color="B8C0CC")
GARIS = Border(left=TIPIS, right=TIPIS, top=TIPIS, bottom=TIPIS)
LEBAR = [5, 26, 20, 22, 7, 8, 9, 13, 18, 11, 13] + [7] * 12


def _teks(ws, baris: int, kolom: int, nilai) -> None:
    xlsx.isi(ws, baris, kolom, str(nilai) if nilai is not None else "")


def _nama_lembar(bagian: rp.BagianRT, dipakai: set[str]) -> str:
    rt = bagian.rt
    nama = f"RT {rt.nomor} RW {rt.rw.nomor}"[:28]
    asli, n = nama, 2
    while nama in dipakai:
        nama, n = f"{asli} {n}", n + 1
    dipakai.add(nama)
    return nama


def buku_register_pus(reg: rp.RegisterPUS) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    dipakai: set[str] = set()
    bagian_semua = reg.bagian or []
    if not bagian_semua:
        ws = wb.create_sheet("Register PUS")
        _teks(ws, 1, 1, f"Register PUS {reg.desa.nama} {reg.tahun}: tidak ada RT.")
    for bagian in bagian_semua:
        ws = wb.create_sheet(_nama_lembar(bagian, dipakai))
        rt = bagian.rt
        _teks(ws, 1, 1, f"REGISTER PASANGAN USIA SUBUR (PUS) TAHUN {reg.tahun}")
        ws.cell(row=1, column=1).font = JUDUL
        _teks(
            ws,
            2,
            1,
            f"Desa {reg.desa.nama} ({reg.desa.kode}) · Dusun {rt.rw.dusun.nama} · "
            f"RW {rt.rw.nomor} · RT {rt.nomor}",
        )
        _teks(ws, 3, 1, "Kode KB: " + ", ".join(f"{k} = {v}" for k, v in rp.KETERANGAN_KODE))
        kepala = [str(k) for k in rp.KOLOM] + rp.BULAN_SINGKAT
        for j, judul in enumerate(kepala, start=1):
            _teks(ws, 5, j, judul)
            sel = ws.cell(row=5, column=j)
            sel.font, sel.fill, sel.border = KEPALA, ISI_KEPALA, GARIS
            sel.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            ws.column_dimensions[get_column_letter(j)].width = LEBAR[j - 1]
        for i, b in enumerate(bagian.baris, start=6):
            ws.cell(row=i, column=1, value=b.no)
            for j, v in enumerate((b.nama, b.nik_tampil, b.suami), start=2):
                _teks(ws, i, j, v)
            ws.cell(row=i, column=5, value=b.umur)
            ws.cell(row=i, column=6, value=b.anak_hidup)
            for j, v in enumerate(
                (b.umur_bungsu, b.tahapan_ks, b.jkn, b.kode_kb, b.pelayanan, *b.sel), start=7
            ):
                _teks(ws, i, j, v)
            for j in range(1, len(kepala) + 1):
                ws.cell(row=i, column=j).border = GARIS
        ws.freeze_panes = "C6"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
    return wb
