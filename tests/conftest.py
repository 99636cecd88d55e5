"""Shared fixtures: personas per role of ROLES.md and a small village."""

import os

os.environ.setdefault("DEBUG", "1")

import pytest  # noqa: E402

from tests import factories as f  # noqa: E402


@pytest.fixture
def desa(db):
    return f.DesaFactory()


@pytest.fixture
def rt(desa):
    return f.RTFactory(rw__dusun__desa=desa)
