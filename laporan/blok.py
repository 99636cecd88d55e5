"""What the apps above `laporan` add to the report, its pages, maps and print (one registry module).

`laporan` never imports the apps built on it (kampungkb, and later the family-assistance follow-up
and the portal): each registers here from its ``AppConfig.ready()``, with the one mechanism of
:class:`keluarga.registri.Registri`:

- ``BLOK`` — report blocks: :class:`Blok` (name, ``hitung(laporan, desa, tahun, bulan) -> dict``
  merged into a desa report by ``laporan.laporan.susun`` after its own blocks — so frozen with it
  by the close in the snapshot and the area snapshots — and ``gabung(blok_desa) -> value`` for a
  kecamatan/kabupaten sum: summed counts with percentages recomputed, or None = omitted there);
- ``KARTU`` — dashboard/report-page cards: name → function returning the card's context or None;
- ``PAKET`` — meeting-pack sections: name → function(desa, laporan) -> HTML text ("" if none);
- ``SUMBER`` — small facts the report's pages show: ``penandatangan`` (desa) -> signature block,
  ``wilayah_kampung_kb`` (desa) -> (title, RT ids) or None when the whole desa,
  ``ada_wilayah_kampung_kb`` (desa) -> bool;
- ``LAPISAN`` — map layers: name → function(desa, tahun, bulan) -> list[dict].

The portal block ``portal_kkbpk`` stays computed inside laporan (``laporan/portal.py``): it is
counted from the report's own per-RT counts and needs nothing above laporan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from keluarga.registri import Registri


@dataclass(frozen=True)
class Blok:
    """A report block an upper app adds: computed for a desa or area, summed or omitted above."""

    hitung: Callable[..., dict]
    gabung: Callable[[list], object] | None = None

    def __call__(self, laporan: dict, desa, tahun: int, bulan: int) -> dict:
        return self.hitung(laporan, desa, tahun, bulan)


BLOK = Registri("blok laporan bulanan")
KARTU = Registri("kartu dasbor dan halaman laporan")
PAKET = Registri("bagian paket rapat")
SUMBER = Registri("data kecil untuk halaman laporan")
LAPISAN = Registri("lapisan peta")


def daftarkan(
    nama: str, fungsi: Callable[..., dict], *, gabung: Callable[[list], object] | None = None
) -> None:
    """Register (or replace, on a reload) a report block under `nama`."""
    BLOK.daftarkan(nama, Blok(fungsi, gabung))


def isi_blok(laporan: dict, desa, tahun: int, bulan: int) -> None:
    """Merge every registered block into a desa (or area) report, in registration order."""
    for blok in BLOK.semua():
        laporan.update(blok(laporan, desa, tahun, bulan))


def gabung_blok(hasil: dict, laporan_desa: list[dict]) -> None:
    """Sum the registered blocks that say how into a kecamatan/kabupaten report."""
    for nama, blok in BLOK.items():
        if blok.gabung is not None:
            hasil[nama] = blok.gabung([r.get(nama) for r in laporan_desa])


def daftarkan_lapisan(nama: str, fungsi: Callable[..., list[dict]]) -> None:
    LAPISAN.daftarkan(nama, fungsi)


def lapisan(nama: str, desa, tahun: int, bulan: int) -> list[dict]:
    """The layer's items, or [] when no app registered it."""
    return LAPISAN.panggil(nama, desa, tahun, bulan, bawaan=[])
