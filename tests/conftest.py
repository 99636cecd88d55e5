"""Shared fixtures: personas per role of ROLES.md and a small village."""

import os

os.environ.setdefault("DEBUG", "1")

import pytest  # noqa: E402

from tests import factories as f  # noqa: E402


@pytest.fixture(autouse=True)
def _hasher_cepat(settings):
    """Tests create many users: a fast hasher (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def desa(db):
    return f.DesaFactory()


@pytest.fixture
def rt(desa):
    return f.RTFactory(rw__dusun__desa=desa)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (RUMAHDATAKU_NO_SKIP=1) a skipped test is a failure: nothing may skip there."""
    outcome = yield
    rep = outcome.get_result()
    if (
        os.environ.get("RUMAHDATAKU_NO_SKIP") == "1"
        and rep.skipped
        and not hasattr(rep, "wasxfail")
    ):
        rep.outcome = "failed"
        rep.longrepr = f"Tes dilewati di CI, padahal tidak boleh: {rep.longrepr}"
