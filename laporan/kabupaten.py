"""A kabupaten's month (issue 15 step 5): the sum of its desa, one level of kecamatan between.

``laporan_kabupaten`` obtains every desa's figures through ONE function, ``laporan_per_desa``
(a list of desa in, their month reports out). Today it asks ``services.laporan_bulan`` per desa,
as the kecamatan sum does; when the stored per-desa month figures exist it reads those instead
(the only function to switch), and everything above it — the two-level sum in
``laporan.laporan.gabung_kabupaten`` with its percentages recomputed from summed counts, the
pages, ``monthly_report --kabupaten`` — stays as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from keluarga.models import Desa
from laporan import laporan as lap
from laporan import services

KODE_KABUPATEN = re.compile(r"^\d{4}$")


def desa_kabupaten(kode_kabupaten: str) -> list[Desa]:
    """The desa of a kabupaten/kota (4-digit Kemendagri code: province 2, kabupaten 2)."""
    if not KODE_KABUPATEN.match(kode_kabupaten or ""):
        raise lap.LaporanDitolak(
            _("Kode kabupaten/kota %(k)s tidak sah: harus 4 angka.") % {"k": kode_kabupaten}
        )
    desa = list(Desa.objects.filter(kode__startswith=kode_kabupaten).order_by("kode"))
    if not desa:
        raise lap.LaporanDitolak(
            _("Tidak ada desa dengan kode kabupaten/kota %(k)s.") % {"k": kode_kabupaten}
        )
    return desa


def laporan_per_desa(desa_list: list[Desa], tahun: int, bulan: int) -> list[dict]:
    """Each desa's month report without last month's comparison (a desa without data that month
    left out), from the stored per-desa summaries (`services.ringkasan_desa`: one query for the
    current ones, the stale ones computed and stored) — the same sum a kecamatan reads."""
    return services.ringkasan_desa(desa_list, tahun, bulan)


def _bulan_lalu(tahun: int, bulan: int) -> tuple[int, int]:
    return (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)


def nama_kabupaten(desa_list: list[Desa], kode: str) -> str:
    return next((d.kabupaten_nama for d in desa_list if d.kabupaten_nama), "") or kode


def laporan_kabupaten(
    kode_kabupaten: str, tahun: int, bulan: int, *, dengan_lalu: bool = True
) -> dict:
    """A kabupaten's month: counts summed over its desa, percentages recomputed from the sums,
    ``per_wilayah`` one entry per kecamatan then its desa (REPORT_JSON.md's kecamatan shape)."""
    semua = desa_kabupaten(kode_kabupaten)
    laporan_desa = laporan_per_desa(semua, tahun, bulan)
    if not laporan_desa:
        raise lap.LaporanDitolak(
            _("Belum ada data desa di kabupaten/kota ini untuk bulan tersebut.")
        )
    lalu = None
    if dengan_lalu:
        ty, tb = _bulan_lalu(tahun, bulan)
        try:
            lalu = laporan_kabupaten(kode_kabupaten, ty, tb, dengan_lalu=False)
        except lap.LaporanDitolak:
            lalu = None
    nama_kecamatan: dict[str, str] = {}
    for d in semua:
        if d.kecamatan_nama and d.kecamatan_kode not in nama_kecamatan:
            nama_kecamatan[d.kecamatan_kode] = d.kecamatan_nama
    return lap.gabung_kabupaten(
        laporan_desa,
        kabupaten={"kode": kode_kabupaten, "nama": nama_kabupaten(semua, kode_kabupaten)},
        nama_kecamatan=nama_kecamatan,
        laporan_lalu=lalu,
    )
