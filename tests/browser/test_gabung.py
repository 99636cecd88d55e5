"""Merging two records of one person in a real browser, as an Operator (issue 19 point 3):
review the pair on the duplicate list, open its merge page, choose, merge, see the survivor's
joined KB history on the family page, and undo it. Every page fits 360 px."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import Anggota, PasanganGanda, Penggabungan
from tests import factories as f
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.sekali]

SANDI = "rahasia-desa-123"  # tests/factories.UserFactory's password
H, JK, SK = kode.HubunganKK, kode.JenisKelamin, kode.StatusKawin


def _pas_360(page) -> None:
    semula = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 361
    page.set_viewport_size(semula)


def test_an_operator_merges_a_pair_sees_the_joined_kb_history_and_undoes_it(
    browser_page, live_server
):
    page = browser_page
    desa = f.DesaFactory(bulan_awal_data=dt.date(2026, 1, 1))
    rt = f.RTFactory(rw__dusun__desa=desa)
    k1 = f.KeluargaFactory(rumah__rt=rt, desa=desa)
    k2 = f.KeluargaFactory(rumah__rt=rt, desa=desa)
    f.orang(k1, "Budi", JK.LAKI_LAKI, "1988-02-02", H.KEPALA)
    siti = f.orang(k1, "Siti Aminah", JK.PEREMPUAN, "1992-07-01", H.ISTRI)
    f.orang(k2, "Karto", JK.LAKI_LAKI, "1960-01-01", H.KEPALA, kawin=SK.CERAI_MATI)
    dup = f.orang(k2, "St. Aminah", JK.PEREMPUAN, "1992-07-01", H.ANAK)
    f.status_kb(siti, "2025-01-01", metode="suntik", selesai="2025-06-01")
    f.status_kb(dup, "2025-06-01", metode="implan")
    f.status_kb(dup, "2024-01-01", metode="pil", selesai="2024-12-01")
    f.status_kb(siti, "2024-06-01", metode="kondom", selesai="2024-09-01")  # overlaps B's pil
    operator = f.persona(Peran.OPERATOR, desa=desa, username="op_gabung")

    pasangan = PasanganGanda.objects.create(
        desa=desa,
        anggota_a_id=min(siti.pk, dup.pk),
        anggota_b_id=max(siti.pk, dup.pk),
        skor=0.93,
        alasan="nama mirip 0,93 · tanggal lahir sama",
    )

    login(page, live_server, "op_gabung", SANDI)
    # The review list shows the pair side by side; the operator opens its merge.
    page.goto(f"{live_server.url}/kualitas-data/ganda/")
    kartu = page.locator(f"#pasangan-{pasangan.pk}")
    expect(kartu).to_contain_text("St. Aminah")
    expect(kartu).to_contain_text("nama mirip 0,93")
    _pas_360(page)
    kartu.get_by_role("link", name="Gabungkan…").click()
    # The pair in id order: Siti (entered first) is A, the survivor by default.
    assert siti.pk < dup.pk
    expect(page).to_have_url(re.compile(rf"/keluarga/anggota/gabung/{siti.pk}/{dup.pk}/$"))
    expect(page.get_by_role("heading", name="Gabungkan data orang")).to_be_visible()
    _pas_360(page)
    screenshot(page, "gabung-formulir")
    # Refused without the collision's choice, with the reason on the page.
    page.get_by_role("button", name="Gabungkan").click()
    expect(page.locator(".errorlist").first).to_contain_text("Pilih data siapa yang dipakai")
    kb = page.locator("fieldset", has_text="Status KB yang tumpang tindih")
    kb.get_by_label(re.compile(r"^\s*B:")).check()
    page.get_by_role("button", name="Gabungkan").click()
    expect(page.locator(".pesan").first).to_contain_text("digabung ke Siti Aminah")
    p = Penggabungan.objects.get()
    assert p.oleh_id == operator.pk
    assert PasanganGanda.objects.get(pk=pasangan.pk).status == PasanganGanda.Status.DIGABUNG
    _pas_360(page)

    # The survivor's family page: her KB history joined (B's implan and pil, her own suntik).
    page.goto(f"{live_server.url}/keluarga/{k1.pk}/")
    riwayat = page.locator("body")
    for metode in ("Implan", "Pil", "Suntik"):
        expect(riwayat).to_contain_text(metode)
    expect(page.locator("body")).not_to_contain_text("St. Aminah")
    _pas_360(page)

    page.goto(f"{live_server.url}/keluarga/penggabungan/{p.pk}/")
    page.get_by_role("button", name="Batalkan penggabungan").click()
    expect(page.locator(".pesan").first).to_contain_text("dibatalkan")
    assert Anggota.objects.filter(pk=dup.pk, digabung_ke__isnull=True).exists()
    pasangan.refresh_from_db()
    assert pasangan.status == PasanganGanda.Status.TERBUKA  # back on the review list
    assert set(siti.status_kb_set.values_list("metode", flat=True)) == {"suntik", "kondom"}
