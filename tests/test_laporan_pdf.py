"""The meeting-pack PDF (WeasyPrint): every table title, the JSON's figures, A4 or F4 pages."""

import io
import shutil

import pytest
from django.urls import reverse
from pypdf import PdfReader

from keluarga.akses import Peran
from laporan import services
from laporan.tampilan import JUDUL_TABEL
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401
from tests.test_laporan import desa  # noqa: F401


def _weasyprint():
    try:
        import weasyprint  # noqa: F401
    except OSError as e:  # Pango missing on this machine
        pytest.skip(
            f"WeasyPrint butuh Pango (apt-get install -y libpango-1.0-0 libpangoft2-1.0-0): {e}"
        )


def teks_pdf(isi: bytes) -> tuple[str, list]:
    pdf = PdfReader(io.BytesIO(isi))
    return "\n".join(p.extract_text() for p in pdf.pages), [p.mediabox for p in pdf.pages]


@pytest.mark.parametrize("kertas,ukuran", [("a4", (595, 842)), ("f4", (609, 935))])
def test_meeting_pack_has_every_table_and_the_json_figures(client, desa, kertas, ukuran):  # noqa: F811
    _weasyprint()
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    r = client.get(reverse("laporan:pdf", args=[desa.kode, "2026-10"]), {"kertas": kertas})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    teks, halaman = teks_pdf(r.content)
    for judul in JUDUL_TABEL.values():
        assert str(judul) in teks, judul
    lap = services.laporan_bulan(desa, 2026, 10)
    assert f"PUS\n{lap['kb']['pus']}" in teks or f"PUS {lap['kb']['pus']}" in teks
    assert str(lap["kb"]["peserta_aktif"]["total"]) in teks
    lebar, tinggi = ukuran
    for m in halaman:
        assert abs(float(m.width) - lebar) < 2 and abs(float(m.height) - tinggi) < 2


def test_pdf_never_shows_a_nik_or_a_name(client, desa):  # noqa: F811
    _weasyprint()
    client.force_login(f.persona(Peran.OPERATOR, desa=desa))
    r = client.get(reverse("laporan:pdf", args=[desa.kode, "2026-10"]))
    teks, _ = teks_pdf(r.content)
    from keluarga.models import Anggota

    for a in Anggota.objects.filter(desa=desa).exclude(nik=None):
        assert a.nik not in teks
    assert "A1" not in teks.split() and "Siti" not in teks


def test_pdftotext_is_available_in_ci():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) tidak terpasang: apt-get install -y poppler-utils")
    assert shutil.which("pdftotext")
