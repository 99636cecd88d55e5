"""The Kampung KB portal form in a real browser: an Admin desa opens the month's form, which the
portal would refuse because two women on MAL/traditional KB have no recorded intention, follows
the problem's link to them, records each one's intention with her KB status, and sees the form
become ready to send. The page fits a 360 px screen."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import StatusKB
from tests import factories as f
from tests.browser.conftest import login, screenshot
from tests.browser.test_entri_data import (
    aksi_anggota,
    baris_tabel,
    isian,
    lebar_halaman,
    pesan,
    simpan,
)

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
# (wife, her KB status): two MAL/traditional users without an intention, two fine.
PASANGAN = [
    ("Sri Wahyuni", {"metode": "mal"}),
    ("Rina Marlina", {"metode": "tradisional"}),
    ("Dewi Anggraini", {"metode": "mal", "niat": "ias"}),
    ("Yuliana", {"metode": "iud"}),
]
TANPA_NIAT = ["Rina Marlina", "Sri Wahyuni"]  # the name list's order (by name)


@pytest.fixture
def desa(transactional_db):
    bulan_lalu = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    desa = f.DesaFactory(bulan_awal_data=bulan_lalu)
    rt = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    for i, (istri, status) in enumerate(PASANGAN):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=desa)
        f.AnggotaFactory(
            keluarga=kel,
            nama=f"Suami {i + 1}",
            jenis_kelamin=kode.JenisKelamin.LAKI_LAKI,
            tanggal_lahir=dt.date(1985, 1, 1),
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
        )
        wanita = f.AnggotaFactory(
            keluarga=kel,
            nama=istri,
            tanggal_lahir=dt.date(1990 + i, 1, 1),
            hubungan=kode.HubunganKK.ISTRI,
            status_kawin=kode.StatusKawin.KAWIN,
        )
        StatusKB.objects.create(anggota=wanita, mulai=dt.date(2024, 1, 1), **status)
    return desa


def test_admin_follows_the_forms_problem_to_the_women_records_their_intention_and_it_is_ready(
    browser_page, live_server, desa
):
    page = browser_page
    admin = f.persona(Peran.ADMIN_DESA, desa=desa, username="admin_portal")
    bulan = timezone.localdate().strftime("%Y-%m")
    url_portal = live_server.url + reverse("laporan:portal", args=[desa.kode, bulan])
    login(page, live_server, admin.username, SANDI)

    page.goto(live_server.url + reverse("laporan:bulanan", args=[desa.kode, bulan]))
    page.get_by_role("link", name="Formulir Portal Kampung KB").click()
    expect(page).to_have_url(url_portal)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formulir Portal Kampung KB")
    status = page.locator("#status")
    expect(status).to_contain_text("Belum bisa dikirim")
    expect(status).to_contain_text(
        "Total pengguna kontrasepsi dan non kontrasepsi harus sama dengan total PUS"
    )
    expect(status).to_contain_text("tanpa keinginan punya anak (IAS/IAT/TIAL): 2")
    page.set_viewport_size({"width": 360, "height": 780})
    assert lebar_halaman(page) <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "portal-kampung-kb-belum-siap")

    for nama in TANPA_NIAT:
        page.goto(url_portal)
        page.locator("#status").get_by_role("link", name="lihat daftar nama").click()
        expect(page).to_have_url(re.compile(r"/daftar/mal_tradisional_tanpa_niat/$"))
        expect(page.get_by_role("row")).to_have_count(1 + len(TANPA_NIAT) - TANPA_NIAT.index(nama))
        baris_tabel(page, nama).get_by_role("link", name="buka").click()
        aksi_anggota(page, nama, "KB")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Status KB: {nama}")
        metode = "MAL" if nama == "Sri Wahyuni" else "Tradisional"
        isian(page, "metode KB").select_option(label=metode)
        isian(page, "keinginan punya anak (untuk MAL atau KB tradisional)").select_option(
            label="Ingin anak ditunda (IAT)"
        )
        isian(page, "mulai").fill(timezone.localdate().isoformat())
        simpan(page)
        expect(pesan(page)).to_have_text("Status KB tersimpan.")

    page.goto(url_portal)
    expect(page.locator("#status")).to_contain_text("Siap dikirim.")
    # MAL/traditional users counted by intention: Dewi IAS, Sri and Rina IAT; Yuliana IUD.
    expect(baris_tabel(page, "Ingin anak kemudian/ditunda (IAT)")).to_contain_text("2")
    expect(baris_tabel(page, "Ingin anak segera (IAS)")).to_contain_text("1")
    screenshot(page, "portal-kampung-kb")
