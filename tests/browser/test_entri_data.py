"""Data entry in a real browser, as an Admin desa: a family, its members, KB, pregnancy, birth.

Selectors are the labels a user reads (or the fieldset legend of a member row), never CSS
positions; every step waits on the page it leads to (URL, flash message or visible text).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keluarga import services
from keluarga.akses import Peran
from keluarga.models import Anggota, Kehamilan, Keluarga, StatusKB
from tests import factories as f
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
NO_KK = "3326010101250001"
KEPALA = {
    "nik": "3326011503850001",
    "nama": "Budi Santoso",
    "jenis_kelamin": "Laki-laki",
    "tanggal_lahir": "1985-03-15",
    "hubungan": "Kepala keluarga",
    "status_kawin": "Kawin",
}
ISTRI = {
    "nik": "3326015508900002",
    "nama": "Siti Rahayu",
    "jenis_kelamin": "Perempuan",
    "tanggal_lahir": "1990-08-15",
    "hubungan": "Istri",
    "status_kawin": "Kawin",
}
ANAK = {
    "nik": "3326010101150003",
    "nama": "Andi Pratama",
    "jenis_kelamin": "Laki-laki",
    "tanggal_lahir": "2015-01-01",
    "hubungan": "Anak",
    "status_kawin": "Belum kawin",
}
BAYI = "Dewi Lestari"
TOLERANSI_PX = 1


# --- helpers --------------------------------------------------------------------------------------


def isian(scope, label: str):
    """The field whose label reads `label` (Django adds a ':' suffix; case as the user reads it)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$", re.IGNORECASE))


def baris_anggota_baru(page):
    """The empty member row of the family form (a fieldset whose legend is "Anggota baru")."""
    return page.get_by_role("group", name="Anggota baru", exact=True)


def isi_anggota(page, data: dict) -> None:
    baris = baris_anggota_baru(page)
    isian(baris, "NIK").fill(data["nik"])
    isian(baris, "Nama").fill(data["nama"])
    isian(baris, "Jenis kelamin").select_option(label=data["jenis_kelamin"])
    isian(baris, "Tanggal lahir").fill(data["tanggal_lahir"])
    isian(baris, "Hubungan dengan kepala keluarga").select_option(label=data["hubungan"])
    isian(baris, "Status perkawinan").select_option(label=data["status_kawin"])


def label_rt(rt) -> str:
    return f"{rt.rw.dusun.nama} · RW {rt.rw.nomor} · RT {rt.nomor}"


def simpan(page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()


def pesan(page):
    return page.get_by_role("status")


def baris_tabel(page, teks: str):
    return page.get_by_role("row").filter(has_text=teks)


def kartu_anggota(page, nama: str):
    """A member's card on the family page (issue 20: cards, not a wide table)."""
    return page.locator("li.anggota-kartu").filter(has_text=nama)


def aksi_anggota(page, nama: str, tautan: str) -> None:
    """Open the member's one action menu and follow one of its links."""
    kartu = kartu_anggota(page, nama)
    kartu.locator("summary").click()
    kartu.get_by_role("link", name=tautan, exact=True).click()


def bagian(page, judul: str):
    """A <section class="kartu"> by its h2."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=judul, exact=True))


HALAMAN_KELUARGA = re.compile(r"/keluarga/\d+/$")


def buka_daftar(page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Keluarga", exact=True).click()
    expect(page).to_have_url(re.compile(r"/keluarga/(\?.*)?$"))
    expect(page.get_by_role("heading", name="Keluarga", exact=True, level=1)).to_be_visible()


def lebar_halaman(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def admin(desa):
    return f.persona(Peran.ADMIN_DESA, desa=desa, username="admin_desa")


@pytest.fixture
def keluarga_lain(desa, rt):
    """Another family in the same RT, so the search has something to leave out."""
    kel = f.KeluargaFactory(rumah__rt=rt, desa=desa, no_kk="3326010101250099")
    f.AnggotaFactory(
        keluarga=kel,
        nama="Joko Susilo",
        jenis_kelamin="L",
        tanggal_lahir=dt.date(1980, 12, 12),
        hubungan="1",
        status_kawin="kawin",
        nik="3326011212800022",
    )
    return kel


# --- the whole entry flow -------------------------------------------------------------------------


def test_admin_desa_enters_a_family_kb_pregnancy_and_birth(
    browser_page, live_server, desa, rt, admin, keluarga_lain
):
    page = browser_page
    hari_ini = timezone.localdate()
    mulai_kb = hari_ini - dt.timedelta(days=700)
    hpht = hari_ini - dt.timedelta(days=270)
    lahir = hari_ini - dt.timedelta(days=3)

    login(page, live_server, admin.username, SANDI)
    buka_daftar(page)

    # 1. A new family with its head (the form offers one empty member row per save).
    page.get_by_role("link", name="Keluarga baru").click()
    expect(page).to_have_url(re.compile(r"/keluarga/baru/$"))
    expect(page.get_by_role("heading", name="Keluarga baru", level=1)).to_be_visible()
    isian(page, "No KK").fill(NO_KK)
    isian(page, "RT").select_option(label=label_rt(rt))
    isian(page, "Nomor rumah").fill("12")
    isian(page, "Alamat").fill("Jl. Melati")
    isi_anggota(page, KEPALA)
    simpan(page)
    expect(page).to_have_url(HALAMAN_KELUARGA)
    expect(pesan(page)).to_have_text("Data keluarga tersimpan.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Keluarga {NO_KK}")
    expect(kartu_anggota(page, KEPALA["nama"])).to_contain_text("Kepala keluarga")
    url_keluarga = page.url

    # 2. The wife, then the child: one new row per save, as a user would.
    for anggota in (ISTRI, ANAK):
        page.get_by_role("link", name="Ubah", exact=True).click()
        expect(page).to_have_url(re.compile(r"/keluarga/\d+/ubah/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Ubah keluarga {NO_KK}")
        expect(isian(page, "No KK")).to_have_value(NO_KK)
        isi_anggota(page, anggota)
        simpan(page)
        expect(page).to_have_url(url_keluarga)
        expect(pesan(page)).to_have_text("Data keluarga tersimpan.")
        expect(kartu_anggota(page, anggota["nama"])).to_contain_text(anggota["hubungan"])
    expect(bagian(page, "Anggota keluarga").locator("li.anggota-kartu")).to_have_count(3)

    # 3. The wife's KB: a method with a start date.
    aksi_anggota(page, ISTRI["nama"], "KB")
    expect(page).to_have_url(re.compile(r"/keluarga/anggota/\d+/kb/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Status KB: {ISTRI['nama']}")
    isian(page, "metode KB").select_option(label="Implan")
    isian(page, "mulai").fill(mulai_kb.isoformat())
    page.get_by_label(re.compile(r"^peserta KB baru", re.IGNORECASE)).check()
    simpan(page)
    expect(page).to_have_url(url_keluarga)
    expect(pesan(page)).to_have_text("Status KB tersimpan.")
    expect(kartu_anggota(page, ISTRI["nama"])).to_contain_text("PUS: Implan")
    expect(bagian(page, "Riwayat status KB")).to_contain_text(f"{ISTRI['nama']}: Implan")

    # 4. The family list: the new family is found by 7 middle digits of the wife's NIK.
    buka_daftar(page)
    expect(page.get_by_text("2 keluarga", exact=True)).to_be_visible()
    screenshot(page, "daftar-keluarga")
    potongan_nik = ISTRI["nik"][5:12]
    isian(page, "Cari nama, NIK atau No KK").fill(potongan_nik)
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page).to_have_url(re.compile(rf"\?(.*&)?q={potongan_nik}(&|$)"))
    expect(page.get_by_text("1 keluarga", exact=True)).to_be_visible()
    hasil = baris_tabel(page, KEPALA["nama"])
    expect(hasil).to_contain_text(NO_KK)
    expect(hasil.get_by_role("cell", name="3", exact=True)).to_be_visible()  # living members
    expect(baris_tabel(page, "Joko Susilo")).to_have_count(0)
    hasil.get_by_role("link", name=NO_KK).click()
    expect(page).to_have_url(url_keluarga)

    # 5. A pregnancy for the wife.
    aksi_anggota(page, ISTRI["nama"], "Hamil")
    expect(page).to_have_url(re.compile(r"/keluarga/anggota/\d+/hamil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Catat kehamilan: {ISTRI['nama']}")
    isian(page, "HPHT (hari pertama haid terakhir)").fill(hpht.isoformat())
    simpan(page)
    expect(page).to_have_url(url_keluarga)
    expect(pesan(page)).to_have_text("Kehamilan tercatat.")
    expect(bagian(page, "Kehamilan")).to_contain_text(f"{ISTRI['nama']}: mulai")
    expect(bagian(page, "Kehamilan")).to_contain_text("sedang hamil")

    # 6. The birth, naming the wife as mother: the child appears, the pregnancy has ended.
    page.get_by_role("link", name="Kelahiran", exact=True).click()
    expect(page).to_have_url(re.compile(r"/keluarga/\d+/lahir/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Catat kelahiran")
    isian(page, "ibu").select_option(label=ISTRI["nama"])
    isian(page, "nama bayi").fill(BAYI)
    isian(page, "jenis kelamin").select_option(label="Perempuan")
    isian(page, "tanggal peristiwa").fill(lahir.isoformat())
    simpan(page)
    expect(page).to_have_url(url_keluarga)
    expect(pesan(page)).to_have_text("Kelahiran tercatat.")
    expect(kartu_anggota(page, BAYI)).to_contain_text("Anak")
    expect(bagian(page, "Anggota keluarga").locator("li.anggota-kartu")).to_have_count(4)
    kehamilan = bagian(page, "Kehamilan")
    expect(kehamilan).to_contain_text("berakhir")
    expect(kehamilan).to_contain_text("(Lahir)")
    expect(kehamilan).not_to_contain_text("sedang hamil")
    expect(bagian(page, "Peristiwa kependudukan")).to_contain_text(f"Lahir · {BAYI}")
    screenshot(page, "halaman-keluarga")

    # What the pages showed is what was stored.
    kel = Keluarga.objects.get(no_kk=NO_KK)
    assert kel.rumah.rt == rt and kel.rumah.nomor == "12"
    assert kel.anggota_set.count() == 4
    bayi = Anggota.objects.get(nama=BAYI)
    assert bayi.ibu.nik == ISTRI["nik"] and bayi.keluarga == kel and bayi.tanggal_lahir == lahir
    hamil = Kehamilan.objects.get(ibu=bayi.ibu)
    assert (hamil.mulai, hamil.selesai, hamil.hasil) == (hpht, lahir, "lahir")
    kb = StatusKB.objects.get(anggota=bayi.ibu)
    assert (kb.metode, kb.mulai, kb.baru) == ("implan", mulai_kb, True)


# --- a validation error keeps what was typed ------------------------------------------------------


def test_a_short_no_kk_is_refused_in_indonesian_and_keeps_what_was_typed(
    browser_page, live_server, desa, rt, admin
):
    page = browser_page
    login(page, live_server, admin.username, SANDI)
    buka_daftar(page)
    page.get_by_role("link", name="Keluarga baru").click()
    expect(page).to_have_url(re.compile(r"/keluarga/baru/$"))
    isian(page, "No KK").fill("12345")
    isian(page, "RT").select_option(label=label_rt(rt))
    isian(page, "Nomor rumah").fill("7")
    isi_anggota(page, KEPALA)
    simpan(page)

    pesan_salah = "No KK harus tepat 16 angka (tertulis 5 karakter: 12345)."
    expect(page.get_by_text(pesan_salah)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/keluarga/baru/$"))
    expect(page.get_by_role("heading", name="Keluarga baru", level=1)).to_be_visible()
    expect(isian(page, "No KK")).to_have_value("12345")
    expect(isian(page, "RT")).to_have_value(str(rt.pk))
    expect(isian(page, "Nomor rumah")).to_have_value("7")
    baris = baris_anggota_baru(page)
    expect(isian(baris, "Nama")).to_have_value(KEPALA["nama"])
    expect(isian(baris, "NIK")).to_have_value(KEPALA["nik"])
    expect(isian(baris, "Tanggal lahir")).to_have_value(KEPALA["tanggal_lahir"])
    expect(pesan(page)).to_have_count(0)  # no "saved" message
    screenshot(page, "form-keluarga-no-kk-salah")
    assert not Keluarga.objects.exists()
    assert not Anggota.objects.filter(nama=KEPALA["nama"]).exists()


# --- small screens ---------------------------------------------------------------------------------


def test_family_page_has_no_horizontal_overflow_at_360_px(
    browser_page, live_server, desa, rt, admin
):
    """At 360 px only the tables scroll, inside their .gulir wrappers, never the page itself."""
    hari_ini = timezone.localdate()
    kel = f.KeluargaFactory(rumah__rt=rt, rumah__nomor="12A", desa=desa, no_kk=NO_KK)
    suami = f.AnggotaFactory(
        keluarga=kel,
        nama="Bambang Setiawan Nugroho Wicaksono",
        jenis_kelamin="L",
        tanggal_lahir=dt.date(1985, 3, 15),
        hubungan="1",
        status_kawin="kawin",
        nik=KEPALA["nik"],
    )
    istri = f.AnggotaFactory(
        keluarga=kel,
        nama="Sri Wahyuningsih Kusumawardani",
        tanggal_lahir=dt.date(1990, 8, 15),
        hubungan="3",
        status_kawin="kawin",
        nik=ISTRI["nik"],
    )
    services.set_status_kb(
        anggota=istri, metode="suntik", mulai=hari_ini - dt.timedelta(days=400), baru=True
    )
    services.catat_kehamilan(ibu=istri, hpht=hari_ini - dt.timedelta(days=60))
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    login(page, live_server, admin.username, SANDI)
    page.goto(f"{live_server.url}{kel.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Keluarga {NO_KK}")
    expect(kartu_anggota(page, istri.nama)).to_contain_text("PUS")
    page.wait_for_load_state("load")  # the stylesheet is applied before measuring

    lebar = lebar_halaman(page)
    assert lebar <= 360 + TOLERANSI_PX, (
        f"Halaman keluarga melebar ke {lebar}px pada layar 360px; "
        "hanya tabel di dalam .gulir yang boleh digulir ke samping."
    )
    # Members are cards (issue 20): each card stays inside the phone.
    kanan = page.locator("li.anggota-kartu").evaluate_all(
        "els => els.map(el => el.getBoundingClientRect().right)"
    )
    assert kanan and max(kanan) <= 360 + TOLERANSI_PX, kanan

    # The family list (filters and table) fits as well.
    buka_daftar(page)
    expect(baris_tabel(page, suami.nama)).to_be_visible()
    lebar = lebar_halaman(page)
    assert lebar <= 360 + TOLERANSI_PX, f"Daftar keluarga melebar ke {lebar}px pada layar 360px."
