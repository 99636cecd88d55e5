"""The Kampung KB classification in a real browser: an Admin desa fills the profile inputs the
portal records, sees the class move from Dasar to Berkembang on the dashboard (with what would
lift it next), then opens the portal form, follows the problem's link to the women on MAL or a
traditional method without a recorded intention, records their intention and sees the form
ready to send. The dashboard and the Rumah DataKu page fit a 360 px screen."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kampungkb.models import AnggotaPokja, ProfilKampungKB
from keluarga.akses import Peran
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
from tests.browser.test_portal import SANDI, TANPA_NIAT
from tests.browser.test_portal import desa as desa_portal  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def desa(desa_portal):  # noqa: F811
    p = ProfilKampungKB.objects.create(desa=desa_portal, nama="Kampung KB Sakinah")
    AnggotaPokja.objects.create(profil=p, nama="Ani", jabatan="ketua")
    AnggotaPokja.objects.create(profil=p, nama="Budi", jabatan="sekretaris")
    return desa_portal


def kelas(page):
    return page.locator("#klasifikasi [data-kelas]")


def test_admin_fills_the_profile_sees_the_class_change_and_makes_the_portal_form_ready(
    browser_page, live_server, desa
):
    page = browser_page
    admin = f.persona(Peran.ADMIN_DESA, desa=desa, username="admin_kelas")
    bulan = timezone.localdate().strftime("%Y-%m")
    url_dasbor = live_server.url + reverse("laporan:dasbor", args=[desa.kode, bulan])
    login(page, live_server, admin.username, SANDI)

    page.goto(url_dasbor)
    expect(kelas(page)).to_have_text("Dasar")
    expect(page.locator("#klasifikasi")).to_contain_text("Agar naik ke Berkembang")

    page.goto(live_server.url + reverse("kampungkb:profil_ubah", args=[desa.kode]))
    page.get_by_label("Pokja Kampung KB sudah dibentuk").check()
    page.get_by_label("Pokja sudah mengikuti pelatihan pengelolaan Kampung KB").check()
    isian(page, "Jumlah anggota pokja yang dilatih").fill("2")
    for dana in ("APBN", "APBD", "Dana Desa", "Donasi/Hibah masyarakat", "Perusahaan/CSR"):
        page.get_by_label(dana, exact=True).check()
    page.get_by_label("Ada Sekretariat Kampung KB", exact=True).check()
    page.get_by_label("Ada Rumah DataKu", exact=True).check()
    isian(page, "Nama PLKB/PKB pendamping").fill("Siti Aminah")
    isian(page, "NIP PLKB/PKB pendamping").fill("198001012005012001")
    page.get_by_label("Peraturan/SK Kepala Desa/Lurah", exact=True).check()
    for data in ("PK dan pemutakhiran data", "Data rutin BKKBN", "Potensi desa", "Data sektoral"):
        page.get_by_label(data, exact=True).check()
    for mekanisme in (
        "Rapat perencanaan kegiatan",
        "Rapat koordinasi dengan dinas/instansi",
        "Sosialisasi kegiatan",
        "Monitoring dan evaluasi",
        "Penyusunan laporan",
    ):
        isian(page, mekanisme).select_option(label="Bulanan")
    simpan(page)
    expect(pesan(page)).to_have_text("Profil Kampung KB tersimpan.")

    # input: pokja 4, funds 5 → 4, poktan 1, sarana 3, PKB + decree 3 = 3.00;
    # process: 4 data sources 4, 5 mechanisms 4, no agencies 1 = 3.00; output < 3 → Berkembang
    page.goto(url_dasbor)
    expect(kelas(page)).to_have_text("Berkembang")
    expect(page.locator("#klasifikasi")).to_contain_text("Agar naik ke Berkelanjutan")
    page.set_viewport_size({"width": 360, "height": 780})
    assert lebar_halaman(page) <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "dasbor-klasifikasi")

    page.goto(live_server.url + reverse("kampungkb:rumah_dataku", args=[desa.kode]))
    expect(page.locator("[data-tingkat]")).to_have_text("Belum Sederhana")
    page.set_viewport_size({"width": 360, "height": 780})
    assert lebar_halaman(page) <= 360
    page.set_viewport_size({"width": 1280, "height": 900})

    url_portal = live_server.url + reverse("laporan:portal", args=[desa.kode, bulan])
    page.goto(live_server.url + reverse("laporan:bulanan", args=[desa.kode, bulan]))
    page.get_by_role("link", name="Formulir Portal Kampung KB").click()
    expect(page).to_have_url(url_portal)
    expect(page.locator("#status")).to_contain_text("Belum bisa dikirim")
    for nama in TANPA_NIAT:
        page.goto(url_portal)
        page.locator("#status").get_by_role("link", name="lihat daftar nama").click()
        expect(page).to_have_url(re.compile(r"/daftar/mal_tradisional_tanpa_niat/$"))
        baris_tabel(page, nama).get_by_role("link", name="buka").click()
        aksi_anggota(page, nama, "KB")
        metode = "MAL" if nama == "Sri Wahyuni" else "Tradisional"
        isian(page, "metode KB").select_option(label=metode)
        isian(page, "keinginan punya anak (untuk MAL atau KB tradisional)").select_option(
            label="Tidak ingin anak lagi (TIAL)"
        )
        isian(page, "mulai").fill(timezone.localdate().isoformat())
        simpan(page)
        expect(pesan(page)).to_have_text("Status KB tersimpan.")
    page.goto(url_portal)
    expect(page.locator("#status")).to_contain_text("Siap dikirim.")
    # The portal's unmet need now counts the two TIAL women: 2 of 4 PUS = 50 % (score 1).
    page.goto(url_dasbor)
    expect(kelas(page)).to_have_text("Berkembang")
    expect(page.locator("#klasifikasi")).to_contain_text("unmet need portal 50 %")
