"""A small registry of report blocks that apps above `laporan` fill in.

`laporan` must not import the apps built on it (kampungkb is above it), yet a report block may
need their data: the Kampung KB classification reads the profile. Such an app registers a
function here from its ``AppConfig.ready()``; ``laporan.laporan.susun`` calls every registered
function for a desa report (never for a kecamatan/kabupaten sum) after its own blocks, in the
order registered. A function gets ``(laporan, desa, tahun, bulan)`` and returns a dict merged
into the report (e.g. ``{"klasifikasi_kampung_kb": {...}}``).

Issue 14 plans a general report-block registry: this is the small first piece of it.
"""

from __future__ import annotations

from collections.abc import Callable

PENGISI: dict[str, Callable[..., dict]] = {}


def daftarkan(nama: str, fungsi: Callable[..., dict]) -> None:
    """Register (or replace, on a reload) the function filling blocks under `nama`."""
    PENGISI[nama] = fungsi


def isi_blok(laporan: dict, desa, tahun: int, bulan: int) -> None:
    for fungsi in PENGISI.values():
        laporan.update(fungsi(laporan, desa, tahun, bulan))


# Map layers filled by apps above laporan: name → function(desa, tahun, bulan) -> list[dict]
# (kampungkb registers "lintas_sektor": the month's activities with their agencies).
LAPISAN: dict[str, Callable[..., list[dict]]] = {}


def daftarkan_lapisan(nama: str, fungsi: Callable[..., list[dict]]) -> None:
    LAPISAN[nama] = fungsi


def lapisan(nama: str, desa, tahun: int, bulan: int) -> list[dict]:
    """The layer's items, or [] when no app registered it."""
    fungsi = LAPISAN.get(nama)
    return fungsi(desa, tahun, bulan) if fungsi else []
