"""Moving models between apps keeps the data (issue 14): a database built by the commit before the
move (its own code, `migrate` + a small `seed_demo`) migrates to this layout with every row, the
content types and the permissions granted on them; a backup taken before the move restores into a
fresh database of this version the same way.

Database-neutral: on PostgreSQL it builds two scratch databases beside the test database, on
SQLite two files. Needs the git history (CI runs on a full clone).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"

BACA = """
import json
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
hitung = {
    m._meta.db_table: m._base_manager.count()
    for m in apps.get_models() if m._meta.managed and not m._meta.proxy
}
g = Group.objects.get(name="uji-pindah")
print(json.dumps({
    "hitung": hitung,
    "ct": {f"{c.app_label}.{c.model}": c.pk for c in ContentType.objects.filter(model="impor")},
    "izin": sorted(
        f"{a}.{k}" for a, k in g.permissions.values_list("content_type__app_label", "codename")
    ),
    "impor": sorted(apps.get_model(
        *[c.app_label for c in ContentType.objects.filter(model="impor")], "impor"
    ).objects.values_list("nama_berkas", flat=True)),
}))
"""

ISI_LAMA = """
from django.contrib.auth.models import Group, Permission
from keluarga.models import Desa, Impor
Impor.objects.create(desa=Desa.objects.first(), tanggal_impor="2026-10-01",
                     nama_berkas="sebelum-pindah.xlsx", status="tersimpan", baru=3)
Group.objects.create(name="uji-pindah").permissions.add(
    Permission.objects.get(content_type__app_label="keluarga", codename="view_impor"))
"""


def _git(*args: str) -> str:
    return subprocess.run(
        [GIT, *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def _commit_sebelum_pindah() -> str:
    """Main just before the move: the first commit on HEAD's first-parent line that holds the
    migration taking Impor out of keluarga (the merge that landed it), and its first parent —
    every other app's migrations of that time, without the move."""
    (pindah, *_lain) = _git(
        "rev-list",
        "--first-parent",
        "--reverse",
        "HEAD",
        "--",
        "impor/migrations/0001_impor_dari_keluarga.py",
    ).split()
    return _git("rev-parse", f"{pindah}^1")


# Migrations the move adds; a backup from before it restores into a database at the backup's
# migrations plus these (operasi.cadangan.MIGRASI_PINDAH), then migrates on like any database.
PINDAH = (("keluarga", "0011_impor_pindah_ke_app_impor"), ("impor", "0001_impor_dari_keluarga"))

TERAKHIR = """
import json
from django.db import connection
with connection.cursor() as c:
    c.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app")
    print(json.dumps(dict(c.fetchall())))
"""


class _Basis:
    """Scratch databases of the test run's own engine."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.pg = connection.vendor == "postgresql"
        self.dibuat: list[str] = []

    def url(self, nama: str) -> str:
        if not self.pg:
            return f"sqlite:///{self.tmp / (nama + '.sqlite3')}"
        s = connection.settings_dict
        db = f"{s['NAME']}_{nama}"
        self._admin(f'DROP DATABASE IF EXISTS "{db}"')
        self._admin(f'CREATE DATABASE "{db}"')
        self.dibuat.append(db)
        sandi = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{sandi}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{db}"

    def _admin(self, sql: str) -> None:
        import psycopg2

        s = connection.settings_dict
        c = psycopg2.connect(
            dbname="postgres",
            user=s["USER"],
            password=s.get("PASSWORD") or None,
            host=s["HOST"] or "127.0.0.1",
            port=s["PORT"] or 5432,
        )
        c.autocommit = True
        with c.cursor() as cur:
            cur.execute(sql)
        c.close()

    def hapus(self) -> None:
        for db in self.dibuat:
            self._admin(f'DROP DATABASE IF EXISTS "{db}"')


def _manage(kode: Path, url: str, data: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RUMAHDATAKU_TEST_DB")}
    env.update(DEBUG="1", DATABASE_URL=url, RUMAHDATAKU_DATA_DIR=str(data))
    r = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=kode, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


@pytest.fixture
def basis(tmp_path):
    b = _Basis(tmp_path)
    yield b
    if b.pg:
        b.hapus()


@pytest.mark.slow
@pytest.mark.django_db
def test_a_database_and_a_backup_from_before_the_move_keep_their_rows_and_content_types(
    tmp_path, basis
):
    lama = tmp_path / "lama"
    lama.mkdir()
    arsip = subprocess.run(
        [GIT, "archive", _commit_sebelum_pindah()], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(arsip)) as tar:
        tar.extractall(lama, filter="data")
    assert (lama / "keluarga" / "models" / "impor.py").exists()

    # The previous layout, with demo data, an import record and a permission granted on it.
    db1, data1 = basis.url("lama1"), tmp_path / "data1"
    _manage(lama, db1, data1, "migrate", "-v0")
    _manage(lama, db1, data1, "seed_demo", "--families", "12", "--seed", "3")
    _manage(lama, db1, data1, "shell", "-v0", "-c", ISI_LAMA)
    sebelum = json.loads(_manage(lama, db1, data1, "shell", "-v0", "-c", BACA))
    ct_lama = sebelum["ct"]["keluarga.impor"]
    assert sebelum["izin"] == ["keluarga.view_impor"]
    assert sebelum["hitung"]["keluarga_impor"] == 1 and sebelum["hitung"]["keluarga_anggota"] > 0

    # Its backup, restored by this version into a fresh database.
    folder = tmp_path / "cadangan"
    _manage(lama, db1, data1, "backup", "--dir", str(folder))
    (berkas,) = folder.glob("rumahdataku-cadangan-*.tar.gz")
    db2, data2 = basis.url("baru"), tmp_path / "data2"
    terakhir = json.loads(_manage(lama, db1, data1, "shell", "-v0", "-c", TERAKHIR))
    for app, nama in [*sorted(terakhir.items()), *PINDAH]:
        _manage(ROOT, db2, data2, "migrate", "-v0", app, nama)
    _manage(ROOT, db2, data2, "restore", str(berkas))

    for url, data in ((db1, data1), (db2, data2)):
        _manage(ROOT, url, data, "migrate", "-v0")
    for url, data in ((db1, data1), (db2, data2)):
        sesudah = json.loads(_manage(ROOT, url, data, "shell", "-v0", "-c", BACA))
        # The import record is now impor.Impor: same content type row (so the same id), the
        # same permission granted, the same table and row.
        assert sesudah["ct"] == {"impor.impor": ct_lama}
        assert sesudah["izin"] == ["impor.view_impor"]
        assert sesudah["impor"] == ["sebelum-pindah.xlsx"]
        lain = ("django_content_type", "auth_permission")
        # Later migrations add one role: the Kabupaten group (keluarga 0012_kabupaten).
        assert sesudah["hitung"]["auth_group"] == sebelum["hitung"]["auth_group"] + 1
        assert {t: n for t, n in sesudah["hitung"].items() if t in sebelum["hitung"]} | {
            t: sebelum["hitung"][t] for t in (*lain, "auth_group")
        } == sebelum["hitung"]
