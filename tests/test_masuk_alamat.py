"""Login lockout and the client address (issue 13, the X-Real-IP note): django-axes locks a
username+address pair after 5 failures; as the address comes from X-Real-IP, which any process on
the server can set when it talks to gunicorn directly, a username is also locked from every
address after 20 failures from all addresses together (rumahdataku/masuk.py, docs/DEPLOY.md §6).
"""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.utils import timezone

from keluarga.akses import Peran
from rumahdataku.masuk import gagal_pengguna, ip_klien
from tests import factories as f
from tests.test_produksi_masuk import SANDI, coba_masuk


@pytest.fixture
def siti(desa):
    return f.persona(Peran.OPERATOR, desa=desa, username="siti")


def test_a_local_process_changing_x_real_ip_at_each_try_is_locked_after_20_failures(
    client, siti, settings
):
    settings.PROXY_TEPERCAYA = ["127.0.0.1"]
    for i in range(19):
        r = coba_masuk(client, "siti", "salah", HTTP_X_REAL_IP=f"10.9.0.{i}")
        assert r.status_code == 200  # each forged address has one failure only
    assert gagal_pengguna("siti") == 19
    assert AccessAttempt.objects.count() == 19
    coba_masuk(client, "siti", "salah", HTTP_X_REAL_IP="10.9.0.19")  # the 20th
    # Now even the right password from a fresh address is refused, with the lockout page.
    r = coba_masuk(client, "siti", SANDI, HTTP_X_REAL_IP="10.9.0.200")
    assert r.status_code == 429
    assert "Terlalu banyak percobaan masuk" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_19_failures_spread_over_addresses_still_let_the_right_password_in(client, siti, settings):
    settings.PROXY_TEPERCAYA = ["127.0.0.1"]
    for i in range(19):
        coba_masuk(client, "siti", "salah", HTTP_X_REAL_IP=f"10.9.0.{i}")
    r = coba_masuk(client, "siti", SANDI, HTTP_X_REAL_IP="10.9.0.200")
    assert r.status_code == 302


def test_the_username_ceiling_ends_with_the_cool_off_time(client, siti, settings):
    settings.PROXY_TEPERCAYA = ["127.0.0.1"]
    for i in range(20):
        coba_masuk(client, "siti", "salah", HTTP_X_REAL_IP=f"10.9.0.{i}")
    assert coba_masuk(client, "siti", SANDI, HTTP_X_REAL_IP="10.9.1.1").status_code == 429
    # Half an hour later (every attempt moved back 31 minutes) the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert gagal_pengguna("siti") == 0
    assert coba_masuk(client, "siti", SANDI, HTTP_X_REAL_IP="10.9.1.1").status_code == 302


def test_a_colleague_sharing_the_office_address_is_not_locked_by_anothers_failures(
    client, desa, siti
):
    budi = f.persona(Peran.OPERATOR, desa=desa, username="budi")
    for _ in range(20):
        coba_masuk(client, "siti", "salah")  # one address: the pair is locked after 5
    assert coba_masuk(client, budi.username, SANDI).status_code == 302


def test_x_real_ip_counts_only_from_a_configured_proxy_address(settings):
    settings.PROXY_TEPERCAYA = ["127.0.0.1", "::1"]
    rf = RequestFactory()
    assert ip_klien(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")) == (
        "203.0.113.7"
    )
    assert ip_klien(rf.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_REAL_IP="203.0.113.7")) == (
        "192.0.2.5"
    )
    # A header that is no address is ignored.
    assert ip_klien(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="x; drop")) == "127.0.0.1"
