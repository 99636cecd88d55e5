"""Downloadable .xlsx templates: Indonesian headers, a sheet of code lists, drop-downs on codes."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from impor import kolom as K
from keluarga import kode, xlsx

# Rows prepared with drop-downs and formats (a village rarely has more members).
BARIS_SIAP = 5000
WARNA_JUDUL = PatternFill("solid", fgColor="0B6E4F")
WARNA_WAJIB = PatternFill("solid", fgColor="8A4B08")
FORMAT_TANGGAL = "DD-MM-YYYY"


def _label(pilihan) -> list[str]:
    return [str(p.label) for p in pilihan]


def buat_templat(jenis: str) -> bytes:
    """The template workbook `jenis` (a key of kolom.TEMPLAT) as .xlsx bytes."""
    judul, _nama, lembar = K.TEMPLAT[jenis]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    daftar_kode = wb.create_sheet(K.LEMBAR_KODE)
    rentang: dict[type, str] = {}
    kolom_kode = 0
    for nama in lembar:
        for k in K.kolom_templat(nama):
            if k.jenis == "kode" and k.pilihan is not None and k.pilihan not in rentang:
                kolom_kode += 1
                huruf = get_column_letter(kolom_kode)
                label = _label(k.pilihan)
                xlsx.isi(
                    daftar_kode,
                    1,
                    kolom_kode,
                    str(k.judul) if k.pilihan is not kode.JawabanKS else "KS",
                ).font = Font(bold=True)
                for i, teks in enumerate(label, start=2):
                    xlsx.isi(daftar_kode, i, kolom_kode, teks)
                daftar_kode.column_dimensions[huruf].width = max(14, *(len(x) + 2 for x in label))
                rentang[k.pilihan] = f"{K.LEMBAR_KODE}!${huruf}$2:${huruf}${len(label) + 1}"
    for posisi, nama in enumerate(lembar):
        ws = wb.create_sheet(nama, posisi)
        _lembar_data(ws, K.kolom_templat(nama), rentang)
    _petunjuk(wb.create_sheet(K.LEMBAR_PETUNJUK), str(judul), lembar)
    info = wb.create_sheet(K.LEMBAR_INFO)
    for baris in (
        ("Format", "Rumah Dataku"),
        ("Jenis", f"Templat {judul}"),
        ("Versi", "1"),
    ):
        info.append(xlsx.baris(info, baris))
    wb.active = 0
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _lembar_data(ws, kolom: list[K.Kolom], rentang: dict[type, str]) -> None:
    ws.freeze_panes = "A2"
    akhir = BARIS_SIAP + 1
    for i, k in enumerate(kolom, start=1):
        huruf = get_column_letter(i)
        sel = xlsx.isi(ws, 1, i, str(k.judul))
        sel.font = Font(bold=True, color="FFFFFF")
        sel.fill = WARNA_WAJIB if k.wajib else WARNA_JUDUL
        sel.alignment = Alignment(wrap_text=True, vertical="top")
        catatan = [("Wajib ada. " if k.wajib else "") + (k.keterangan or "")]
        if k.jenis == "tanggal":
            catatan.append("Tanggal HH-BB-TTTT, misalnya 17-08-1990.")
        if k.jenis in ("nik", "no_kk"):
            catatan.append("16 angka, diketik sebagai teks (kolom ini sudah berformat Teks).")
        teks = " ".join(c for c in catatan if c).strip()
        if teks:
            sel.comment = Comment(teks, "Rumah Dataku")
        dim = ws.column_dimensions[huruf]
        dim.width = max(k.lebar, len(k.judul) + 2)
        if k.jenis in ("nik", "no_kk") or k.kunci in ("rw", "rt", "nomor_rumah"):
            dim.number_format = "@"
        elif k.jenis == "tanggal":
            dim.number_format = FORMAT_TANGGAL
        daftar = None
        if k.jenis == "kode" and k.pilihan in rentang:
            daftar = f"={rentang[k.pilihan]}"
        elif k.jenis == "ya_tidak":
            daftar = '"Ya,Tidak"'
        if daftar:
            dv = DataValidation(
                type="list",
                formula1=daftar,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Kode tidak dikenal",
                error=f"Pilih {k.judul} dari daftar (lembar {K.LEMBAR_KODE}).",
            )
            dv.add(f"{huruf}2:{huruf}{akhir}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 30


def _petunjuk(ws, judul: str, lembar: list[str]) -> None:
    ws.column_dimensions["A"].width = 110
    baris = [
        f"Templat Rumah Dataku: {judul}",
        "",
        "Cara mengisi:",
        "• Satu baris per keluarga (lembar Keluarga) atau per orang (lembar lain). Baris 1 berisi "
        "judul kolom: jangan diubah namanya. Kolom berjudul cokelat wajib ada.",
        "• NIK dan No KK 16 angka, ditulis sebagai teks (kolomnya sudah berformat Teks). Angka "
        "yang tersimpan sebagai bilangan ditolak karena Excel membulatkan angka panjang.",
        "• Tanggal ditulis HH-BB-TTTT (17-08-1990) atau sebagai tanggal Excel.",
        "• Kolom berkode dipilih dari daftar; daftarnya ada di lembar Kode.",
        "• Sel kosong berarti 'tidak ada keterangan': data yang sudah tercatat tidak dihapus.",
        "• Orang tanpa NIK dikenali dari No KK, nama dan tanggal lahir.",
        "• Impor memeriksa semua baris dulu (pratinjau). Bila ada satu kesalahan, tidak ada yang "
        "disimpan; peringatan tidak menghalangi.",
    ]
    if K.LEMBAR_KB in lembar:
        baris += [
            "",
            "Status KB: isi Metode KB atau Alasan tidak ber-KB (salah satu). Status dari impor "
            "dimulai pada tanggal impor dan tidak dihitung sebagai peserta KB baru. Metode yang "
            "sama dengan status sekarang tidak membuat status baru; metode lain mengakhiri status "
            "lama. Laki-laki hanya MOP atau Kondom.",
        ]
    if K.LEMBAR_HAMIL in lembar:
        baris += [
            "",
            "Kehamilan: mulai hamil = HPHT, atau HPL − 280 hari, atau tanggal impor bila keduanya "
            "kosong. Isi Tanggal berakhir dan Hasil bila kehamilan sudah selesai.",
        ]
    if K.LEMBAR_KELUARGA in lembar:
        baris += ["", "Pembangunan Keluarga (kolom PK, Ya/Tidak):"]
        baris += [f"  PK {n}: {teks}" for n, teks in kode.ITEM_PEMBANGUNAN_KELUARGA.items()]
        baris += [
            "",
            "Tahapan KS (kolom KS 1 sampai KS 21: Ya, Tidak, Tidak berlaku): KS 1-6 tahap KS I, "
            "KS 7-14 tahap KS II, KS 15-19 tahap KS III, KS 20-21 tahap KS III Plus.",
            "",
            "Rumah: keluarga dengan Nomor rumah yang sama di RT yang sama tinggal di satu rumah; "
            "tanpa nomor rumah, setiap keluarga mendapat rumahnya sendiri.",
        ]
    for teks in baris:
        ws.append([xlsx.sel(ws, teks)])
    ws["A1"].font = Font(bold=True, size=13)
