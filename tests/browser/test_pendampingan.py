"""The family-assistance team on a phone (360 px): a kader of RT 1 records a bride-to-be's
screening (LiLA 22 cm: at risk), then a postpartum visit at which the mother starts a method
(she leaves the visit list), and sees the month's summary move."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keluarga import kode
from keluarga.akses import Peran
from pendampingan import services
from tests import factories as f
from tests.browser.conftest import login, screenshot
from tests.browser.test_laporan import SANDI

pytestmark = pytest.mark.browser
TOLERANSI_PX = 1


def lebar_halaman(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def sel(page, sasaran: str, kolom: int) -> str:
    return page.locator(f"tr[data-sasaran='{sasaran}'] td").nth(kolom).inner_text()


def test_a_kader_screens_a_bride_and_visits_a_mother_who_starts_a_method(browser_page, live_server):
    hari = timezone.localdate()
    desa = f.DesaFactory(bulan_awal_data=hari.replace(day=1))
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    kel = f.KeluargaFactory(rumah__rt=rt1, desa=desa)
    ibu = f.AnggotaFactory(
        keluarga=kel,
        nama="Siti Aminah",
        tanggal_lahir=dt.date(1995, 3, 3),
        hubungan=kode.HubunganKK.ISTRI,
        status_kawin=kode.StatusKawin.KAWIN,
    )
    f.AnggotaFactory(
        keluarga=kel, nama="Bayi Aminah", tanggal_lahir=hari - dt.timedelta(days=5), ibu=ibu
    )
    catin = services.catat_catin(
        desa=desa,
        rt=rt1,
        nama="Putri Lestari",
        tanggal_lahir=dt.date(2001, 5, 5),
        pasangan_nama="Joko Santoso",
        pasangan_luar_desa=True,
        rencana_nikah=hari + dt.timedelta(days=90),
    )
    kader = f.persona(Peran.KADER, desa=desa, rt=[rt1], username="kader_tpk")
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, live_server, kader.username, SANDI)

    page.get_by_role("link", name="Pendampingan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pendampingan keluarga")
    assert sel(page, "catin", 3) == "0" and sel(page, "pasca_persalinan", 2) == "0"
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX

    # The bride-to-be's screening.
    page.get_by_role("link", name="Catin", exact=True).click()
    page.get_by_role("link", name="Putri Lestari").click()
    page.get_by_role("link", name="Catat skrining").click()
    page.get_by_label("Tanggal skrining").fill(hari.isoformat())
    page.get_by_label("Berat badan (kg)").fill("48")
    page.get_by_label("Tinggi badan (cm)").fill("155")
    page.get_by_label("LiLA (cm)").fill("22")
    page.get_by_label("Hb (g/dL)").fill("12")
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("[data-skrining]")).to_contain_text("LiLA rendah (KEK)")
    assert catin.skrining_set.count() == 1

    # The visit list: the mother, days left; she starts a method at the visit.
    page.get_by_role("link", name="Pasca persalinan").click()
    kartu = page.locator(f"[data-ibu='{ibu.pk}']")
    expect(kartu).to_contain_text("Siti Aminah")
    expect(kartu).to_contain_text("37 hari lagi")
    page.wait_for_load_state("load")
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX
    screenshot(page, "pendampingan-daftar-kunjungan-nifas")
    kartu.get_by_role("link", name="Catat kunjungan").click()
    page.get_by_label("Tanggal kunjungan").fill(hari.isoformat())
    page.get_by_label("Diberi penyuluhan/konseling").check()
    page.get_by_label("Mulai ber-KB (metode)").select_option("suntik")
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kunjungan tersimpan.")).to_be_visible()
    expect(page.locator(f"[data-ibu='{ibu.pk}']")).to_have_count(0)
    assert ibu.status_kb_set.get().metode == "suntik"

    # The summary moved: one bride at risk, one mother accompanied.
    page.get_by_role("link", name="Ringkasan").click()
    assert sel(page, "catin", 2) == "1" and sel(page, "catin", 3) == "1"
    assert sel(page, "pasca_persalinan", 2) == "1"
    assert lebar_halaman(page) <= 360 + TOLERANSI_PX


def test_every_family_assistance_page_fits_a_phone(browser_page, live_server):
    hari = timezone.localdate()
    desa = f.DesaFactory(bulan_awal_data=hari.replace(day=1))
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    kel = f.KeluargaFactory(rumah__rt=rt1, desa=desa)
    ibu = f.AnggotaFactory(
        keluarga=kel,
        nama="Rahmawati Kusumaningrum",
        tanggal_lahir=dt.date(1995, 3, 3),
        hubungan=kode.HubunganKK.ISTRI,
        status_kawin=kode.StatusKawin.KAWIN,
    )
    anak = f.AnggotaFactory(keluarga=kel, nama="Anak", tanggal_lahir=dt.date(2025, 1, 1), ibu=ibu)
    from keluarga import services as ks

    hamil = ks.catat_kehamilan(ibu=ibu, mulai=hari - dt.timedelta(days=30))
    catin = services.catat_catin(
        desa=desa,
        rt=rt1,
        nama="Putri",
        tanggal_lahir=dt.date(2001, 5, 5),
        pasangan_nama="Joko",
        rencana_nikah=hari + dt.timedelta(days=90),
    )
    rujukan = services.catat_rujukan(anak=anak, tanggal=hari, tujuan="Puskesmas")
    admin = f.persona(Peran.ADMIN_DESA, desa=desa, username="admin_tpk")
    f.persona(Peran.KADER, desa=desa, rt=[rt1], username="kader_dengan_nama_panjang_sekali")
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, live_server, admin.username, SANDI)
    for jalur in (
        f"{desa.kode}/",
        f"{desa.kode}/catin/",
        f"{desa.kode}/catin/baru/",
        f"catin/{catin.pk}/",
        f"catin/{catin.pk}/kunjungan/",
        f"{desa.kode}/hamil/",
        f"hamil/{hamil.pk}/kunjungan/",
        f"{desa.kode}/rujukan/",
        f"rujukan/{rujukan.pk}/",
        f"anak/{anak.pk}/rujuk/",
        f"{desa.kode}/tim/",
    ):
        page.goto(f"{live_server.url}/pendampingan/{jalur}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.wait_for_load_state("load")
        assert lebar_halaman(page) <= 360 + TOLERANSI_PX, jalur
    # Recorded without HPHT/HPL: the gestational week is not known.
    page.goto(f"{live_server.url}/pendampingan/{desa.kode}/hamil/")
    expect(page.get_by_text("usia kehamilan tidak diketahui")).to_be_visible()
