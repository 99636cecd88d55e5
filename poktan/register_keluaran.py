"""Rendering the SIGA registers K/0 and R/I: print HTML, PDF (WeasyPrint; A4 or F4, landscape when
the layout says so) and Excel (openpyxl). The data comes from poktan.register, the layout from
poktan.tata_letak. Paper always masks NIK and No KK; the Excel file masks them for an "M" role.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

KERTAS = ("a4", "f4")


def ukuran_halaman(kertas: str, mendatar: bool) -> str:
    """The CSS @page size: A4 210 × 297 mm, F4 215 × 330 mm."""
    if kertas == "f4":
        return "330mm 215mm" if mendatar else "215mm 330mm"
    return "A4 landscape" if mendatar else "A4 portrait"


def baris_kepala(isi: dict) -> list[tuple[str, str]]:
    """The header fields in the layout's order, as (label, text)."""
    hasil = []
    for kunci, label in isi["tata_letak"].kepala:
        nilai = isi["kepala"].get(kunci, "")
        if kunci == "bulan":
            nilai = formats.date_format(nilai, "F Y")
        hasil.append((str(label), str(nilai or "")))
    return hasil


def html_register(isi: dict, *, kertas: str = "a4", layar: bool = False) -> str:
    tl = isi["tata_letak"]
    return render_to_string(
        "poktan/register_cetak.html",
        {
            "isi": isi,
            "kepala": baris_kepala(isi),
            "tl": tl,
            "kertas": kertas,
            "ukuran": ukuran_halaman(kertas, tl.mendatar),
            "layar": layar,
        },
    )


def pdf_register(isi: dict, *, kertas: str = "a4") -> bytes:
    import weasyprint

    html = html_register(isi, kertas=kertas)
    html = html.replace('href="/static/poktan/register.css"', "")
    css = settings.BASE_DIR / "poktan" / "static" / "poktan" / "register.css"
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(css))]
    )


def nama_berkas(isi: dict, ext: str) -> str:
    k = isi["kelompok"]
    periode = f"{isi['tahun']}" if isi["formulir"] == "k0" else f"{isi['tahun']}-{isi['bulan']:02d}"
    nama = "k0" if isi["formulir"] == "k0" else "ri"
    return f"{nama}-{k.jenis}-{k.pk}-{periode}.{ext}"


# --- Excel --------------------------------------------------------------------------------------


def _teks(ws, baris: int, kolom: int, nilai) -> None:
    """Every user-text cell as a STRING cell: a leading "=" must never become a formula."""
    cell = ws.cell(row=baris, column=kolom)
    if nilai is None:
        return
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        cell.value = nilai
        return
    if hasattr(nilai, "strftime"):
        nilai = nilai.strftime("%d-%m-%Y")
    cell.value = str(nilai)
    cell.data_type = "s"


class _Lembar:
    def __init__(self, ws):
        self.ws, self.baris = ws, 1

    def tulis(self, *nilai, tebal=False):
        for i, v in enumerate(nilai, start=1):
            _teks(self.ws, self.baris, i, v)
            if tebal:
                self.ws.cell(row=self.baris, column=i).font = Font(bold=True)
        self.baris += 1

    def kosong(self):
        self.baris += 1


def _kepala_xlsx(lb: _Lembar, isi: dict) -> None:
    tl = isi["tata_letak"]
    lb.tulis(tl.kode, tebal=True)
    lb.tulis(tl.judul, tebal=True)
    if tl.milik_kita:
        lb.tulis("Susunan formulir ini milik Rumah Dataku (tidak ada daftar resmi).")
    for label, nilai in baris_kepala(isi):
        lb.tulis(label, nilai or "–")
    lb.kosong()


def _tabel(lb: _Lembar, kolom, rows) -> None:
    lb.tulis(*[str(k.judul) for k in kolom], tebal=True)
    for r in rows:
        lb.tulis(*[r.get(k.kunci, "") for k in kolom])


def excel_register(isi: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "K0" if isi["formulir"] == "k0" else "RI"
    lb = _Lembar(ws)
    _kepala_xlsx(lb, isi)
    tl = isi["tata_letak"]
    if isi["formulir"] == "k0":
        p = isi["profil"]
        lb.tulis("Tanggal data", isi["tanggal"])
        lb.tulis(
            "Pembina", p["pembina_nama"] or "–", p["pembina_nomor"] or "–", p["pembina_jabatan"]
        )
        lb.tulis("SK pengukuhan", p["sk_ada"], p["sk_nomor"], p["sk_tanggal"], p["sk_penerbit"])
        lb.tulis("Sumber dana", ", ".join(p["sumber_dana"]) or "–")
        lb.tulis("Integrasi", ", ".join(p["integrasi"]) or "–")
        if p["proyek_prioritas"] is not None:
            lb.tulis("Proyek prioritas nasional", p["proyek_prioritas"])
        lb.kosong()
        lb.tulis("Materi", "Ada", tebal=True)
        for label, ada in p["materi"]:
            lb.tulis(label, "Ya" if ada else "Tidak")
        lb.kosong()
        lb.tulis("Pengurus dan kader", tebal=True)
        _tabel(lb, tl.kolom_pengurus, isi["pengurus"])
        lb.kosong()
        lb.tulis("Anggota", tebal=True)
        _tabel(lb, tl.kolom_anggota, isi["anggota"])
        if isi["kemandirian"]:
            lb.tulis("Mandiri", isi["kemandirian"]["mandiri"])
            lb.tulis("Butuh pendamping", isi["kemandirian"]["butuh_pendamping"])
    else:
        if isi["tanpa_pertemuan"]:
            lb.tulis("Tidak ada pertemuan bulan ini", isi["alasan"])
        for i, b in enumerate(isi["pertemuan"], start=1):
            lb.tulis(f"Pertemuan {i}", tebal=True)
            for k in isi["kolom_pertemuan"]:
                lb.tulis(str(k.judul), b[k.kunci])
            _tabel(lb, tl.kolom_hadir, b["hadir"])
            lb.kosong()
        lb.tulis("Jumlah kehadiran bulan ini", isi["jumlah_hadir"])
        if isi["kemandirian"]:
            lb.tulis("Lansia mandiri", isi["kemandirian"]["mandiri"])
            lb.tulis("Lansia butuh pendamping", isi["kemandirian"]["butuh_pendamping"])
        if isi["keuangan"] is not None:
            lb.tulis("Modal (Rp)", isi["keuangan"].modal)
            lb.tulis("Omzet (Rp)", isi["keuangan"].omzet)
    lb.kosong()
    t = isi["ttd"]
    lb.tulis("Pembina", t["pembina"] or "–", "Ketua", t["ketua"] or "–")
    for i, lebar in enumerate([26, 22, 22, 34, 16, 14, 14], start=1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    for row in ws.iter_rows():
        for c in row:
            c.alignment = Alignment(vertical="top", wrap_text=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
