"""The monthly report in a real browser: the Kepala Desa's dashboard, the eight tables, the
month close by the Admin desa, and the PDF and Excel downloads checked against the JSON.

The village is built here with factories, with dates relative to today: its first month of
data is last month, so last month can be closed and this month is still open.
"""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import StatusKB
from keluarga.templatetags.tampilan import bulan as nama_bulan
from tests import factories as f
from tests.browser.conftest import SCREENSHOTS, login, screenshot

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
A4_PT = (595, 842)
TOLERANSI_PT = 2
BATAS_UNDUH_MS = 90_000  # the meeting-pack PDF renders charts and a map

# Four couples (head, wife, wife's birth date, the wife's KB status, its start, RT index):
# PUS 4, active KB 2 (pil, IUD), unmet need 2 (TIAL in RT 1, IAT in RT 2).
PASANGAN = [
    ("Agus Salim", "Sri Wahyuni", "1990-04-04", {"metode": "pil"}, "2024-01-01", 0),
    ("Bambang Wijaya", "Rina Marlina", "1994-02-02", {"alasan": "tial"}, "2025-01-01", 0),
    ("Cahyo Nugroho", "Dewi Anggraini", "1996-06-06", {"alasan": "iat"}, "2025-06-01", 1),
    ("Dedi Kurniawan", "Yuliana", "1987-08-08", {"metode": "iud"}, "2023-03-01", 1),
]
UNMET_NEED = ["Rina Marlina", "Dewi Anggraini"]
JUMLAH_PUS = 4


# --- the village (also used by test_kampungkb.py) -------------------------------------------------


def bulan_ini() -> dt.date:
    return timezone.localdate().replace(day=1)


def bulan_lalu() -> dt.date:
    return (bulan_ini() - dt.timedelta(days=1)).replace(day=1)


def buat_desa():
    """A desa with two RTs and four couples; its first month of data is last month."""
    desa = f.DesaFactory(bulan_awal_data=bulan_lalu())
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")
    for kepala, istri, lahir, status, mulai, i_rt in PASANGAN:
        kel = f.KeluargaFactory(rumah__rt=(rt1, rt2)[i_rt], desa=desa)
        f.AnggotaFactory(
            keluarga=kel,
            nama=kepala,
            jenis_kelamin=kode.JenisKelamin.LAKI_LAKI,
            tanggal_lahir=dt.date(1985, 1, 1),
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
        )
        wanita = f.AnggotaFactory(
            keluarga=kel,
            nama=istri,
            jenis_kelamin=kode.JenisKelamin.PEREMPUAN,
            tanggal_lahir=dt.date.fromisoformat(lahir),
            hubungan=kode.HubunganKK.ISTRI,
            status_kawin=kode.StatusKawin.KAWIN,
        )
        StatusKB.objects.create(anggota=wanita, mulai=dt.date.fromisoformat(mulai), **status)
    desa.rt1, desa.rt2 = rt1, rt2
    return desa


# --- helpers --------------------------------------------------------------------------------------


def isian(scope, label: str):
    """The field whose label reads `label` (Django adds a ':' suffix; case as the user reads it)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$", re.IGNORECASE))


def pesan(page):
    return page.get_by_role("status")


def keluar(page, live_server) -> None:
    page.get_by_role("button", name="Keluar", exact=True).click()
    # The logout form first wipes the phone's offline copy (static/luring/keluar.js), then posts.
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.goto(f"{live_server.url}/akun/masuk/")
    expect(page.locator("header .pengguna")).to_have_count(0)


def unduh(page, url: str, tujuan):
    """Download `url` as a user's click on a link would (the report page offers no link yet)."""
    with page.expect_download(timeout=BATAS_UNDUH_MS) as info:
        page.evaluate(
            """url => {
                const a = document.createElement("a");
                a.href = url;
                a.download = "";
                document.body.appendChild(a);
                a.click();
                a.remove();
            }""",
            url,
        )
    download = info.value
    assert download.failure() is None, download.failure()
    path = tujuan / download.suggested_filename
    download.save_as(path)
    return download, path


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def desa(db):
    return buat_desa()


@pytest.fixture
def orang(desa):
    return {
        "admin": f.persona(Peran.ADMIN_DESA, desa=desa, username="admin_desa"),
        "kepala_desa": f.persona(Peran.KEPALA_DESA, desa=desa, username="kepala_desa"),
    }


# --- the test -------------------------------------------------------------------------------------


def test_kepala_desa_reads_the_dashboard_and_admin_closes_last_month_and_downloads(
    browser_page, live_server, desa, orang, tmp_path
):
    page = browser_page
    kini, lalu = f"{bulan_ini():%Y-%m}", f"{bulan_lalu():%Y-%m}"

    # 1. The Kepala Desa lands on the dashboard (issue 20): no month closed yet, so this month's,
    # as angka sementara.
    login(page, live_server, orang["kepala_desa"].username, SANDI)
    expect(page).to_have_url(re.compile(rf"/laporan/dasbor/{desa.kode}/{kini}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Dasbor {desa.nama} · {nama_bulan(kini)}"
    )
    expect(page.get_by_role("note")).to_contain_text("Belum ada bulan yang ditutup.")
    for judul, nilai in [("PUS", "4"), ("CPR", r"50[.,]0 %"), ("Unmet need", r"50[.,]0 %")]:
        kartu = page.locator(".kartu.indikator").filter(has=page.get_by_text(judul, exact=True))
        expect(kartu).to_have_count(1)
        expect(kartu.locator(".nilai")).to_have_text(re.compile(rf"^\s*{nilai}\s*$"))
    expect(page.get_by_text(re.compile(r"^PUS unmet need: 2\b"))).to_be_visible()
    # The charts: the population pyramid is an image the browser really decoded.
    piramida = page.get_by_role("img", name="piramida")
    piramida.scroll_into_view_if_needed()
    expect(piramida).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=piramida.element_handle()
    )
    svg = page.request.get(live_server.url + piramida.get_attribute("src"))
    assert svg.ok and "svg" in svg.headers["content-type"]
    screenshot(page, "dasbor-kepala-desa")
    page.wait_for_load_state("networkidle")  # every lazily loaded chart, before leaving

    # 2. The full monthly report: the eight tables, read-only for the Kepala Desa.
    page.get_by_role("link", name="Laporan bulanan lengkap").click()
    expect(page).to_have_url(re.compile(rf"/laporan/desa/{desa.kode}/{kini}/$"))
    for n in range(1, 9):
        expect(
            page.get_by_role("heading", level=2, name=re.compile(rf"^Tabel {n}\. "))
        ).to_be_visible()
    expect(page.get_by_role("button", name="Tutup bulan")).to_have_count(0)
    keluar(page, live_server)

    # 3. The Admin desa closes last month after the pokja meeting.
    login(page, live_server, orang["admin"].username, SANDI)
    page.goto(live_server.url + reverse("laporan:bulanan", args=[desa.kode, lalu]))
    expect(page.locator(".judul-baris .lencana")).to_have_text("Terbuka (angka berjalan)")
    tanggal_rapat = bulan_ini() + dt.timedelta(days=min(2, timezone.localdate().day - 1))
    isian(page, "tanggal rapat").fill(tanggal_rapat.isoformat())
    isian(page, "tempat").fill("Balai desa")
    isian(page, "peserta (satu nama per baris)").fill("Ketua Pokja\nSekretaris\nBidan desa")
    isian(page, "catatan").fill("Unmet need dibahas; kunjungan rumah bulan ini.")
    page.get_by_role("button", name="Tutup bulan", exact=True).click()
    expect(pesan(page)).to_have_text(f"Bulan {lalu} ditutup; angkanya kini dibekukan.")
    expect(page.locator(".judul-baris .lencana")).to_have_text("Ditutup")
    expect(page.get_by_role("button", name="Buka kembali")).to_be_visible()

    # 4. The figures of the closed month as JSON, through the browser's own session.
    r = page.request.get(live_server.url + reverse("laporan:bulanan_json", args=[desa.kode, lalu]))
    assert r.ok, r.status
    laporan = r.json()
    assert laporan["status"] == "ditutup" and laporan["bulan"] == lalu
    pus = laporan["kb"]["pus"]
    assert pus == JUMLAH_PUS

    # 5. The meeting-pack PDF: A4 pages, table 4 in its text.
    download, pdf = unduh(page, reverse("laporan:pdf", args=[desa.kode, lalu]), tmp_path)
    assert download.suggested_filename == f"paket-rapat-{desa.kode}-{lalu}.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    teks = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Tabel 4" in teks
    for p in reader.pages:
        lebar, tinggi = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(lebar - A4_PT[0]) <= TOLERANSI_PT and abs(tinggi - A4_PT[1]) <= TOLERANSI_PT, (
            lebar,
            tinggi,
        )

    # 6. The Excel workbook: sheet "T4 PUS dan KB" holds the same PUS as the JSON.
    download, xlsx = unduh(page, reverse("laporan:excel", args=[desa.kode, lalu]), tmp_path)
    assert download.suggested_filename == f"laporan-{desa.kode}-{lalu}.xlsx"
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()), read_only=True)
    assert "T4 PUS dan KB" in wb.sheetnames
    baris_pus = [
        row for row in wb["T4 PUS dan KB"].iter_rows(values_only=True) if row and row[0] == "PUS"
    ]
    assert len(baris_pus) == 1 and baris_pus[0][1] == pus, baris_pus

    # 7. The family maps of the closed month as the browser shows them (PNG, A4), kept beside
    # the screenshots: the village (wall version) and RT 001 with the KB layer the Admin desa
    # may see (its footer says RAHASIA).
    argumen = {"kode": desa.kode, "bulan": lalu, "fmt": "png"}
    url_rt = reverse("grafik:peta_rt", kwargs={**argumen, "rt_id": desa.rt1.pk})
    for nama, url in (
        (f"peta-desa-{lalu}", reverse("grafik:peta_desa", kwargs=argumen)),
        (f"peta-rt001-kb-{lalu}", f"{url_rt}?lapisan=kb"),
    ):
        tanggapan = page.goto(live_server.url + url)
        assert tanggapan.ok and tanggapan.headers["content-type"] == "image/png", url
        gambar = tanggapan.body()
        assert gambar[:8] == b"\x89PNG\r\n\x1a\n" and len(gambar) > 10_000, (url, len(gambar))
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / f"{nama}.png").write_bytes(gambar)
