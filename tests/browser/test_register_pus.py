"""The PUS register in a real browser at 360 px: a kader of RT 1 chooses her year and RT, reads
the register (only the table scrolls, inside .gulir), then opens the print view, which reflows
on a phone (its paper layout holds in @media print only)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keluarga.akses import Peran
from keluarga.models import LogAkses
from tests import factories as f
from tests.browser.conftest import login, screenshot
from tests.browser.test_laporan import SANDI, buat_desa

pytestmark = pytest.mark.browser
TOLERANSI_PX = 1


def lebar_halaman(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_kader_reads_and_prints_her_rts_pus_register_on_a_phone(browser_page, live_server):
    desa = buat_desa()
    kader = f.persona(Peran.KADER, desa=desa, rt=[desa.rt1], username="kader_rt1")
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, live_server, kader.username, SANDI)
    page.goto(f"{live_server.url}/laporan/desa/{desa.kode}/register-pus/")
    page.get_by_label("RT", exact=True).select_option(label=str(desa.rt1))
    page.get_by_role("button", name="Tampilkan").click()
    tahun = timezone.localdate().year
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Register PUS {tahun} · {desa.nama}")
    expect(page.get_by_role("cell", name="Sri Wahyuni")).to_be_visible()
    expect(page.get_by_role("cell", name="Rina Marlina")).to_be_visible()
    expect(page.get_by_role("cell", name="Dewi Anggraini")).to_have_count(0)  # RT 2
    page.wait_for_load_state("load")
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX
    kanan = page.locator(".gulir").evaluate_all(
        "els => els.map(el => el.getBoundingClientRect().right)"
    )
    assert kanan and max(kanan) <= 360 + TOLERANSI_PX, kanan
    screenshot(page, "register-pus")

    page.get_by_role("link", name="Cetak A4").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("REGISTER PASANGAN USIA SUBUR")
    page.wait_for_load_state("load")
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX, "the print view must reflow on a phone"
    expect(page.get_by_text("Sri Wahyuni")).to_be_visible()
    screenshot(page, "register-pus-cetak")
    jenis = list(LogAkses.objects.filter(user=kader).order_by("id").values_list("jenis", "objek"))
    assert [j for j, _o in jenis] == ["daftar_nama", "daftar_nama"]
    assert jenis[1][1].endswith("(cetak)")
