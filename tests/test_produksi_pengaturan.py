"""Production settings: `check --deploy` is clean with a production env, HTTPS=0 is deliberate."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent
KUNCI = "uji-produksi-" + "k3y-acak-panjang-sekali-0123456789abcdefghijklmnopqrstuvwxyz"


def env_produksi(tmp_path, **tambahan):
    """An environment as docs/DEPLOY.md's env file gives it (nothing inherited from the tests)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "HTTPS", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
        and not k.startswith("RUMAHDATAKU_")
        and not k.startswith("PYTEST")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=KUNCI,
        ALLOWED_HOSTS="rumahdataku.desa.example.id",
        RUMAHDATAKU_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="rumahdataku.settings",
    )
    env.update(tambahan)
    return env


def jalankan(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=AKAR, env=env, capture_output=True, text=True, timeout=180
    )


def pengaturan(env, *nama):
    """The named settings as the production process sees them."""
    kode = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(nama)!r}}}, default=str))"
    )
    hasil = jalankan(["-c", kode], env)
    assert hasil.returncode == 0, hasil.stderr
    return json.loads(hasil.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_a_production_env(tmp_path):
    hasil = jalankan(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env_produksi(tmp_path)
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert "System check identified no issues (0 silenced)." in hasil.stdout


def test_production_turns_on_https_hsts_and_secure_cookies_by_default(tmp_path):
    s = pengaturan(
        env_produksi(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_AGE",
        "SILENCED_SYSTEM_CHECKS",
    )
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True and s["CSRF_COOKIE_HTTPONLY"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SESSION_COOKIE_AGE"] == 10 * 60 * 60  # a working day
    assert s["SILENCED_SYSTEM_CHECKS"] == []  # nothing hidden in an HTTPS install


# The four warnings a LAN-only install (HTTPS=0, docs/DEPLOY.md) silences on purpose: without
# TLS there is no HSTS, no redirect to HTTPS and no cookie that travels over HTTPS only.
DIBUNGKAM_TANPA_HTTPS = ["security.W004", "security.W008", "security.W012", "security.W016"]


def test_https_0_silences_exactly_the_four_tls_warnings_and_nothing_else(tmp_path):
    env = env_produksi(tmp_path, HTTPS="0")
    hasil = jalankan(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env)
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert "System check identified no issues (4 silenced)." in hasil.stdout
    s = pengaturan(
        env,
        "SILENCED_SYSTEM_CHECKS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
    )
    assert s["SILENCED_SYSTEM_CHECKS"] == DIBUNGKAM_TANPA_HTTPS
    assert not s["SECURE_SSL_REDIRECT"] and not s["SESSION_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"] is True  # still out of reach of scripts


def test_without_the_silencing_https_0_shows_the_four_tls_warnings(tmp_path):
    """The silenced list hides these four and only these: nothing else is wrong on a LAN."""
    env = env_produksi(tmp_path, HTTPS="0")
    kode = (
        "import django; django.setup(); from django.conf import settings; "
        "settings.SILENCED_SYSTEM_CHECKS = []; "
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='CRITICAL')"
    )
    hasil = jalankan(["-c", kode], env)
    keluaran = hasil.stdout + hasil.stderr
    assert "identified 4 issues" in keluaran, keluaran
    for kode_cek in DIBUNGKAM_TANPA_HTTPS:
        assert kode_cek in keluaran


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = env_produksi(tmp_path)
    del env["SECRET_KEY"]
    hasil = jalankan(["manage.py", "check"], env)
    assert hasil.returncode != 0
    assert "SECRET_KEY wajib diisi" in hasil.stderr


@pytest.mark.parametrize("debug", ["1", "0"])
def test_the_csp_allows_only_our_own_files_and_no_inline_code(tmp_path, debug):
    s = pengaturan(env_produksi(tmp_path, DEBUG=debug), "CONTENT_SECURITY_POLICY")
    arahan = s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert arahan["default-src"] == ["'self'"]
    assert arahan["script-src"] == ["'self'"] and arahan["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in json.dumps(arahan)
    assert arahan["frame-ancestors"] == ["'none'"] and arahan["object-src"] == ["'none'"]
