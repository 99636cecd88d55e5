"""Issue 20 at 360 px, page by page where the crawl cannot go: the import preview (an upload),
whose problems become one card per row so the error's reason is on screen."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from impor.models import Impor
from keluarga.akses import Peran
from tests import factories as f
from tests.browser.conftest import login, screenshot
from tests.test_impor_opensid import keluarga_budi, orang
from tests.test_impor_web import berkas, unggah

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
TOLERANSI_PX = 1


def test_the_import_preview_shows_each_errors_reason_on_a_360_px_screen(
    browser_page, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    desa = f.DesaFactory(kode="3326012001", nama="Pakumbulan")
    admin = f.persona(Peran.ADMIN_DESA, desa=desa, username="admin-impor")
    rows = keluarga_budi(b2={"sex": "9"})
    rows.append(orang(nama="Angka", nik=3326014508900099, no_kk="3326010101200002", kk_level="1"))
    unggah(Client(), admin, berkas(tmp_path, rows))
    impor = Impor.objects.get()
    assert impor.galat == 2
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, live_server, admin.username, SANDI)
    page.goto(f"{live_server.url}/impor/{impor.pk}/")
    page.wait_for_load_state("load")
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 360 + TOLERANSI_PX, f"Pratinjau impor melebar ke {lebar}px."
    alasan = page.locator("table.kartu-hp td[data-label='Keterangan']")
    expect(alasan).to_have_count(2)
    for i in range(2):
        alasan.nth(i).scroll_into_view_if_needed()
        expect(alasan.nth(i)).to_be_in_viewport(ratio=1)
        kotak = alasan.nth(i).bounding_box()
        assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 360 + TOLERANSI_PX, kotak
    screenshot(page, "pratinjau-impor")
