"""Indonesian formats and settings from the environment."""

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation


def test_dates_read_with_the_full_indonesian_month():
    with translation.override("id"):
        assert formats.date_format(dt.date(2020, 2, 13)) == "13 Februari 2020"


def test_numbers_use_dots_for_thousands_and_a_comma_for_decimals():
    with translation.override("id"):
        out = Template("{{ n }} {{ x }}").render(Context({"n": 1234, "x": Decimal("1234.5")}))
    assert out == "1.234 1.234,5"


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_I18N


def test_the_indonesian_catalogue_is_compiled():
    assert (settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.mo").exists()


def test_default_database_is_under_the_project_data_folder_not_the_working_directory():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DEBUG": "1"}
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django,os;os.environ['DJANGO_SETTINGS_MODULE']='rumahdataku.settings';{code}",
        ],
        cwd="/",
        env=env | {"PYTHONPATH": str(settings.BASE_DIR)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == str(settings.BASE_DIR / "data" / "rumahdataku.sqlite3")


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    out = subprocess.run(
        [sys.executable, "-c", "import rumahdataku.settings"],
        cwd=str(settings.BASE_DIR),
        env=env | {"DEBUG": "0"},
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "SECRET_KEY wajib diisi" in out.stderr
