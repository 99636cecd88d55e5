"""The data stamp of a desa (`CapData`) and what keeps it current.

A month's figures are stored once computed (laporan.AngkaBulan) with the desa's stamp and the
definitions version; they are current while both are unchanged. So every write that can change a
figure bumps the stamp in its own transaction:

- writes to the data tables — whatever their path: services, forms, the importer, Django admin,
  offline sync, a merge, raw SQL, data migrations — through **database triggers** installed by
  each app's migration (`pasang_pemicu`): statement-level with transition tables on PostgreSQL (one
  UPDATE per statement, so a bulk insert pays once per batch), row-level on SQLite;
- what no row of those tables records (a restore, settings) through the one helper
  `tandai_berubah`, which callers may also use to say so explicitly (the import, month close and
  reopen do);
- definitions and settings: `versi_definisi()` is part of the stamp (a hash of the domain settings,
  the code constant `VERSI_DEFINISI` and today's date — the worklist counts some things relative
  to today, so an open month's figures are never reused across midnight).

No "earliest date touched": the data-quality block and the *koreksi bulan lalu* read today's data
whatever the month, so a write makes every open month of the desa stale (docs/DEFINISI.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import connections
from django.utils import timezone

# Bump when a definition in code changes (keluarga/indicators.py, poktan/indicators.py, the
# report's blocks): every stored figure becomes stale.
VERSI_DEFINISI = 1

TABEL_CAP = "keluarga_capdata"

# Models whose writes never change a figure, or that are the store itself. A user's scope
# (Lingkup and its lists) picks an area, and an area's stored figures are keyed by its RTs.
TANPA_PEMICU = frozenset(
    {
        "keluarga.logakses",
        "keluarga.capdata",
        "laporan.angkabulan",
        "impor.impor",
        "keluarga.lingkup",
        "keluarga.lingkup_desa",
        "keluarga.lingkup_dusun",
        "keluarga.lingkup_rw",
        "keluarga.lingkup_rt",
    }
)


def versi_definisi() -> str:
    """A short hash of what the figures are computed under besides the data."""
    isi = json.dumps(
        [
            VERSI_DEFINISI,
            getattr(settings, "RUMAHDATAKU", {}),
            getattr(settings, "RUMAHDATAKU_PENDAMPINGAN", {}),
            timezone.localdate().isoformat(),
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(isi.encode()).hexdigest()[:16]


def tandai_berubah(
    desa_ids: Iterable[int] | None = None, tanggal=None, *, using: str = "default"
) -> None:
    """Bump the stamp of these desa (None: every desa) in the caller's transaction.

    `tanggal` (the earliest date the write touches) is accepted for the callers' clarity but
    not used: every open month is made stale (see the module docstring)."""
    from keluarga.models import CapData, Desa

    if desa_ids is None:
        ids = list(Desa.objects.using(using).values_list("pk", flat=True))
    else:
        ids = sorted({int(i) for i in desa_ids if i is not None})
    if not ids:
        return
    qs = CapData.objects.using(using)
    ada = set(qs.filter(desa_id__in=ids).values_list("desa_id", flat=True))
    baru = [CapData(desa_id=i, nomor=1) for i in ids if i not in ada]
    if baru:
        qs.bulk_create(baru, ignore_conflicts=True)
    with connections[using].cursor() as c:
        c.execute(
            f"UPDATE {TABEL_CAP} SET nomor = nomor + 1 WHERE desa_id IN "
            f"({', '.join(['%s'] * len(ids))})",
            ids,
        )


def cap_desa(desa_id: int) -> int | None:
    from keluarga.models import CapData

    return CapData.objects.filter(desa_id=desa_id).values_list("nomor", flat=True).first()


# --- triggers ------------------------------------------------------------------------------


def _fk(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one or (f.is_relation and f.one_to_one)
    ]


def _jalur(model, kedalaman: int = 4) -> list[list[tuple[str, object]]]:
    """Chains from a row of `model` to its desa: [(column, next model), …, (desa column, None)].
    A model with a desa foreign key belongs to that desa; else every foreign key is followed."""
    langsung = [
        [(f.column, None)]
        for f in _fk(model)
        if f.related_model._meta.label_lower == "keluarga.desa"
    ]
    if langsung or kedalaman == 0:
        return langsung
    hasil = []
    for f in _fk(model):
        lain = f.related_model
        label = lain._meta.label_lower
        if label in ("auth.user", "contenttypes.contenttype") or lain._meta.object_name.startswith(
            "Historical"
        ):
            continue
        for sisa in _jalur(lain, kedalaman - 1):
            hasil.append([(f.column, lain), *sisa])
    return hasil


def _sql_jalur(jalur, sumber: str) -> str:
    """SELECT of desa ids along one chain from `sumber` ("SELECT r.col FROM baru r" or
    "SELECT NEW.col")."""
    sql = sumber.format(kolom=jalur[0][0])
    for i in range(len(jalur) - 1):
        m = jalur[i][1]
        sql = (
            f"SELECT {jalur[i + 1][0]} FROM {m._meta.db_table} WHERE {m._meta.pk.column} IN ({sql})"
        )
    return sql


def _nama(tabel: str) -> str:
    return f"cap_{tabel}"[:55]


# The apps whose tables hold what the figures are computed from.
APP_DATA = ("keluarga", "poktan", "pendampingan", "laporan", "kampungkb")


def model_berpemicu(apps, app_label: str) -> list:
    return [
        m
        for m in apps.get_app_config(app_label).get_models(include_auto_created=True)
        if m._meta.managed
        and not m._meta.proxy
        and m._meta.label_lower not in TANPA_PEMICU
        and not m._meta.object_name.startswith("Historical")
    ]


def sql_pemicu(model, vendor: str) -> tuple[list[str], list[str]]:
    """(create statements, drop statements) of the stamp trigger of one table."""
    t = model._meta.db_table
    n = _nama(t)
    if model._meta.label_lower == "keluarga.desa":
        pk = model._meta.pk.column
        if vendor == "postgresql":
            fungsi = (
                f"CREATE OR REPLACE FUNCTION {n}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"INSERT INTO {TABEL_CAP} (desa_id, nomor) SELECT {pk}, 1 FROM baru "
                f"ON CONFLICT (desa_id) DO UPDATE SET nomor = {TABEL_CAP}.nomor + 1; "
                "RETURN NULL; END $$"
            )
            return (
                [
                    fungsi,
                    f"CREATE TRIGGER {n}_i AFTER INSERT ON {t} REFERENCING NEW TABLE AS baru "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {n}()",
                    f"CREATE TRIGGER {n}_u AFTER UPDATE ON {t} REFERENCING NEW TABLE AS baru "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {n}()",
                ],
                [
                    f"DROP TRIGGER IF EXISTS {n}_i ON {t}",
                    f"DROP TRIGGER IF EXISTS {n}_u ON {t}",
                    f"DROP FUNCTION IF EXISTS {n}()",
                ],
            )
        badan = (
            f"INSERT INTO {TABEL_CAP} (desa_id, nomor) VALUES (NEW.{pk}, 1) "
            f"ON CONFLICT (desa_id) DO UPDATE SET nomor = nomor + 1;"
        )
        return (
            [
                f"CREATE TRIGGER {n}_i AFTER INSERT ON {t} BEGIN {badan} END",
                f"CREATE TRIGGER {n}_u AFTER UPDATE ON {t} BEGIN {badan} END",
            ],
            [f"DROP TRIGGER IF EXISTS {n}_i", f"DROP TRIGGER IF EXISTS {n}_u"],
        )
    jalur = _jalur(model)
    if vendor == "postgresql":

        def ubah(rel):
            if not jalur:  # nothing leads to a desa: every desa
                return f"UPDATE {TABEL_CAP} SET nomor = nomor + 1;"
            pilih = " UNION ".join(
                _sql_jalur(j, "SELECT r.{kolom} FROM " + rel + " r") for j in jalur
            )
            return f"UPDATE {TABEL_CAP} SET nomor = nomor + 1 WHERE desa_id IN ({pilih});"

        fungsi = (
            f"CREATE OR REPLACE FUNCTION {n}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN {ubah('baru')} END IF; "
            f"IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN {ubah('lama')} END IF; "
            "RETURN NULL; END $$"
        )
        return (
            [
                fungsi,
                f"CREATE TRIGGER {n}_i AFTER INSERT ON {t} REFERENCING NEW TABLE AS baru "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {n}()",
                f"CREATE TRIGGER {n}_u AFTER UPDATE ON {t} REFERENCING OLD TABLE AS lama "
                f"NEW TABLE AS baru FOR EACH STATEMENT EXECUTE FUNCTION {n}()",
                f"CREATE TRIGGER {n}_d AFTER DELETE ON {t} REFERENCING OLD TABLE AS lama "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {n}()",
            ],
            [
                f"DROP TRIGGER IF EXISTS {n}_i ON {t}",
                f"DROP TRIGGER IF EXISTS {n}_u ON {t}",
                f"DROP TRIGGER IF EXISTS {n}_d ON {t}",
                f"DROP FUNCTION IF EXISTS {n}()",
            ],
        )

    # SQLite: a trigger body names no table but the stamp's, so a later migration that remakes a
    # table (SQLite's ALTER) never trips over it; a row without its own desa column bumps every
    # desa (an SQLite install is one or a few villages).
    kolom = [j[0][0] for j in jalur if len(j) == 1]

    def ubah_baris(*rel):
        if not kolom or len(kolom) != len(jalur):
            return f"UPDATE {TABEL_CAP} SET nomor = nomor + 1;"
        nilai = ", ".join(f"{r}.{k}" for r in rel for k in kolom)
        return f"UPDATE {TABEL_CAP} SET nomor = nomor + 1 WHERE desa_id IN ({nilai});"

    return (
        [
            f"CREATE TRIGGER {n}_i AFTER INSERT ON {t} BEGIN {ubah_baris('NEW')} END",
            f"CREATE TRIGGER {n}_u AFTER UPDATE ON {t} BEGIN {ubah_baris('NEW', 'OLD')} END",
            f"CREATE TRIGGER {n}_d AFTER DELETE ON {t} BEGIN {ubah_baris('OLD')} END",
        ],
        [
            f"DROP TRIGGER IF EXISTS {n}_i",
            f"DROP TRIGGER IF EXISTS {n}_u",
            f"DROP TRIGGER IF EXISTS {n}_d",
        ],
    )


def _jalankan(schema_editor, perintah: list[str]) -> None:
    with schema_editor.connection.cursor() as c:
        for p in perintah:
            c.execute(p)


def pemasang(app_label: str):
    """RunPython (forward, backward) pair installing the stamp triggers of an app's tables, as
    the migration's model state has them. An app's later migration that adds a table calls it
    again (drop-and-create is idempotent)."""

    def maju(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for m in model_berpemicu(apps, app_label):
            buat, hapus = sql_pemicu(m, vendor)
            _jalankan(schema_editor, hapus + buat)

    def mundur(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for m in model_berpemicu(apps, app_label):
            _jalankan(schema_editor, sql_pemicu(m, vendor)[1])

    return maju, mundur


def pemicu_terpasang(conn) -> set[str]:
    with conn.cursor() as c:
        if conn.vendor == "postgresql":
            c.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'cap\\_%%'")
        else:
            c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cap_%%'"
            )
        return {r[0] for r in c.fetchall()}


def pemicu_kurang(conn) -> list:
    """Models of the data apps whose stamp trigger is missing."""
    from django.apps import apps

    ada = pemicu_terpasang(conn)
    return [
        m
        for label in APP_DATA
        if label in apps.app_configs
        for m in model_berpemicu(apps, label)
        if f"{_nama(m._meta.db_table)}_i" not in ada
    ]


def pasang_semua(sender=None, using="default", **kwargs) -> None:
    """post_migrate: install any missing trigger (a later migration that remakes a table on
    SQLite drops the table's triggers with it) and make every stored figure stale (data
    migrations may have written anything)."""
    conn = connections[using]
    if conn.vendor not in ("postgresql", "sqlite"):
        return
    tabel = set(conn.introspection.table_names())
    if TABEL_CAP not in tabel:  # a partial migrate, before keluarga's stamp exists
        return
    for m in pemicu_kurang(conn):
        if m._meta.db_table not in tabel:  # that app is not migrated yet
            continue
        buat, hapus = sql_pemicu(m, conn.vendor)
        with conn.cursor() as c:
            for p in hapus + buat:
                c.execute(p)
    tandai_berubah(None, using=using)
