"""Accessibility (issue 20, Checks "axe"): axe-core through axe-playwright-python (its axe.min.js
ships inside the wheel: nothing is downloaded) on the main pages of each demo role, at 360 px:
no *critical* or *serious* violation. Runs once per CI run (marker `sekali`)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from keluarga.models import Keluarga
from tests.browser.conftest import login
from tests.browser.test_jelajah import SANDI_DEMO

pytestmark = [pytest.mark.browser, pytest.mark.sekali]

BERAT = {"critical", "serious"}


def _halaman_utama(kode: str, bulan: str, keluarga_pk: int) -> dict[str, list[str]]:
    """Each demo role's main pages (those its menu and first screen lead to)."""
    laporan = [f"/laporan/desa/{kode}/{bulan}/", "/laporan/dasbor/"]
    keluarga = ["/keluarga/", f"/keluarga/{keluarga_pk}/", f"/keluarga/{keluarga_pk}/ubah/"]
    return {
        "admin": ["/", *laporan, *keluarga, "/poktan/", "/kualitas-data/", "/kampung-kb/"],
        "operator": ["/", *laporan, *keluarga, "/impor/"],
        "kader": ["/", *laporan, "/keluarga/", "/poktan/", "/kualitas-data/"],
        "penyuluh": ["/", *laporan, "/keluarga/", f"/keluarga/{keluarga_pk}/"],
        "kades": ["/", *laporan, "/kampung-kb/"],
        "camat": ["/", "/poktan/", "/laporan/"],
        "kabupaten": ["/", "/poktan/", "/laporan/", "/laporan/dasbor/"],
    }


def test_main_pages_of_every_demo_role_have_no_critical_or_serious_axe_violation(
    browser_page, live_server
):
    from django.utils import timezone

    call_command("seed_demo", "--families", "30", "--seed", "1", verbosity=0)
    call_command("demo_admin", verbosity=0)
    from keluarga.models import Desa

    desa = Desa.objects.order_by("kode").first()
    keluarga = Keluarga.objects.filter(desa=desa).order_by("pk").first()
    bulan = timezone.localdate().strftime("%Y-%m")
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    axe = Axe()
    temuan: dict[str, list[str]] = {}
    diperiksa: dict[str, int] = {}
    page.goto(f"{live_server.url}/akun/masuk/")
    hasil = axe.run(page)
    masuk = [v for v in hasil.response["violations"] if v["impact"] in BERAT]
    for akun, daftar in _halaman_utama(desa.kode, bulan, keluarga.pk).items():
        page.context.clear_cookies()
        login(page, live_server, akun, SANDI_DEMO)
        diperiksa[akun] = 0
        for path in daftar:
            resp = page.goto(f"{live_server.url}{path}")
            assert resp.status == 200, f"{akun} {path}: {resp.status}"
            hasil = axe.run(page)
            assert hasil.response["passes"], f"axe-core tidak berjalan di {path}"
            diperiksa[akun] += 1
            for v in hasil.response["violations"]:
                if v["impact"] in BERAT:
                    contoh = v["nodes"][0]["target"] if v["nodes"] else ""
                    temuan.setdefault(akun, []).append(
                        f"{path}: {v['id']} ({v['impact']}, {len(v['nodes'])}×) {contoh}"
                    )
    ringkasan = "\n".join(
        f"{akun:<9} halaman {n:>2} · pelanggaran kritis/serius {len(temuan.get(akun, []))}"
        for akun, n in diperiksa.items()
    )
    print("\naxe-core per peran (360 px):\n" + ringkasan)
    assert not masuk, masuk
    assert not temuan, (
        ringkasan + "\n" + "\n".join(f"{a}: " + "\n  ".join(t) for a, t in temuan.items())
    )
