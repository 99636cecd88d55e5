"""Closing the open months in one step in a real browser at 360 px (issue 20 point 5), and the
printed report of a month closed that way reflowing on the phone (point 7)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from keluarga.akses import Peran
from laporan.models import PeriodeBulan, RapatBulanan
from tests import factories as f
from tests.browser.conftest import login, screenshot
from tests.browser.test_laporan import SANDI, buat_desa, bulan_lalu

pytestmark = pytest.mark.browser


def _lebar(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_admin_closes_two_open_months_in_one_step_on_a_phone(browser_page, live_server):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    desa = buat_desa()
    pertama = (bulan_lalu() - dt.timedelta(days=1)).replace(day=1)
    desa.bulan_awal_data = pertama
    desa.save()
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    login(page, live_server, admin.username, SANDI)
    kode_lalu = f"{bulan_lalu():%Y-%m}"

    page.goto(live_server.url + reverse("laporan:bulanan", args=[desa.kode, kode_lalu]))
    expect(page.get_by_text("1 bulan sebelumnya masih terbuka")).to_be_visible()
    page.get_by_role("link", name="Tutup semuanya sampai bulan ini dalam satu langkah").click()
    expect(page.get_by_role("heading", name="2 bulan masih terbuka")).to_be_visible()
    assert _lebar(page) <= 360
    screenshot(page, "tutup-beruntun")
    page.get_by_label("Tanggal rapat").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_label("Tempat").fill("Balai desa")
    page.get_by_label("Peserta").fill("Ketua\nSekretaris")
    page.get_by_role("button", name="Tutup 2 bulan").click()

    # The progress page sends itself on (static/js/lanjut.js) until the chosen month is closed.
    expect(page.get_by_text("2 bulan ditutup sampai")).to_be_visible()
    assert page.url.endswith(reverse("laporan:bulanan", args=[desa.kode, kode_lalu]))
    assert list(
        PeriodeBulan.objects.filter(desa=desa).order_by("bulan").values_list("status", flat=True)
    ) == ["ditutup", "ditutup"]
    assert list(RapatBulanan.objects.values_list("periode__bulan", flat=True)) == [bulan_lalu()]

    page.goto(live_server.url + reverse("laporan:cetak", args=[desa.kode, f"{pertama:%Y-%m}"]))
    expect(page.locator(".sampul")).to_contain_text("ditutup tanpa rapat, bersama bulan")
    assert _lebar(page) <= 360  # the print page reflows on the phone
