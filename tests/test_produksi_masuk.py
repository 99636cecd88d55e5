"""Login safety: lockout after 5 failures (django-axes), the CSP header, cookies and sessions."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from keluarga.akses import Peran
from tests import factories as f

SANDI = "rahasia-desa-123"


@pytest.fixture
def siti(desa):
    return f.persona(Peran.OPERATOR, desa=desa, username="siti")


def coba_masuk(client, username, sandi, **extra):
    return client.post(reverse("login"), {"username": username, "password": sandi}, **extra)


# --- lockout -------------------------------------------------------------------------------------


def test_four_wrong_passwords_still_allow_the_right_one(client, siti):
    for _ in range(4):
        r = coba_masuk(client, "siti", "salah")
        assert r.status_code == 200
    r = coba_masuk(client, "siti", SANDI)
    assert r.status_code == 302 and r.url == reverse("beranda")


def test_five_wrong_passwords_lock_the_account_with_an_indonesian_page(client, siti):
    for _ in range(5):
        coba_masuk(client, "siti", "salah")
    r = coba_masuk(client, "siti", SANDI)  # even the right password now
    html = r.content.decode()
    assert r.status_code == 429
    assert "Terlalu banyak percobaan masuk" in html
    assert "Coba lagi setelah 30 menit" in html
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("beranda")).status_code == 302  # still not logged in


def test_the_lockout_is_for_that_username_from_that_address_only(client, desa, siti):
    budi = f.persona(Peran.OPERATOR, desa=desa, username="budi")
    for _ in range(5):
        coba_masuk(client, "siti", "salah")
    assert coba_masuk(client, "siti", SANDI).status_code == 429
    # A colleague in the same office (same address) still logs in ...
    assert coba_masuk(client, budi.username, SANDI).status_code == 302
    client.logout()
    # ... and so does Siti from another device, so nobody can lock her out from afar.
    r = coba_masuk(client, "siti", SANDI, REMOTE_ADDR="10.1.2.3")
    assert r.status_code == 302


def test_behind_nginx_the_real_client_address_counts(client, siti, settings):
    settings.PROXY_TEPERCAYA = ["127.0.0.1"]
    for _ in range(5):
        coba_masuk(client, "siti", "salah", HTTP_X_REAL_IP="203.0.113.7")
    assert coba_masuk(client, "siti", SANDI, HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    assert coba_masuk(client, "siti", SANDI, HTTP_X_REAL_IP="203.0.113.8").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_an_x_real_ip_header_from_outside_the_proxy_is_ignored(client, siti):
    for i in range(5):
        coba_masuk(
            client, "siti", "salah", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP=f"10.0.0.{i}"
        )
    r = coba_masuk(client, "siti", SANDI, REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="10.0.0.99")
    assert r.status_code == 429


def test_a_successful_login_clears_earlier_failures(client, siti):
    for _ in range(4):
        coba_masuk(client, "siti", "salah")
    assert coba_masuk(client, "siti", SANDI).status_code == 302
    client.logout()
    for _ in range(4):
        coba_masuk(client, "siti", "salah")
    assert coba_masuk(client, "siti", SANDI).status_code == 302


def test_the_lockout_settings_are_five_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_force_login_and_login_without_a_request_are_not_hindered(client, siti):
    """Tests log in with force_login() or login(); neither is a web login attempt."""
    client.force_login(siti)
    assert client.get(reverse("beranda")).status_code == 200
    client.logout()
    assert client.login(username="siti", password=SANDI)
    assert not AccessAttempt.objects.exists()


# --- headers and cookies --------------------------------------------------------------------------


def test_every_page_carries_the_content_security_policy(client, siti):
    r = client.get(reverse("login"))
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    client.force_login(siti)
    assert "default-src 'self'" in client.get(reverse("beranda"))["Content-Security-Policy"]


def test_the_lockout_page_carries_the_policy_too(client, siti):
    for _ in range(5):
        coba_masuk(client, "siti", "salah")
    r = coba_masuk(client, "siti", SANDI)
    assert "default-src 'self'" in r["Content-Security-Policy"]


def test_pages_refuse_framing_and_sniffing(client):
    r = client.get(reverse("login"))
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_httponly_and_lasts_a_working_day(client, siti):
    r = coba_masuk(client, "siti", SANDI)
    kue = r.cookies[settings.SESSION_COOKIE_NAME]
    assert kue["httponly"]
    assert int(kue["max-age"]) == 10 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # renewed while working


def test_password_validators_refuse_a_weak_password():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
