"""Planner statistics after a bulk write (issue 15, step 4: plans that survive fresh data).

A query plan is only as good as the planner's row counts. Right after an import or a seeding that
fills a table the statistics describe the table as it was (or, in a fresh database, not at all):
PostgreSQL's autovacuum analyses only after a delay (and is off on some machines), SQLite never
does. The live report of a freshly imported 30,000-resident village took 53 s on PostgreSQL
before `ANALYZE` and 1.2 s after. So a write of more than `AMBANG_BARIS` rows, or of more than
`AMBANG_BAGIAN` of a table, ends with `ANALYZE` of the tables it filled, once the transaction has
committed (`transaction.on_commit`: a rolled-back import analyses nothing and the write's locks
are released first).

    segarkan_statistik({Anggota: 10_000, Keluarga: 2_700})

PostgreSQL: `ANALYZE t1, t2, ...` (a sample of 300 × default_statistics_target rows per table:
a second or so for a kabupaten's member table). SQLite: `ANALYZE "t"` per table under
`PRAGMA analysis_limit` (the approximate, bounded mode), then `PRAGMA optimize`. SQLite 3.40's
`PRAGMA optimize` alone analyses only tables that already have statistics and that the
connection's queries used, so a first import would leave `sqlite_stat1` empty.

Off with the setting `SEGARKAN_STATISTIK = False` (environment `SEGARKAN_STATISTIK=0`): the
benchmark's "report right after an import, without ANALYZE" row uses it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection, models, transaction

log = logging.getLogger(__name__)

AMBANG_BARIS = 1000  # rows written in one operation (all tables together)
AMBANG_BAGIAN = 0.10  # or this share of one table's rows (after the write)
BATAS_ANALISIS_SQLITE = 1000  # PRAGMA analysis_limit: rows examined per index

Sasaran = type[models.Model] | str


def _tabel(x: Sasaran) -> list[str]:
    """The table of a model, and that of its simple-history model when it has one (an import
    writes one history row per record)."""
    if isinstance(x, str):
        return [x]
    tabel = [x._meta.db_table]
    riwayat = getattr(x, "history", None)
    model_riwayat = getattr(riwayat, "model", None)
    if model_riwayat is not None and model_riwayat is not x:
        tabel.append(model_riwayat._meta.db_table)
    return tabel


def _baris_hingga(tabel: str, batas: int) -> int:
    """Rows in a table, counted up to `batas` (exact below it, cheap on a large table)."""
    q = connection.ops.quote_name(tabel)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {q} LIMIT %s) AS t", [batas])  # noqa: S608
        return int(cur.fetchone()[0])


def perlu_segarkan(ditulis: dict[Sasaran, int]) -> bool:
    """Whether a write of these row counts calls for fresh statistics: more than AMBANG_BARIS
    rows in all, or more than AMBANG_BAGIAN of one table (its rows counted after the write)."""
    if sum(n for n in ditulis.values() if n) > AMBANG_BARIS:
        return True
    for x, n in ditulis.items():
        if not n:
            continue
        # n > 10 % of the table  <=>  the table holds fewer than n / 10 % rows.
        batas = int(n / AMBANG_BAGIAN)
        if _baris_hingga(_tabel(x)[0], batas) < batas:
            return True
    return False


def analisis(tabel: list[str]) -> float:
    """ANALYZE these tables now; returns the seconds it took."""
    mulai = time.perf_counter()
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE " + ", ".join(q(t) for t in tabel))
        elif connection.vendor == "sqlite":
            cur.execute(f"PRAGMA analysis_limit = {BATAS_ANALISIS_SQLITE}")
            for t in tabel:
                cur.execute(f"ANALYZE {q(t)}")
            cur.execute("PRAGMA optimize")
    detik = time.perf_counter() - mulai
    log.info("ANALYZE %s: %.2f s", ", ".join(tabel), detik)
    return detik


def segarkan_statistik(ditulis: dict[Sasaran, int]) -> list[str]:
    """After a bulk write: when `ditulis` (rows written per model or table) crosses the
    thresholds, schedule ANALYZE of the tables written (and their history tables) for after the
    commit. Returns the tables scheduled (empty: nothing to do). Outside a transaction the
    analysis runs at once."""
    if not getattr(settings, "SEGARKAN_STATISTIK", True):
        return []
    isi = {x: n for x, n in ditulis.items() if n}
    if not isi or not perlu_segarkan(isi):
        return []
    tabel: list[str] = []
    for x in isi:
        for t in _tabel(x):
            if t not in tabel:
                tabel.append(t)
    transaction.on_commit(lambda: analisis(tabel))
    return tabel
