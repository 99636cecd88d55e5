"""Kampung KB in a real browser: from this month's unmet-need name list to a planned activity,
its realisation with the families reached, and the Kepala Desa's plan/realisation summary.

The village is test_laporan.py's: four couples, two wives with unmet need (TIAL in RT 1, IAT in
RT 2). Every step waits on the page it leads to; what the pages showed is checked in the database.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kampungkb.models import Kegiatan
from keluarga.akses import Peran
from laporan.models import DaftarTersimpan
from tests import factories as f
from tests.browser.conftest import login, screenshot
from tests.browser.test_laporan import UNMET_NEED, buat_desa, bulan_ini

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
JUDUL = "Kunjungan rumah PUS unmet need"


# --- helpers --------------------------------------------------------------------------------------


def isian(scope, label: str):
    """The field whose label reads `label` (Django adds a ':' suffix; case as the user reads it)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$", re.IGNORECASE))


def pesan(page):
    return page.get_by_role("status")


def bagian(page, judul):
    """A <section class="kartu"> by one of its h2 (exact text, or a pattern)."""
    return page.locator("section").filter(
        has=page.get_by_role("heading", name=judul, exact=isinstance(judul, str), level=2)
    )


def sasaran(page, nama: str):
    """A target's checkbox on the activity page (its label starts with the person's name)."""
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(nama)}\b"))


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


def test_admin_plans_an_activity_from_the_unmet_need_list_and_kepala_desa_sees_it(
    browser_page, live_server, desa, orang
):
    page = browser_page
    hari_ini = timezone.localdate()
    kini = f"{bulan_ini():%Y-%m}"

    # 1. This month's dashboard, then the unmet-need name list of table 7.
    login(page, live_server, orang["admin"].username, SANDI)
    page.get_by_role("link", name="Dasbor", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/laporan/dasbor/{desa.kode}/{kini}/$"))
    perlu = bagian(page, "Perlu tindakan")
    baris_unmet = perlu.get_by_role("listitem").filter(has_text="PUS unmet need")
    expect(baris_unmet).to_contain_text("PUS unmet need: 2")
    baris_unmet.get_by_role("link", name="lihat daftar").click()
    expect(page).to_have_url(re.compile(rf"/laporan/desa/{desa.kode}/{kini}/daftar/unmet_need/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("PUS dengan unmet need")
    expect(page.get_by_text("2 baris", exact=False)).to_be_visible()
    for nama in UNMET_NEED:
        expect(page.get_by_role("row").filter(has_text=nama)).to_have_count(1)

    # 2. Save the list for planning.
    page.get_by_role("button", name="Simpan daftar ini untuk rencana kegiatan").click()
    expect(page).to_have_url(re.compile(r"/laporan/daftar-tersimpan/\d+/$"))
    expect(pesan(page)).to_have_text("Daftar disimpan (2 baris).")
    daftar = DaftarTersimpan.objects.get(desa=desa)
    assert daftar.jenis == "unmet_need" and daftar.item_set.count() == 2
    for nama in UNMET_NEED:
        expect(page.get_by_role("listitem").filter(has_text=nama)).to_have_count(1)

    # 3. Plan an activity from the saved list ("kegiatan baru" with ?daftar=<pk>).
    page.goto(live_server.url + reverse("kampungkb:kegiatan_daftar", args=[desa.kode]))
    bagian(page, "Rencanakan dari daftar sasaran tersimpan").get_by_role(
        "link", name=daftar.judul, exact=True
    ).click()
    expect(page).to_have_url(
        re.compile(rf"/kampung-kb/desa/{desa.kode}/kegiatan/baru/\?daftar={daftar.pk}$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Rencanakan kegiatan")
    expect(page.get_by_text("Sasaran diambil dari daftar")).to_contain_text(daftar.judul)
    isian(page, "Judul kegiatan").fill(JUDUL)
    isian(page, "Kategori").select_option(label="KB/KKBPK")
    expect(isian(page, "Bulan rencana")).to_have_value(kini)
    expect(isian(page, "Wilayah").locator("option:checked")).to_have_text("Seluruh desa")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kampung-kb/kegiatan/\d+/$"))
    expect(pesan(page)).to_have_text("Kegiatan direncanakan. 2 sasaran dari daftar.")
    expect(page.get_by_role("heading", level=1)).to_have_text(JUDUL)
    expect(page.locator(".judul-baris .lencana")).to_have_text("Direncanakan")
    for nama in UNMET_NEED:  # not tickable before the activity took place
        expect(sasaran(page, nama)).to_be_disabled()

    # 4. Realisation: done today, then both families ticked as reached.
    pelaksanaan = bagian(page, "Pelaksanaan")
    isian(pelaksanaan, "Status").select_option(label="Terlaksana")
    isian(pelaksanaan, "Tanggal pelaksanaan").fill(hari_ini.isoformat())
    isian(pelaksanaan, "Jumlah peserta hadir").fill("9")
    page.get_by_role("button", name="Simpan pelaksanaan", exact=True).click()
    expect(pesan(page)).to_have_text("Pelaksanaan kegiatan tersimpan.")
    expect(page.locator(".judul-baris .lencana")).to_have_text("Terlaksana")
    for nama in UNMET_NEED:
        sasaran(page, nama).check()
    page.get_by_role("button", name="Simpan yang terjangkau", exact=True).click()
    expect(pesan(page)).to_have_text("2 sasaran tercatat terjangkau.")
    expect(bagian(page, "Sasaran (2/2 terjangkau)")).to_be_visible()
    for nama in UNMET_NEED:
        expect(sasaran(page, nama)).to_be_checked()
    screenshot(page, "kegiatan-kampung-kb")

    kegiatan = Kegiatan.objects.get(desa=desa)
    assert (kegiatan.judul, kegiatan.status, kegiatan.tanggal_realisasi) == (
        JUDUL,
        "terlaksana",
        hari_ini,
    )
    assert kegiatan.daftar == daftar and kegiatan.jumlah_hadir == 9
    assert sorted(
        kegiatan.sasaran_set.filter(dicapai=True).values_list("anggota__nama", flat=True)
    ) == sorted(UNMET_NEED)

    # 5. The Kepala Desa's dashboard lists it under this month's plan, as done.
    page.get_by_role("button", name="Keluar", exact=True).click()
    # The logout form first wipes the phone's offline copy (static/luring/keluar.js), then posts.
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    login(page, live_server, orang["kepala_desa"].username, SANDI)  # lands on the dashboard
    expect(page).to_have_url(re.compile(rf"/laporan/dasbor/{desa.kode}/{kini}/$"))
    rencana = bagian(page, re.compile(r"^Rencana kegiatan "))
    expect(rencana.get_by_role("listitem").filter(has_text=JUDUL)).to_have_text(
        re.compile(rf"^{re.escape(JUDUL)} · KB/KKBPK · .+ · .+ \(Terlaksana\)$")
    )
    # Let the lazily loaded charts finish before the test's database goes away.
    page.wait_for_load_state("networkidle")
