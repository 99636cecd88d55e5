"""Cache of live (open-month) reports: a repeat view costs what a closed month costs.

A live report is a function of the data and the month only, so it is cached under a data version
that every write bumps: post_save/post_delete of each model a report reads (every save through
keluarga.services, poktan.services, forms and the admin), and `data_berubah()` after the bulk
writes that skip signals (the import's `terapkan`, the demo seeders). One version for the whole
database: any write anywhere recomputes every live report on its next view (simple and safe; a
per-desa version is the refinement). Entries also expire after RUMAHDATAKU_CACHE_LAPORAN_DETIK,
so a write path that forgot to bump shows stale numbers for minutes, not for ever.

The cache is `caches["laporan"]` (settings: a FileBasedCache under DATA_DIR/cache/laporan, shared
by the gunicorn workers), else the default cache.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

KUNCI_VERSI = "laporan:versi-data"
# The models the monthly report reads. Not LogAkses, Lingkup or Impor: a page view or an access
# log entry must not throw the cache away.
MODEL_LAPORAN = [
    "keluarga.Desa", "keluarga.Dusun", "keluarga.RW", "keluarga.RT", "keluarga.Rumah",
    "keluarga.Keluarga", "keluarga.Anggota", "keluarga.Peristiwa", "keluarga.PindahRumah",
    "keluarga.Kehamilan", "keluarga.StatusKB", "poktan.Kelompok", "poktan.Pengurus",
    "poktan.Keanggotaan", "poktan.Pertemuan", "poktan.Kehadiran", "poktan.KeuanganUppka",
    "poktan.Penimbangan", "laporan.PeriodeBulan",
]  # fmt: skip


def _cache():
    return caches["laporan" if "laporan" in settings.CACHES else "default"]


def versi_data() -> str:
    """The current data version: a random token, so a version lost from the cache (culled,
    cleared) is replaced by one no stored report carries."""
    c = _cache()
    v = c.get(KUNCI_VERSI)
    if v is None:
        c.add(KUNCI_VERSI, uuid.uuid4().hex, timeout=None)
        v = c.get(KUNCI_VERSI)
    return v


def data_berubah(**_kwargs) -> None:
    """A new data version: every cached live report is stale from now on."""
    _cache().set(KUNCI_VERSI, uuid.uuid4().hex, timeout=None)


def data_berubah_saat_commit(**_kwargs) -> None:
    """Bump once the writing transaction commits: a report computed meanwhile from the old data
    must not be stored under the new version."""
    transaction.on_commit(data_berubah)


def ambil_atau_hitung(kunci: str, hitung):
    """The cached live report under this data version, else computed and stored. A timeout of 0
    turns the cache off (tests: their rolled-back writes never commit, so never bump)."""
    detik = getattr(settings, "RUMAHDATAKU_CACHE_LAPORAN_DETIK", 900)
    if detik <= 0:
        return hitung()
    c = _cache()
    k = f"laporan:hidup:{settings.RUMAHDATAKU.get('VERSI_LAPORAN', 1)}:{versi_data()}:{kunci}"
    hasil = c.get(k)
    if hasil is None:
        hasil = hitung()
        c.set(k, hasil, timeout=detik)
    return hasil


def hubungkan() -> None:
    from django.apps import apps

    for label in MODEL_LAPORAN:
        model = apps.get_model(label)
        for sinyal, h in ((post_save, "s"), (post_delete, "d")):
            sinyal.connect(
                data_berubah_saat_commit, sender=model, dispatch_uid=f"cache-laporan-{h}-{label}"
            )
