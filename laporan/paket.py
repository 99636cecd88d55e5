"""What the meeting-pack PDF holds besides the tables: charts, maps, the meeting minutes."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from keluarga import akses
from keluarga.akses import K
from laporan import blok
from laporan.cetak import data_uri


def lampiran_paket(user, desa, laporan: dict) -> tuple[list[dict], list[dict], str]:
    """PNG charts of the month, the village map and one map per dusun, and the minutes."""
    from laporan import grafik_bulan, peta

    tahun, bulan = (int(x) for x in laporan["bulan"].split("-"))
    from laporan.wilayah import Wilayah

    wilayah = Wilayah.dari_laporan(laporan)
    gambar = [
        {"judul": judul, "src": data_uri(png)}
        for judul, png in grafik_bulan.semua_png(desa, tahun, bulan, wilayah, laporan)
    ]
    lapisan_kb = akses.boleh(user, K.PETA_KB) if user is not None else False
    peta_list = [
        {"judul": judul, "src": data_uri(png)}
        for judul, png in peta.paket_png(
            desa,
            tahun,
            bulan,
            lapisan_kb=lapisan_kb,
            rt_ids=list(wilayah.rt_ids) if wilayah else None,
        )
    ]
    return gambar, peta_list, notulen_rapat(desa, laporan)


def notulen_rapat(desa, laporan: dict) -> str:
    """The registered meeting-pack sections (kampungkb: the pokja meeting's minutes of that
    month, when a meeting was recorded), or "" when none. Each section is a rendered template
    (its values escaped there), so the joined HTML is marked safe: joining plain strings would
    print the minutes' tags as text."""
    return mark_safe("".join(bagian(desa, laporan) for bagian in blok.PAKET.semua()))  # noqa: S308
