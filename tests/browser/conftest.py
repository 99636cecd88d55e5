"""Browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (or $CHROMIUM_PATH).
Without it the tests are skipped with an install hint; in CI (RUMAHDATAKU_NO_SKIP=1) that skip
is a failure (see tests/conftest.py).
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots"
CHROMIUM_BAWAAN = "/usr/bin/chromium"
ARGUMEN_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Viewport widths every screenshot is taken at: a small phone and a desktop.
UKURAN_LAYAR = {360: 780, 1280: 900}
# Generous: CI shares two cores with other runs, and an open month's charts are computed live.
BATAS_WAKTU_MS = 45_000


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or CHROMIUM_BAWAAN


@pytest.fixture
def browser_page(request, live_server, transactional_db, django_db_serialized_rollback):
    """A Chromium page (headless, Debian's binary) for a test against the live server.

    live_server needs a transactional database; its flush after each test empties every table,
    including the role groups of migration keluarga/0002_peran, which serialized rollback
    restores before the next test. Playwright is started here, after the database fixtures:
    while its sync API is open this thread has a "running" asyncio loop, so Django keeps a
    separate connection per context (asgiref) and refuses ORM calls as async-unsafe. Hence the
    environment flag for the test's own queries, and closing those connections before the
    loop stops.
    """
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.skip(
            f"Chromium tidak ditemukan di {path}; pasang dengan: apt-get install -y chromium"
        )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        try:
            browser = pw.chromium.launch(executable_path=path, headless=True, args=ARGUMEN_CHROMIUM)
            context = browser.new_context(
                viewport={"width": 1280, "height": 900},
                locale="id-ID",
                timezone_id="Asia/Jakarta",
            )
            context.set_default_timeout(BATAS_WAKTU_MS)
            context.set_default_navigation_timeout(BATAS_WAKTU_MS)
            expect.set_options(timeout=BATAS_WAKTU_MS)
            page = context.new_page()
            yield page
            laporan = getattr(request.node, "_laporan_browser", {})
            if laporan.get("call") is not None and laporan["call"].failed:
                SCREENSHOTS.mkdir(exist_ok=True)
                page.screenshot(path=SCREENSHOTS / f"GAGAL-{request.node.name}.png", full_page=True)
            context.close()
            browser.close()
        finally:
            connections.close_all()  # this loop context's own connections
            pw.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so a failed test leaves a screenshot behind."""
    outcome = yield
    rep = outcome.get_result()
    if not hasattr(item, "_laporan_browser"):
        item._laporan_browser = {}
    item._laporan_browser[rep.when] = rep


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form and wait for the home page."""
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/akun/masuk/"))
    expect(page.locator("header .pengguna")).to_contain_text(username)


def screenshot(page, name: str) -> list[Path]:
    """Full-page PNGs of the current page at 360 px and 1280 px wide, in <repo>/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    semula = page.viewport_size
    paths = []
    for lebar, tinggi in UKURAN_LAYAR.items():
        page.set_viewport_size({"width": lebar, "height": tinggi})
        path = SCREENSHOTS / f"{name}-{lebar}.png"
        page.screenshot(path=path, full_page=True)
        paths.append(path)
    if semula:
        page.set_viewport_size(semula)
    return paths
