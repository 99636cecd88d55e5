"""Crawl the demo as each role at 360 px (issue 20, Checks "crawl").

For every demo account (seed_demo + demo_admin, small): same-origin links, breadth first, up to
80 pages per role, downloads skipped. On every page: no horizontal page scroll, no console
error, no 5xx, no link answering 403 to the role that was shown it, no request leaving the
machine. Runs once per CI run (marker `sekali`, deselected on the PostgreSQL run).
"""

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.db.models import Count

from keluarga.models import Keluarga
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.sekali]

SANDI_DEMO = "demo-rumahdataku"  # keluarga/management/commands/demo_admin.py
LEBAR = 360
TOLERANSI_PX = 1
BATAS_HALAMAN = 80
# Links that download a file (PDF, workbook, text, JSON) or leave the village UI: not crawled.
UNDUHAN = re.compile(r"(\.pdf|\.xlsx|\.txt|\.csv|\.png|\.svg|/json/|/excel/|/pdf/)$|/foto/\d+/$")
DILEWATI = ("/admin/", "/akun/keluar/", "/static/", "/media/")


@dataclass
class Hasil:
    """What one role's crawl saw."""

    halaman: int = 0
    unduhan: int = 0
    lebar: list = field(default_factory=list)
    konsol: list = field(default_factory=list)
    galat_5xx: list = field(default_factory=list)
    terlarang: list = field(default_factory=list)
    keluar_mesin: list = field(default_factory=list)

    def masalah(self) -> list:
        return self.lebar + self.konsol + self.galat_5xx + self.terlarang + self.keluar_mesin


def _tautan(page, asal: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    keluar = []
    for href in hrefs:
        url, _frag = urldefrag(href)
        if not url.startswith(asal):
            continue
        path = urlsplit(url).path
        if any(path.startswith(p) for p in DILEWATI):
            continue
        keluar.append(url)
    return keluar


def jelajah(page, asal: str, hasil: Hasil) -> None:
    """Breadth-first from the home page; a page's links are judged by the role that saw them."""
    antrean = deque([(f"{asal}/", "(beranda)")])
    dilihat = {f"{asal}/"}
    sekarang = {"url": ""}

    def konsol(msg):
        if msg.type == "error":
            hasil.konsol.append(f"konsol {sekarang['url']}: {msg.text}")

    def galat_halaman(err):
        hasil.konsol.append(f"skrip {sekarang['url']}: {err}")

    page.on("console", konsol)
    page.on("pageerror", galat_halaman)
    try:
        while antrean and hasil.halaman < BATAS_HALAMAN:
            url, dari = antrean.popleft()
            if UNDUHAN.search(urlsplit(url).path):
                hasil.unduhan += 1
                continue
            sekarang["url"] = url
            try:
                resp = page.goto(url, wait_until="load")
            except Exception as exc:  # a link that answers with a file download
                if "Download is starting" in str(exc):
                    hasil.unduhan += 1
                    continue
                raise
            hasil.halaman += 1
            status = resp.status if resp else 0
            if status >= 500:
                hasil.galat_5xx.append(f"{status} {url} (dari {dari})")
                continue
            if status == 403:
                hasil.terlarang.append(f"403 {url} (tautan di {dari})")
                continue
            if status != 200:
                continue
            lebar = page.evaluate("document.documentElement.scrollWidth")
            if lebar > LEBAR + TOLERANSI_PX:
                hasil.lebar.append(f"{lebar}px {url}")
            for tautan in _tautan(page, asal):
                if tautan not in dilihat:
                    dilihat.add(tautan)
                    antrean.append((tautan, url))
    finally:
        page.remove_listener("console", konsol)
        page.remove_listener("pageerror", galat_halaman)


AKUN_DEMO = ("admin", "operator", "kader", "penyuluh", "kades", "camat", "kabupaten")


def test_every_demo_role_crawls_at_360_px_without_overflow_errors_or_forbidden_links(
    browser_page, live_server
):
    call_command("seed_demo", "--families", "40", "--seed", "1", verbosity=0)
    call_command("demo_admin", verbosity=0)
    page = browser_page
    page.set_viewport_size({"width": LEBAR, "height": 780})
    asal = live_server.url
    host = urlsplit(asal).netloc
    semua: dict[str, Hasil] = {}
    keluar_mesin: list = []

    def jaga(route):
        url = route.request.url
        if urlsplit(url).netloc != host and not url.startswith(("data:", "blob:")):
            keluar_mesin.append(url)
            route.abort()
        else:
            route.continue_()

    page.context.route("**/*", jaga)
    for akun in AKUN_DEMO:
        page.context.clear_cookies()
        login(page, live_server, akun, SANDI_DEMO)
        if akun == "kades":  # the Kepala Desa's first screen: a dashboard
            assert "/laporan/dasbor/" in page.url
            screenshot(page, "kepala-desa-layar-pertama")
        if akun == "admin":  # the family page as member cards
            keluarga = (
                Keluarga.objects.annotate(n=Count("anggota_set")).filter(n__gte=3).order_by("pk")[0]
            )
            page.goto(f"{asal}/keluarga/{keluarga.pk}/")
            page.locator("li.anggota-kartu summary").first.click()
            screenshot(page, "keluarga-kartu-anggota")
        hasil = semua[akun] = Hasil()
        jelajah(page, asal, hasil)
        hasil.keluar_mesin = list(keluar_mesin)
        keluar_mesin.clear()
    ringkasan = "\n".join(
        f"{akun:<9} halaman {h.halaman:>3} · unduhan dilewati {h.unduhan:>2} · "
        f"melebar {len(h.lebar)} · konsol {len(h.konsol)} · 5xx {len(h.galat_5xx)} · "
        f"403 {len(h.terlarang)} · keluar mesin {len(h.keluar_mesin)}"
        for akun, h in semua.items()
    )
    print("\nJelajah 360 px per peran:\n" + ringkasan)
    masalah = {akun: h.masalah() for akun, h in semua.items() if h.masalah()}
    assert not masalah, (
        ringkasan + "\n" + "\n".join(f"{akun}: " + "\n  ".join(m) for akun, m in masalah.items())
    )
    assert all(h.halaman >= 5 for h in semua.values()), ringkasan
