"""The Kecamatan on /poktan/ in a real browser at 360 px: per-desa totals, no group names or
links, and no horizontal scroll of the page (only tables scroll, inside .gulir)."""

import pytest
from playwright.sync_api import expect

from keluarga.akses import Peran
from poktan import services
from poktan.models import Kelompok
from tests import factories as f
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
TOLERANSI_PX = 1


def test_the_kecamatan_poktan_page_fits_360_px_without_group_names(browser_page, live_server):
    desa = [
        f.DesaFactory(kode="3326012001", nama="Sukamaju Kidul Wetan"),
        f.DesaFactory(kode="3326012002", nama="Karanganyar"),
    ]
    for d, nama in zip(desa, ("Mawar Rahasia", "Melati Rahasia"), strict=True):
        services.simpan_kelompok(kelompok=Kelompok(desa=d, jenis="bkb", nama=nama))
    camat = f.persona(Peran.KECAMATAN, kecamatan_kode="332601", username="camat")
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, live_server, camat.username, SANDI)
    page.goto(f"{live_server.url}/poktan/")
    expect(page.get_by_role("heading", name="Karanganyar", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Sukamaju Kidul Wetan", level=2)).to_be_visible()
    page.wait_for_load_state("load")
    assert "Rahasia" not in page.content()
    assert page.locator("a[href*='/poktan/kelompok/']").count() == 0
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 360 + TOLERANSI_PX, f"Halaman poktan kecamatan melebar ke {lebar}px."
    kanan = page.locator(".gulir").evaluate_all(
        "els => els.map(el => el.getBoundingClientRect().right)"
    )
    assert len(kanan) == 3 and max(kanan) <= 360 + TOLERANSI_PX, kanan
    screenshot(page, "poktan-kecamatan")
