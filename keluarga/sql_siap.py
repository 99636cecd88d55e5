"""The report's big statements, compiled once per process and then only executed.

A monthly-report statement (population by age band, KB status of PUS, family risk flags, the
worklist) is a function of its inputs only: the date, the desa and RT ids and the dated moves
read just before (``indicators.Pindahan``). Building and compiling it through the ORM costs more
Python time than the database takes to run it (≈ 190 of 530 ms of a live report at 3,000
families), so `baris` keeps the compiled SQL under a key naming those inputs and runs it as is
the next time. The numbers are always read from the data; only the SQL text is reused, like a
prepared statement. Overridden settings (tests) empty the store, since thresholds are compiled
into the SQL.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.dispatch import receiver

# A report uses about ten statements per (desa set, date); 512 keeps the open months of a
# district's desa and their previous months.
UKURAN = 512

_simpanan: OrderedDict[tuple, tuple[str, tuple, list[str]] | None] = OrderedDict()
_kunci = threading.Lock()
# Bumped by kosongkan(): SQL built before a settings change (another thread) is not stored.
_generasi = 0


def baris(kunci: tuple[Hashable, ...], buat: Callable[[], QuerySet]) -> list[dict]:
    """Rows of the values() queryset `buat()` as dicts. `kunci` must name everything its SQL
    depends on (which statement, dates, ids, moves); `buat` is called only on a miss."""
    conn = connections[DEFAULT_DB_ALIAS]
    k = (conn.alias, conn.vendor, *kunci)
    with _kunci:
        ada = k in _simpanan
        isi = _simpanan.get(k)
        generasi = _generasi
        if ada:
            _simpanan.move_to_end(k)
    if not ada:
        isi = _susun(buat())
        _simpan(k, isi, generasi)
    if isi is None:  # a query that can match nothing (e.g. an empty id list)
        return []
    sql, params, nama = isi
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return [dict(zip(nama, r, strict=True)) for r in cur.fetchall()]


def agregat(kunci: tuple[Hashable, ...], hitung: Callable[[], dict]) -> dict:
    """The result of `hitung()`, one ``QuerySet.aggregate()`` call, replaying its recorded SQL
    on later calls with the same key. Recorded rather than compiled: Django runs an aggregate
    over subquery annotations as an outer query around them, which only `aggregate` builds."""
    conn = connections[DEFAULT_DB_ALIAS]
    k = (conn.alias, conn.vendor, "agregat", *kunci)
    with _kunci:
        isi = _simpanan.get(k)
        generasi = _generasi
        if isi is not None:
            _simpanan.move_to_end(k)
    if isi is None:
        tercatat: list[tuple[str, tuple]] = []

        def catat(execute, sql, params, many, context):
            tercatat.append((sql, tuple(params or ())))
            return execute(sql, params, many, context)

        with conn.execute_wrapper(catat):
            hasil = hitung()
        if len(tercatat) == 1:  # else (none: an empty filter; several) nothing to replay
            _simpan(k, (*tercatat[0], list(hasil)), generasi)
        return hasil
    sql, params, nama = isi
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return dict(zip(nama, cur.fetchone(), strict=False))


def _simpan(k: tuple, isi, generasi: int) -> None:
    with _kunci:
        if generasi != _generasi:
            return
        _simpanan[k] = isi
        while len(_simpanan) > UKURAN:
            _simpanan.popitem(last=False)


def _susun(qs: QuerySet) -> tuple[str, tuple, list[str]] | None:
    q = qs.query
    try:
        sql, params = q.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:
        return None
    # The column names in the order of Django's ValuesIterable.
    nama = (
        list(q.selected)
        if q.selected
        else [*q.extra_select, *q.values_select, *q.annotation_select]
    )
    return sql, tuple(params), nama


def kosongkan() -> None:
    global _generasi
    with _kunci:
        _simpanan.clear()
        _generasi += 1


@receiver(setting_changed)
def _pengaturan_berubah(**_kwargs) -> None:
    kosongkan()
