"""Faults in production mode: a database outage gives a plain Indonesian 503 page, errors show
nothing of the request, and error reports and logs carry no personal data."""

import logging
import sys
import uuid

import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views.debug import ExceptionReporter

from keluarga.akses import Peran
from rumahdataku.middleware import FilterLaporanGalat, LaporanGalatTanpaDataPribadi, SaringNIK
from tests import factories as f
from tests.test_produksi_pengaturan import env_produksi, jalankan

NIK = "3326015505900011"


@login_not_required
def meledak(request):
    nama_warga = request.POST.get("nama", "")  # noqa: F841 - a local variable a report could show
    raise ValueError(f"gagal menyimpan NIK {request.POST.get('nik')}")


@login_not_required
def basis_data_putus(request):
    raise InterfaceError("connection already closed")


@login_not_required
def baik(request):
    return HttpResponse("baik")


# This module doubles as a URLconf: the app's URLs plus views that fail on purpose.
urlpatterns = [
    path("uji/meledak/", meledak),
    path("uji/putus/", basis_data_putus),
    path("uji/baik/", baik),
    path("", include("rumahdataku.urls")),
]


@pytest.fixture
def produksi(settings):
    """DEBUG off, as in production (HTTPS stays off so the test client needs no TLS)."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return settings


@pytest.fixture
def admin(desa):
    return f.persona(Peran.ADMIN_DESA, desa=desa)


def test_a_crash_shows_the_plain_500_page_and_nothing_of_the_request(produksi, admin, caplog):
    c = Client(raise_request_exception=False)
    c.force_login(admin)
    r = c.post("/uji/meledak/?q=Siti+Aminah", {"nama": "Siti Aminah", "nik": NIK})
    html = r.content.decode()
    assert r.status_code == 500
    assert "Terjadi kesalahan" in html
    for bocor in ("Siti", NIK, "Traceback", "ValueError", "meledak", admin.username):
        assert bocor not in html
    assert "Internal Server Error: /uji/meledak/" in caplog.text  # path only, no query or POST


def test_the_database_unreachable_while_loading_the_session_gives_503(produksi, admin, monkeypatch):
    c = Client(raise_request_exception=False)
    c.force_login(admin)

    def putus(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(SessionStore, "load", putus)
    monkeypatch.setattr(SessionStore, "save", putus)  # saving on the way out fails too
    r = c.get(reverse("keluarga:daftar"))
    html = r.content.decode()
    assert r.status_code == 503
    assert r["Retry-After"] == "60"
    assert "Layanan sedang terganggu" in html and "tidak dapat menghubungi basis data" in html
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html
    assert "default-src 'self'" in r["Content-Security-Policy"]


def test_the_database_lost_inside_a_view_gives_503(produksi):
    r = Client(raise_request_exception=False).get("/uji/putus/")
    assert r.status_code == 503
    assert "Layanan sedang terganggu" in r.content.decode()


def test_other_requests_pass_the_middleware_untouched(produksi):
    r = Client().get("/uji/baik/")
    assert r.status_code == 200 and r.content == b"baik"


def test_with_debug_on_the_developer_sees_the_real_exception(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    with pytest.raises(InterfaceError):
        Client().get("/uji/putus/")


def test_a_closed_database_port_gives_the_503_page_in_a_production_process(tmp_path):
    """The real thing: DEBUG=0, PostgreSQL on a closed port, a logged-in user and a login."""
    kode = """
from django.test import Client
import django; django.setup()
c = Client(raise_request_exception=False)
c.cookies["sessionid"] = "a" * 32
r = c.get("/keluarga/", secure=True)
print("STATUS", r.status_code)
print(r.content.decode())
r = Client(raise_request_exception=False).post(
    "/akun/masuk/", {"username": "siti", "password": "Rahasia-Siti-1"}, secure=True
)
print("STATUS", r.status_code)
print(r.content.decode())
"""
    env = env_produksi(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:9/tidak_ada",
        ALLOWED_HOSTS="testserver",
        CONN_MAX_AGE="0",
    )
    hasil = jalankan(["-c", kode], env)
    assert hasil.returncode == 0, hasil.stderr
    keluar = hasil.stdout
    assert keluar.count("STATUS 503") == 2, keluar + hasil.stderr
    assert keluar.count("<h1>Layanan sedang terganggu</h1>") == 2
    for bocor in ("Traceback", "OperationalError", "siti", "Rahasia-Siti-1", "127.0.0.1"):
        assert bocor not in keluar
    assert "Basis data tidak dapat dihubungi" in hasil.stderr  # logged for the administrator


# --- error pages -------------------------------------------------------------------------------


def test_404_and_403_pages_are_in_indonesian(produksi, admin, client):
    client.force_login(admin)
    r = client.get("/tidak-ada/")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in r.content.decode()
    tanpa_peran = f.persona(None)
    client.force_login(tanpa_peran)
    r = client.get(reverse("keluarga:daftar"))
    assert r.status_code == 403 and "Akses ditolak" in r.content.decode()


def test_a_refused_csrf_token_explains_itself_in_indonesian(db):
    r = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "siti", "password": "x"}
    )
    html = r.content.decode()
    assert r.status_code == 403
    assert "Formulir tidak dapat dikirim" in html and "muat ulang" in html
    assert "<style" not in html and "siti" not in html


# --- error reports (e-mail) and logs -----------------------------------------------------------


def _laporan(request):
    try:
        meledak(request)
    except ValueError:
        return LaporanGalatTanpaDataPribadi(request, *sys.exc_info())
    raise AssertionError("meledak() must raise")


def test_error_reports_hide_post_get_local_variables_and_niks(settings):
    settings.DEBUG = False
    # Made at run time: the HTML report quotes source lines, and these must not be among them.
    nama, nik = f"Warga{uuid.uuid4().hex}", f"332601{uuid.uuid4().int % 10**10:010d}"
    request = RequestFactory().post(f"/keluarga/baru/?q={nama}", {"nama": nama, "nik": nik})
    laporan = _laporan(request)
    for teks in (laporan.get_traceback_text(), laporan.get_traceback_html()):
        assert nama not in teks and nik not in teks
        assert "332601**********" in teks  # the exception text, masked
    assert "nama_warga" in laporan.get_traceback_html()  # variable names stay, for debugging


def test_the_reporter_filter_is_the_projects_default(settings):
    from django.views.debug import get_default_exception_reporter_filter

    assert isinstance(get_default_exception_reporter_filter(), FilterLaporanGalat)
    assert settings.DEFAULT_EXCEPTION_REPORTER == (
        "rumahdataku.middleware.LaporanGalatTanpaDataPribadi"
    )


def test_with_debug_on_the_developer_report_is_complete(settings):
    settings.DEBUG = True
    request = RequestFactory().post("/x/", {"nama": "Siti Aminah"})
    try:
        meledak(request)
    except ValueError:
        teks = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "Siti Aminah" in teks


def test_the_log_masks_niks_in_messages_and_tracebacks():
    """What the console handler writes: the handler's own filter applied, then its format."""
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(x, SaringNIK) for x in h.filters)
    )
    try:
        raise ValueError(f"duplicate key value violates unique constraint: Key (nik)=({NIK})")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Gagal untuk %s", (NIK,), sys.exc_info()
        )
    assert handler.filter(record)
    teks = handler.format(record)
    assert NIK not in teks
    assert teks.count("332601**********") == 2


def test_a_longer_number_is_not_mistaken_for_a_nik():
    from rumahdataku.middleware import samarkan_nik

    assert samarkan_nik("id 12345678901234567") == "id 12345678901234567"
    assert samarkan_nik(f"({NIK})") == "(332601**********)"
