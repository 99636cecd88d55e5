"""Poktan in a real browser, as a Kader of the group: a posyandu session, a BKB meeting.

Selectors are the labels a user reads (a child's row is found by the child's name), every step
waits on the page it leads to (URL, flash message or visible text), and what the pages showed is
checked again in the database.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from keluarga import kode
from keluarga.akses import Peran
from poktan import antropometri, services
from poktan.models import KartuKembangAnak, Kelompok, Pengurus, Penimbangan, Pertemuan
from tests import factories as f
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
TOPIK_SESI = "Penimbangan dan pengukuran balita"  # seeded by poktan/0002_topik_awal
TOPIK_BKB = "Pencegahan stunting (1000 HPK)"
BERDIRI = "Berdiri (tinggi badan)"
TELENTANG = "Telentang (panjang badan)"
MENURUT_UMUR = "menurut umur"

# Five balita of the posyandu: what the kader types, and what the WHO 2006 tables give back.
# Ages are fixed in days before the session (today), so the z-scores do not drift with the date.
BALITA = [
    {
        "nama": "Ani Rahmawati",
        "jk": "P",
        "umur_hari": 300,
        "berat": "8,0",
        "tinggi": "70",
        "cara": TELENTANG,
        "kms": True,
        "hasil": ("BB normal", "-0,44", "Normal", "-0,53", "Gizi baik", "-0,22"),
    },
    {  # underweight and stunted
        "nama": "Bima Saputra",
        "jk": "L",
        "umur_hari": 800,
        "berat": "9,6",
        "tinggi": "81.5",
        "cara": BERDIRI,
        "kms": True,
        "hasil": ("BB kurang", "-2,36", "Pendek", "-2,36", "Gizi baik", "-1,54"),
    },
    {  # under two, measured standing: +0.7 cm before the tables are read
        "nama": "Citra Lestari",
        "jk": "P",
        "umur_hari": 500,
        "berat": "9,5",
        "tinggi": "76",
        "cara": BERDIRI,
        "kms": False,
        "hasil": ("BB normal", "-0,34", "Normal", "-0,84", "Gizi baik", "0,04"),
    },
    {  # wasted, normal height
        "nama": "Dodi Firmansyah",
        "jk": "L",
        "umur_hari": 1400,
        "berat": "12,8",
        "tinggi": "100,5",
        "cara": BERDIRI,
        "kms": True,
        "hasil": ("BB normal", "-1,79", "Normal", "-0,41", "Gizi kurang", "-2,40"),
    },
    {  # "menurut umur": the service picks lying down below 731 days
        "nama": "Eka Prasetyo",
        "jk": "L",
        "umur_hari": 150,
        "berat": "6,5",
        "tinggi": "63",
        "cara": MENURUT_UMUR,
        "kms": True,
        "hasil": ("BB normal", "-1,25", "Normal", "-1,31", "Gizi baik", "-0,51"),
    },
]
Z_TERSIMPAN = {  # (z BB/U, z TB/U, z BB/TB, cara ukur stored)
    "Ani Rahmawati": ("-0.44", "-0.53", "-0.22", "telentang"),
    "Bima Saputra": ("-2.36", "-2.36", "-1.54", "berdiri"),
    "Citra Lestari": ("-0.34", "-0.84", "0.04", "berdiri"),
    "Dodi Firmansyah": ("-1.79", "-0.41", "-2.40", "berdiri"),
    "Eka Prasetyo": ("-1.25", "-1.31", "-0.51", "telentang"),
}

KEPALA_BKB = ["Agus Salim", "Bambang Wijaya", "Cahyo Nugroho", "Dedi Kurniawan"]
HADIR = ["Agus Salim", "Cahyo Nugroho", "Dedi Kurniawan"]
BUKAN_ANGGOTA = "Eko Wahyudi"


# --- helpers --------------------------------------------------------------------------------------


def isian(scope, label: str):
    """The field whose label reads `label` (Django adds a ':' suffix; case as the user reads it)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$", re.IGNORECASE))


def pesan(page):
    return page.get_by_role("status")


def bagian(page, judul):
    """A <section class="kartu"> by its h2 (exact text, or a pattern)."""
    return page.locator("section").filter(
        has=page.get_by_role("heading", name=judul, exact=isinstance(judul, str), level=2)
    )


def angka(scope, judul: str):
    """The figure (<dd>) under a summary label (<dt>) of a .ringkas-angka list."""
    kotak = scope.locator("dl div").filter(has=scope.page.get_by_text(judul, exact=True))
    return kotak.get_by_role("definition")


def baris_anak(page, nama: str):
    """A child's row of the session form (the card holding the child's name)."""
    return page.locator(".baris-anak").filter(has=page.get_by_text(nama, exact=True))


def tanggal_panjang(tanggal: dt.date) -> str:
    """A date as the pages print it ("29 November 2026")."""
    with translation.override("id"):
        return formats.date_format(tanggal, "j F Y")


def buka_kelompok(page, nama_kelompok: str) -> None:
    """From the menu, the kader's own group list, then the group page."""
    page.get_by_role("navigation").get_by_role("link", name="Poktan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/poktan/(\?.*)?$"))
    kelompok_anda = bagian(page, "Kelompok Anda")
    kelompok_anda.get_by_role("link", name=nama_kelompok, exact=True).click()
    expect(page).to_have_url(re.compile(r"/poktan/kelompok/\d+/(\?.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nama_kelompok)


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def hari_ini():
    return timezone.localdate()


@pytest.fixture
def posyandu(desa, rt, hari_ini):
    """Posyandu Melati with five balita members (two families), kader "kader_melati"."""
    kader = f.persona(Peran.KADER, desa=desa, rt=[rt], username="kader_melati")
    kelompok = services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis="posyandu", nama="Melati"), kader=[kader]
    )
    keluarga = [f.KeluargaFactory(rumah__rt=rt, desa=desa) for _i in range(2)]
    for i, kel in enumerate(keluarga):
        f.AnggotaFactory(
            keluarga=kel,
            nama=("Sri Wahyuni", "Yuliana")[i],
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
            tanggal_lahir=dt.date(1992, 4, 4),
        )
    mulai = hari_ini - dt.timedelta(days=100)
    anak = {}
    for i, b in enumerate(BALITA):
        a = f.AnggotaFactory(
            keluarga=keluarga[i % 2],
            nama=b["nama"],
            jenis_kelamin=b["jk"],
            tanggal_lahir=hari_ini - dt.timedelta(days=b["umur_hari"]),
        )
        services.tambah_keanggotaan(kelompok=kelompok, anggota=a, mulai=mulai)
        anak[b["nama"]] = a
    return {"kelompok": kelompok, "kader": kader, "anak": anak}


@pytest.fixture
def bkb(desa, rt, hari_ini):
    """BKB Mawar with four member families (each with a balita) and one family invited only."""
    kader = f.persona(Peran.KADER, desa=desa, rt=[rt], username="kader_mawar")
    kelompok = services.simpan_kelompok(
        kelompok=Kelompok(desa=desa, jenis="bkb", nama="Mawar"), kader=[kader]
    )
    anggota = {}
    for i, kepala in enumerate([*KEPALA_BKB, BUKAN_ANGGOTA]):
        kel = f.KeluargaFactory(rumah__rt=rt, desa=desa)
        f.AnggotaFactory(
            keluarga=kel,
            nama=kepala,
            jenis_kelamin="L",
            hubungan=kode.HubunganKK.KEPALA,
            status_kawin=kode.StatusKawin.KAWIN,
            tanggal_lahir=dt.date(1988, 6, 1 + i),
        )
        f.AnggotaFactory(keluarga=kel, tanggal_lahir=hari_ini - dt.timedelta(days=400 + 30 * i))
        if kepala != BUKAN_ANGGOTA:
            anggota[kepala] = services.tambah_keanggotaan(
                kelompok=kelompok, keluarga=kel, mulai=hari_ini - dt.timedelta(days=60)
            )
    return {"kelompok": kelompok, "kader": kader, "anggota": anggota}


# --- a posyandu session for five children on one page ---------------------------------------------


def test_kader_records_a_posyandu_session_and_sees_each_childs_status(
    browser_page, live_server, desa, rt, posyandu, hari_ini
):
    page = browser_page
    kader = posyandu["kader"]
    login(page, live_server, kader.username, SANDI)
    buka_kelompok(page, "Posyandu Melati")
    url_kelompok = page.url

    # 1. The session form: one row per member child, the date and topic already filled in.
    page.get_by_role("link", name="Sesi penimbangan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/poktan/kelompok/\d+/sesi/baru/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sesi penimbangan baru")
    expect(isian(page, "Tanggal")).to_have_value(hari_ini.isoformat())
    expect(isian(page, "Topik").locator("option:checked")).to_have_text(TOPIK_SESI)
    for b in BALITA:
        expect(baris_anak(page, b["nama"])).to_have_count(1)
    for b in BALITA:
        lahir = posyandu["anak"][b["nama"]].tanggal_lahir
        umur = antropometri.umur_bulan(lahir, hari_ini)
        expect(baris_anak(page, b["nama"])).to_contain_text(f"{umur} bulan")
    isian(page, "Tempat").fill("Balai RW 01")
    isian(page, "Narasumber").fill("Bidan Ratna Sari")

    # 2. Weight, length/height and how it was measured, the KIA/KMS book, for all five.
    for b in BALITA:
        baris = baris_anak(page, b["nama"])
        isian(baris, "BB (kg)").fill(b["berat"])
        isian(baris, "PB/TB (cm)").fill(b["tinggi"])
        isian(baris, "Cara ukur").select_option(label=b["cara"])
        isian(baris, "Buku KIA/KMS").set_checked(b["kms"])
    page.get_by_role("button", name="Simpan sesi", exact=True).click()

    # 3. The session page: saved, no re-measure warning, each child's classes and z-scores.
    expect(page).to_have_url(re.compile(r"/poktan/sesi/\d+/$"))
    expect(pesan(page)).to_have_text("Sesi tersimpan: 5 anak ditimbang.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sesi posyandu {tanggal_panjang(hari_ini)}"
    )
    expect(page.get_by_text("ukur ulang")).to_have_count(0)
    for b in BALITA:
        bb_u, z_bb_u, tb_u, z_tb_u, bb_tb, z_bb_tb = b["hasil"]
        expect(baris_anak(page, b["nama"])).to_contain_text(
            f"BB/U: {bb_u} ({z_bb_u}) · TB/U: {tb_u} ({z_tb_u}) · BB/TB: {bb_tb} ({z_bb_tb})"
        )
        expect(baris_anak(page, b["nama"]).get_by_role("link", name="grafik")).to_be_visible()
    # "menurut umur" was stored as what the age rule chose; the KMS ticks stayed as typed.
    expect(isian(baris_anak(page, "Eka Prasetyo"), "Cara ukur")).to_have_value("telentang")
    expect(isian(baris_anak(page, "Citra Lestari"), "Buku KIA/KMS")).not_to_be_checked()
    expect(isian(baris_anak(page, "Ani Rahmawati"), "Buku KIA/KMS")).to_be_checked()
    screenshot(page, "sesi-posyandu")

    # 4. Back on the group page: the session, and the month's stunting/underweight figures.
    page.get_by_role("link", name="‹ Posyandu Melati").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(url_kelompok.split('?')[0])}"))
    expect(bagian(page, "Sesi posyandu").get_by_role("listitem")).to_have_text(
        f"{tanggal_panjang(hari_ini)} · {TOPIK_SESI} · Bidan Ratna Sari · 5 anak ditimbang"
    )
    skdn = bagian(page, re.compile(r"^SKDN"))
    expect(angka(skdn, "Diukur PB/TB")).to_have_text("5")
    expect(angka(skdn, "Stunting (pendek + sangat pendek)")).to_have_text("1 (0)")
    expect(angka(skdn, "BB kurang / gizi kurang")).to_have_text("1 / 1")

    # What the pages showed is what was stored: five weighings, each with its z-scores.
    sesi = Pertemuan.objects.get(kelompok=posyandu["kelompok"])
    assert sesi.tanggal == hari_ini and sesi.topik.nama == TOPIK_SESI
    assert sesi.dicatat_oleh == kader
    timbang = {p.anggota.nama: p for p in Penimbangan.objects.select_related("anggota")}
    assert len(timbang) == 5 and all(p.pertemuan_id == sesi.pk for p in timbang.values())
    for b in BALITA:
        p = timbang[b["nama"]]
        z_bb_u, z_tb_u, z_bb_tb, cara = Z_TERSIMPAN[b["nama"]]
        assert (p.z_bb_u, p.z_tb_u, p.z_bb_tb) == (
            Decimal(z_bb_u),
            Decimal(z_tb_u),
            Decimal(z_bb_tb),
        ), b["nama"]
        assert (p.status_bb_u, p.status_tb_u, p.status_bb_tb) == b["hasil"][::2], b["nama"]
        assert p.berat_kg == Decimal(b["berat"].replace(",", "."))
        assert p.cara_ukur == cara and p.kms == b["kms"] and p.umur_hari == b["umur_hari"]
        assert not p.perlu_ukur_ulang and p.dicatat_oleh == kader
    assert timbang["Citra Lestari"].tinggi_dipakai == Decimal("76.70")  # standing +0.7 cm
    assert timbang["Bima Saputra"].stunting and not timbang["Dodi Firmansyah"].stunting


# --- a BKB meeting with its attendance ------------------------------------------------------------


def test_kader_records_a_bkb_meeting_with_attendance(
    browser_page, live_server, desa, rt, bkb, hari_ini
):
    page = browser_page
    kader = bkb["kader"]
    # A day earlier this month (today on the 1st), so the month's summary counts it.
    tanggal = hari_ini - dt.timedelta(days=min(3, hari_ini.day - 1))
    login(page, live_server, kader.username, SANDI)
    buka_kelompok(page, "BKB Mawar")
    expect(bagian(page, "Pertemuan (register R/I)")).to_contain_text(
        "Belum ada pertemuan tercatat."
    )

    # 1. The meeting form: date, a topic from the list, the speaker, the attendance checkboxes.
    page.get_by_role("link", name="Catat pertemuan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/poktan/kelompok/\d+/pertemuan/baru/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Catat pertemuan")
    isian(page, "Tanggal").fill(tanggal.isoformat())
    isian(page, "Topik").select_option(label=TOPIK_BKB)
    isian(page, "Narasumber").fill("Bidan Ratna Sari")
    isian(page, "Tempat").fill("Balai Desa")
    hadir = bagian(page, "Yang hadir")
    expect(hadir.get_by_role("checkbox")).to_have_count(len(KEPALA_BKB))  # members only
    expect(hadir).not_to_contain_text(BUKAN_ANGGOTA)
    for kepala in HADIR:
        hadir.get_by_role("checkbox", name=f"Keluarga {kepala}", exact=True).check()
    expect(hadir.get_by_role("checkbox", name="Keluarga Bambang Wijaya")).not_to_be_checked()
    page.get_by_role("button", name="Simpan pertemuan dan daftar hadir", exact=True).click()

    # 2. Back on the group page: the meeting with its attendance count, the month's summary.
    expect(page).to_have_url(re.compile(r"/poktan/kelompok/\d+/#pertemuan$"))
    expect(pesan(page)).to_have_text("Pertemuan dan daftar hadir tersimpan.")
    expect(bagian(page, "Pertemuan (register R/I)").get_by_role("listitem")).to_have_text(
        f"{tanggal_panjang(tanggal)} · {TOPIK_BKB} · Bidan Ratna Sari · 3 hadir"
    )
    ringkasan = bagian(page, re.compile(r"^Sasaran dan partisipasi"))
    expect(ringkasan).to_contain_text("sudah lapor")
    expect(angka(ringkasan, "Pertemuan bulan ini")).to_have_text("1")
    expect(angka(ringkasan, "Kehadiran")).to_have_text("3")
    expect(angka(ringkasan, "Anggota (aktif)")).to_have_text("4 (3)")
    anggota = bagian(page, "Anggota (4)")
    for kepala in KEPALA_BKB:
        status = "aktif" if kepala in HADIR else "tidak aktif"
        baris = anggota.get_by_role("row").filter(has_text=f"Keluarga {kepala}")
        expect(baris.get_by_text(status, exact=True)).to_be_visible()
    screenshot(page, "kelompok-bkb")

    # What the page showed is what was stored.
    rapat = Pertemuan.objects.get(kelompok=bkb["kelompok"])
    assert (rapat.tanggal, rapat.topik.nama) == (tanggal, TOPIK_BKB)
    assert (rapat.narasumber, rapat.tempat) == ("Bidan Ratna Sari", "Balai Desa")
    assert rapat.dicatat_oleh == kader
    assert set(rapat.kehadiran_set.values_list("keanggotaan_id", flat=True)) == {
        bkb["anggota"][k].pk for k in HADIR
    }


# --- the chair records a meeting and a KKA result, then prints the month's R/I ------------------


def test_the_chair_records_a_meeting_and_kka_then_prints_the_months_ri(
    browser_page, live_server, desa, rt, bkb, hari_ini
):
    page = browser_page
    kader = bkb["kader"]
    kelompok = bkb["kelompok"]
    Pengurus.objects.create(
        kelompok=kelompok, jabatan="Ketua", nama="Agus Salim", peran="ketua", user=kader
    )
    tanggal = hari_ini - dt.timedelta(days=min(3, hari_ini.day - 1))
    login(page, live_server, kader.username, SANDI)
    buka_kelompok(page, "BKB Mawar")
    # The chair's line on her group page: nothing recorded for this month yet.
    register = bagian(page, "Register SIGA")
    expect(register).to_contain_text("R/I bulan ini")

    page.get_by_role("link", name="Catat pertemuan", exact=True).click()
    isian(page, "Tanggal").fill(tanggal.isoformat())
    isian(page, "Topik").select_option(label=TOPIK_BKB)
    isian(page, "Penyaji").select_option(label="PLKB")
    isian(page, "Narasumber").fill("Pak Budi")
    isian(page, "Kelompok umur anak yang dibahas").select_option(label="1–<2 tahun")
    isian(page, "Ada diskusi").select_option(label="Ya")
    hadir = bagian(page, "Yang hadir")
    for kepala in HADIR:
        hadir.get_by_role("checkbox", name=f"Keluarga {kepala}", exact=True).check()
    page.get_by_role("button", name="Simpan pertemuan dan daftar hadir", exact=True).click()
    expect(pesan(page)).to_have_text("Pertemuan dan daftar hadir tersimpan.")

    # A KKA result for one child of a member family.
    page.get_by_role("link", name="Kartu Kembang Anak", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kartu Kembang Anak")
    _muat_360(page, "register-kka")
    page.get_by_role("combobox").first.select_option(label="Diisi: perlu rujuk")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(pesan(page)).to_have_text("Kartu Kembang Anak tersimpan.")

    # The month's R/I from the group's register page, as the print view.
    page.get_by_role("link", name=kelompok.__str__(), exact=False).first.click()
    page.get_by_role("link", name=re.compile(r"^Register K.0 dan R.I")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register SIGA")
    with translation.override("id"):
        bulan = formats.date_format(tanggal, "F Y")
    baris = page.get_by_role("row").filter(has_text=bulan)
    expect(baris).to_contain_text("siap dicetak")
    _muat_360(page, "register-kelompok")
    baris.get_by_role("link", name="Cetak", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register kegiatan kelompok BKB")
    expect(page.locator("body")).to_contain_text("R/I/BKB/20")
    expect(page.locator("body")).to_contain_text("PLKB (Pak Budi)")
    for kepala in HADIR:
        expect(page.locator("body")).to_contain_text(kepala)
    expect(page.locator("body")).not_to_contain_text("Bambang Wijaya")
    expect(page.locator("body")).to_contain_text("Ketua kelompok")
    expect(page.locator("body")).to_contain_text("Agus Salim")
    screenshot(page, "register-ri-bkb-cetak")

    rapat = Pertemuan.objects.get(kelompok=kelompok)
    assert (rapat.kategori_narasumber, rapat.kelompok_umur, rapat.diskusi) == ("plkb", "1-2", True)
    kartu = KartuKembangAnak.objects.get()
    assert (kartu.hasil, kartu.bulan, kartu.kelompok) == (
        "perlu_rujuk",
        hari_ini.replace(day=1),
        kelompok,
    )


def _muat_360(page, nama: str) -> None:
    """At 360 px only the tables scroll (inside .gulir), never the page itself."""
    page.set_viewport_size({"width": 360, "height": 780})
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 362, f"{nama} melebar ke {lebar}px pada layar 360px"
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, nama)
