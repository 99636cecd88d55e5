"""The report workbook: one sheet per table, numeric cells equal to the JSON."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from keluarga.akses import Peran
from laporan import services
from laporan.excel import buku_laporan
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401
from tests.test_laporan import desa  # noqa: F401


def nilai(ws, label):
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == label:
            return row[1:]
    raise KeyError(label)


def test_the_workbook_holds_every_table_as_numbers_equal_to_the_json(desa):  # noqa: F811
    lap = services.laporan_bulan(desa, 2026, 10)
    wb = buku_laporan(lap)
    assert wb.sheetnames[:8] == [
        "T1 Penduduk",
        "T2 Mutasi",
        "T3 Keluarga",
        "T4 PUS dan KB",
        "T5 Poktan",
        "T6 Posyandu",
        "T7 Daftar sasaran",
        "T8 Kualitas data",
    ]
    assert "Portal Kampung KB" in wb.sheetnames
    assert nilai(wb["T1 Penduduk"], "Jumlah")[:3] == (12, 14, 26)
    assert nilai(wb["T1 Penduduk"], "0-4")[:3] == (3, 1, 4)
    assert nilai(wb["T2 Mutasi"], "= Akhir bulan")[:3] == (12, 14, 26)
    assert (
        nilai(wb["T3 Keluarga"], "Keluarga berisiko stunting (KRS)")[0]
        == lap["keluarga"]["krs"]
        == 5
    )
    t4 = wb["T4 PUS dan KB"]
    assert nilai(t4, "PUS")[0] == 7
    assert nilai(t4, "CPR (%)")[0] == lap["kb"]["cpr"] == 42.9
    assert isinstance(nilai(t4, "Peserta KB aktif (PA)")[0], int)
    assert nilai(wb["T7 Daftar sasaran"], "PUS dengan unmet need")[0] == 1
    portal = wb["Portal Kampung KB"]
    isian = {row[1]: row[2] for row in portal.iter_rows(min_row=5, values_only=True)}
    assert isian["Jumlah PUS"] == 7 and isian["Jumlah pengguna kontrasepsi"] == 3
    assert isian["Non kontrasepsi: Karena hamil"] == 1
    # The same figures as the report's portal_kkbpk block.
    assert isian["Jumlah non kontrasepsi"] == sum(lap["portal_kkbpk"]["non_kontrasepsi"].values())


def test_the_workbook_has_no_names(desa):  # noqa: F811
    wb = buku_laporan(services.laporan_bulan(desa, 2026, 10))
    teks = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    for nama in ("A1", "B3", "Siti"):
        assert f" {nama} " not in f" {teks} "


def test_excel_download_needs_the_report_capability(client, desa):  # noqa: F811
    url = reverse("laporan:excel", args=[desa.kode, "2026-10"])
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    r = client.get(url)
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb["T4 PUS dan KB"]["B5"].value == 7
    client.force_login(f.persona(None, desa=desa))
    assert client.get(url).status_code == 403
