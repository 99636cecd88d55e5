"""The charts of a desa's month (or of an area of it) from its reports: a closed month's from the
file cache of :mod:`laporan.grafik`; an open month's drawn from its stored figures and kept in one
file per chart whose first line names the stored figures it was drawn from
(`services.identitas_terbuka`), so it is drawn again only after a write (issue 15: charts at
closed-month speed).

Apart from :mod:`laporan.grafik` (pure drawing and the cache) so that the chain inside laporan runs
one way: grafik_bulan → services → peta → grafik (issue 14).
"""

from __future__ import annotations

from laporan import laporan as lap
from laporan import services
from laporan.grafik import (
    FORMAT,
    GRAFIK,
    cache_ambil,
    cache_atau_buat,
    cache_simpan,
    geser_bulan,
    identitas_snapshot,
)


def laporan_12_bulan(
    desa, tahun: int, bulan: int, wilayah=None, sekarang: dict | None = None
) -> list[dict | None]:
    """The reports of the 12 months ending with this one, oldest first, each through
    ``laporan_bulan`` (a closed month's snapshot); None for months before the first month of
    data. The last entry is this month (its refusal propagates)."""
    akhir = f"{tahun:04d}-{bulan:02d}"
    hasil: list[dict | None] = []
    for i in range(-11, 1):
        t, b = (int(x) for x in geser_bulan(akhir, i).split("-"))
        try:
            if i == 0:
                hasil.append(sekarang or services.laporan_ringkas(desa, t, b, wilayah=wilayah))
            else:  # earlier months: only the trend blocks (a snapshot when closed)
                hasil.append(services.laporan_ringkas(desa, t, b, wilayah=wilayah))
        except lap.LaporanDitolak:
            if i == 0:
                raise
            hasil.append(None)
    return hasil


def gambar_bulan(
    desa, tahun: int, bulan: int, nama: str, format: str = "svg", wilayah=None, laporan=None
) -> bytes:
    """The chart `nama` of a desa's month (or of an area of it) as bytes; a closed month's come
    from the cache. `laporan` passes the month's report when the caller has it (the meeting
    pack draws every chart of an open month from one computation)."""
    g = GRAFIK[nama]
    if format not in FORMAT:
        raise ValueError(format)

    def buat() -> bytes:
        if g.tren:
            seri = laporan_12_bulan(desa, tahun, bulan, wilayah, laporan)
            hasil = g.fungsi(seri[-1], seri[:-1], format=format)
        else:
            lap_ = laporan or services.laporan_ringkas(
                desa, tahun, bulan, wilayah=wilayah, blok=g.blok
            )
            hasil = g.fungsi(lap_, format=format)
        return hasil.encode("utf-8") if isinstance(hasil, str) else hasil

    identitas = identitas_snapshot(desa, tahun, bulan)
    if identitas is None:
        if laporan is not None:
            return buat()
        return _terbuka(desa, tahun, bulan, nama, format, wilayah, buat)
    if wilayah is not None:
        identitas = f"{identitas}/{wilayah.kunci}"
    # Months close in order, so every earlier month of a trend is closed too (and stays so).
    return cache_atau_buat(
        ("grafik", desa.kode, f"{tahun:04d}-{bulan:02d}", nama, format, identitas), buat
    )


def _terbuka(desa, tahun, bulan, nama, format, wilayah, buat) -> bytes:
    """An open month's chart: one slot per (desa, month, area, chart, format), overwritten when
    the stamp moved — so the files stay as many as the charts, not as the writes."""
    identitas = services.identitas_terbuka(desa, tahun, bulan, wilayah)
    if identitas is None:
        return buat()
    cap = identitas.encode()
    wilayah_kunci = wilayah.kunci if wilayah else ""
    if wilayah is not None:
        wilayah_kunci += ":" + ",".join(str(i) for i in wilayah.rt_ids)
    slot = ("grafik-terbuka", desa.kode, f"{tahun:04d}-{bulan:02d}", nama, format, wilayah_kunci)
    lama = cache_ambil(slot)
    if lama is not None:
        kepala, _, isi = lama.partition(b"\n")
        if kepala == cap:
            return isi
    isi = buat()
    cache_simpan(slot, cap + b"\n" + isi)
    return isi


def semua_png(desa, tahun: int, bulan: int, wilayah=None, laporan=None) -> list[tuple[str, bytes]]:
    """(title, PNG) of every chart of the month, for the meeting-pack PDF."""
    return [
        (g.judul, gambar_bulan(desa, tahun, bulan, n, "png", wilayah, laporan))
        for n, g in GRAFIK.items()
    ]
