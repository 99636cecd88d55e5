"""The meeting pack on paper (issue 20 point 7): a cover page, titles kept with what they head,
the signature block with its table, the minutes' date on one line, a phone-readable print page."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from keluarga.akses import Peran
from laporan import services
from laporan.tampilan import JUDUL_TABEL
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


RAPAT = {"tanggal": dt.date(2026, 12, 5), "tempat": "Balai desa", "peserta": "Ketua\nSekretaris"}


def _halaman_pdf(isi: bytes, tmp_path) -> list[str]:
    """Each page's text from pdftotext -layout (lines as they stand on paper)."""
    berkas = tmp_path / "paket.pdf"
    berkas.write_bytes(isi)
    teks = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(berkas), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return teks.split("\f")[: len(PdfReader(io.BytesIO(isi)).pages)]


def _baris_terakhir(halaman: str) -> str:
    baris = [b.strip() for b in halaman.splitlines() if b.strip()]
    baris = [b for b in baris if not re.fullmatch(r"Hal\. \d+ / \d+", b)]
    return baris[-1] if baris else ""


def _paket(client, desa, tmp_path):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    for bulan in (9, 10, 11):
        services.tutup_bulan(desa=desa, tahun=2026, bulan=bulan, oleh=admin, rapat=RAPAT)
    client.force_login(admin)
    r = client.get(reverse("laporan:pdf", args=[desa.kode, "2026-11"]))
    assert r.status_code == 200
    return r.content, _halaman_pdf(r.content, tmp_path)


def test_the_meeting_pack_opens_with_a_cover_of_village_month_status_and_contents(
    client, desa, tmp_path
):
    _isi, halaman = _paket(client, desa, tmp_path)
    sampul = halaman[0]
    assert "PAKET RAPAT POKJA" in sampul.upper()
    assert desa.nama in sampul and "November 2026" in sampul and "ditutup" in sampul
    for judul in JUDUL_TABEL.values():
        assert str(judul) in sampul, judul
    assert "Peta keluarga" in sampul and "Notulen rapat pokja" in sampul
    # The contents list the pack's parts in their order in the pack.
    assert sampul.index("Tabel 8.") < sampul.index("Peta keluarga") < sampul.index("Notulen")


def test_no_page_of_the_pack_ends_with_a_title_and_every_map_title_has_its_map(
    client, desa, tmp_path
):
    isi, halaman = _paket(client, desa, tmp_path)
    pdf = PdfReader(io.BytesIO(isi))
    judul = {str(j) for j in JUDUL_TABEL.values()} | {"Isi"}
    for i, teks in enumerate(halaman[1:], start=1):
        baris = [b.strip() for b in teks.splitlines() if b.strip()]
        akhir = _baris_terakhir(teks)
        if akhir.startswith(("Peta keluarga", "Grafik")) or akhir in judul:
            # Only a figure page ends in its title as text: the title heads the page and the
            # picture (text-free to pdftotext) stands under it on the same page.
            assert baris[0] == akhir and len(pdf.pages[i].images) >= 1, (i, akhir)
    peta = [i for i, t in enumerate(halaman) if i and t.lstrip().startswith("Peta keluarga")]
    assert len(peta) == 2 and all(len(pdf.pages[i].images) >= 1 for i in peta)


def test_the_signature_block_stays_on_the_page_of_table_8(client, desa, tmp_path):
    _isi, halaman = _paket(client, desa, tmp_path)
    tabel_8 = [t for t in halaman[1:] if "Tabel 8." in t]
    assert len(tabel_8) == 1 and "Mengetahui," in tabel_8[0]


def test_the_minutes_print_the_meeting_day_and_date_on_one_line(client, desa, tmp_path):
    _isi, halaman = _paket(client, desa, tmp_path)
    semua = "\n".join(halaman)
    assert re.search(r"Hari/tanggal\s*:\s*Sabtu, 5 Desember 2026", semua), semua[-2000:]


def test_a_month_closed_with_a_later_one_prints_closed_without_a_meeting(client, desa):
    from laporan.tutup_beruntun import tutup_beruntun

    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    tutup_beruntun(desa=desa, tahun=2026, bulan=11, oleh=admin, rapat={**RAPAT, "catatan": ""})
    client.force_login(admin)
    isi = client.get(reverse("laporan:cetak", args=[desa.kode, "2026-10"])).content.decode()
    assert isi.count("ditutup tanpa rapat, bersama bulan November 2026") == 2  # cover, header
    nov = client.get(reverse("laporan:cetak", args=[desa.kode, "2026-11"])).content.decode()
    assert "tanpa rapat" not in nov


def test_the_print_page_reflows_on_a_phone_and_keeps_paper_layout_for_print(client, desa):
    from django.conf import settings

    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    isi = client.get(reverse("laporan:cetak", args=[desa.kode, "2026-10"])).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in isi
    assert 'media="screen" href="/static/css/cetak-layar.css"' in isi
    layar = (settings.BASE_DIR / "static" / "css" / "cetak-layar.css").read_text()
    assert ".cetak table { display: block; overflow-x: auto;" in layar
    css = (settings.BASE_DIR / "static" / "css" / "cetak.css").read_text()
    assert "@page { size: A4 portrait;" in css  # the paper layout is untouched for print
