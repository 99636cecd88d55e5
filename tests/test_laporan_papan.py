"""The A3 papan data poster: one A3 page of aggregates equal to the report, no names, no KB map."""

import pytest
from django.urls import reverse

from keluarga.akses import Peran
from keluarga.models import Anggota
from laporan import papan, services
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401
from tests.test_laporan import desa  # noqa: F401
from tests.test_laporan_pdf import _weasyprint, teks_pdf

A3 = (842, 1191)  # 297 × 420 mm in points


def test_poster_figures_are_the_reports(desa):  # noqa: F811
    lap = services.laporan_bulan(desa, 2026, 10)
    angka = {str(a["label"]): a["nilai"] for a in papan.angka_utama(lap)}
    # Hand counts of the village (tests/test_definisi.py): 26 people, 9 families, 7 PUS, ...
    assert angka["Penduduk"] == 26 and angka["Keluarga (KK)"] == 9
    assert angka["Pasangan usia subur (PUS)"] == 7 and angka["Peserta KB aktif"] == 3
    assert angka["CPR"] == 42.9 and angka["Unmet need"] == 14.3
    assert angka["Balita"] == 4 and angka["Ibu hamil"] == 2
    assert angka["Keluarga berisiko stunting"] == 5


@pytest.mark.parametrize("peran", [Peran.ADMIN_DESA, Peran.KEPALA_DESA])
def test_poster_pdf_is_a3_plus_a_map_sheet_without_names_or_kb(client, desa, peran):  # noqa: F811
    _weasyprint()
    client.force_login(f.persona(peran, desa=desa))
    r = client.get(reverse("laporan:papan", args=[desa.kode, "2026-10"]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "papan-data-" in r["Content-Disposition"]
    teks, halaman = teks_pdf(r.content)
    assert len(halaman) == 2  # the poster, then the family map legible on its own sheet
    for h in halaman:
        assert abs(float(h.width) - A3[0]) < 2 and abs(float(h.height) - A3[1]) < 2
    assert "Papan Data" in teks and "42,9%" in teks.replace(".", ",")
    assert "RAHASIA" not in teks  # the KB layer's footer: never on a wall
    kata = set(teks.split())
    for a in Anggota.objects.filter(desa=desa):
        assert a.nama not in kata
        assert not a.nik or a.nik not in teks


def test_poster_is_refused_outside_scope(client, desa):  # noqa: F811
    lain = f.DesaFactory()
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=lain))
    assert client.get(reverse("laporan:papan", args=[desa.kode, "2026-10"])).status_code == 404
