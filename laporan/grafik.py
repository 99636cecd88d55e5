"""Charts of the monthly report (DOMAIN.md §5) as SVG (screen) or PNG (print), drawn from report
dicts (REPORT_JSON.md), and the file cache that keeps closed months' images byte-for-byte.

Matplotlib runs headless (Agg) through the object API (``Figure``), never pyplot. Fonts and the SVG
settings live in rcParams, which are process-global, so drawing and saving happen under one lock
inside ``rc_context``: concurrent requests in threads never see each other's settings.

Caching: a closed month's chart is a pure function of its snapshot, so its bytes are stored under
DATA_DIR/cache/grafik keyed by (desa, month, chart, format, snapshot identity, VERSI) and never
recomputed; the identity changes when the month is reopened and closed again. Open months are
drawn from live figures on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless, before anything imports pyplot

from django.conf import settings  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from keluarga import kode  # noqa: E402
from keluarga.indicators import persen as persen_desimal  # noqa: E402

# Bump when the drawing changes: cached images of closed months are keyed by it.
VERSI = "1"

NAMA_BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
NAMA_BULAN_PENDEK = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
]

RC = {
    "svg.fonttype": "none",  # text stays text: small files, searchable, the page's font
    "svg.hashsalt": "rumahdataku",  # stable element ids: the same data gives the same SVG
    "font.family": "DejaVu Sans",  # bundled with matplotlib: identical output on every server
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
DPI_PNG = 150
UKURAN = (6.4, 4.4)  # inches: a card on screen, half an A4 page in print
BELUM_ADA_DATA = "Belum ada data"

WARNA = {
    "L": "#2b6cb0",
    "P": "#c0504d",
    "mkjp": "#1b7837",
    "non_mkjp": "#67a9cf",
    "tradisional": "#b8a36a",
    "hamil": "#c51b7d",
    "ias": "#e6b800",
    "iat": "#ef8a62",
    "tial": "#b2182b",
    "belum": "#9e9e9e",
    "cpr": "#2b6cb0",
    "mkjp_persen": "#5aae61",
    "unmet": "#b2182b",
    "poktan": "#0b6e4f",
    "skdn": ["#4a6fa5", "#6b8fc4", "#2e9e6e", "#1b7837"],
    "stunting": "#b2182b",
}

_KUNCI = threading.Lock()


# --- Indonesian text -----------------------------------------------------------------------------


def nama_bulan(kode_bulan: str) -> str:
    """ "2026-10" → "Oktober 2026"."""
    tahun, bulan = (int(x) for x in kode_bulan.split("-"))
    return f"{NAMA_BULAN[bulan - 1]} {tahun}"


def geser_bulan(kode_bulan: str, n: int) -> str:
    """ "2026-10" shifted by n months ("2025-11" for n = −11)."""
    tahun, bulan = (int(x) for x in kode_bulan.split("-"))
    total = tahun * 12 + bulan - 1 + n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def angka(nilai, desimal: int | None = None) -> str:
    """Indonesian number: 1.234 and 12,5; None is "–"."""
    if nilai is None or (isinstance(nilai, float) and math.isnan(nilai)):
        return "–"
    if desimal is None:
        desimal = 0 if float(nilai).is_integer() else 1
    teks = f"{float(nilai):,.{desimal}f}"
    return teks.replace(",", "\0").replace(".", ",").replace("\0", ".")


def persen(nilai) -> str:
    return "–" if nilai is None else f"{angka(nilai, 1)}%"


_SUMBU_ANGKA = FuncFormatter(lambda v, _pos: angka(abs(v)) if abs(v) >= 1e-9 else "0")
_SUMBU_PERSEN = FuncFormatter(lambda v, _pos: angka(v))


def nama_wilayah(laporan: dict) -> str:
    """Whose report: "Desa Pakumbulan" or "Kecamatan Wiradesa"."""
    if laporan.get("kecamatan"):
        return f"Kecamatan {laporan['kecamatan']['nama']}"
    nama = laporan["desa"]["nama"]
    return nama if nama.lower().startswith(("desa ", "kelurahan ")) else f"Desa {nama}"


# --- drawing -------------------------------------------------------------------------------------


@contextmanager
def kanvas():
    """Exclusive use of matplotlib's global settings while one image is drawn and saved."""
    with _KUNCI, matplotlib.rc_context(RC):
        yield


def simpan(fig: Figure, format: str, *, dpi: int = DPI_PNG) -> str | bytes:
    """SVG text (deterministic: no date, fixed ids) or PNG bytes of a figure."""
    if format == "svg":
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        return buf.getvalue()
    if format == "png":
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": "Rumah Dataku"})
        return buf.getvalue()
    raise ValueError(format)


def _judul(fig: Figure, judul: str, laporan: dict) -> None:
    fig.text(0.5, 0.975, judul, ha="center", va="top", fontsize=12, fontweight="bold")
    status = " (angka berjalan)" if laporan.get("status") != "ditutup" else ""
    fig.text(
        0.5,
        0.915,
        f"{nama_wilayah(laporan)} — {nama_bulan(laporan['bulan'])}{status}",
        ha="center",
        va="top",
        fontsize=9,
        color="#444444",
    )


def _kosong(fig: Figure) -> None:
    ax = fig.add_axes((0.05, 0.1, 0.9, 0.7))
    ax.set_axis_off()
    ax.text(0.5, 0.5, BELUM_ADA_DATA, ha="center", va="center", fontsize=14, color="#777777")


def _gambar(
    judul: str,
    laporan: dict,
    ada_data: bool,
    isi: Callable[[Figure], None],
    format: str,
    catatan: str = "",
) -> str | bytes:
    with kanvas():
        fig = Figure(figsize=UKURAN)
        _judul(fig, judul, laporan)
        if ada_data:
            isi(fig)
            if catatan:
                fig.text(0.01, 0.01, catatan, fontsize=7, color="#555555", ha="left", va="bottom")
        else:
            _kosong(fig)
        return simpan(fig, format)


def _sumbu(fig: Figure, bawah: float = 0.14):
    return fig.add_axes((0.14, bawah, 0.82, 0.86 - bawah - 0.04))


def _label_batang(ax, batang, teks: list[str], *, horizontal: bool = False) -> None:
    for b, t in zip(batang, teks, strict=True):
        if horizontal:
            ax.annotate(t, (b.get_width(), b.get_y() + b.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=7)  # fmt: skip
        else:
            ax.annotate(t, (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7)  # fmt: skip


def _kosong_semua(nilai) -> bool:
    return all(v is None or v == 0 for v in nilai)


# --- the charts ----------------------------------------------------------------------------------


def piramida(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """Population pyramid: 16 age bands by sex (table 1)."""
    kelompok = laporan["penduduk"]["kelompok_umur"]
    lk = [k["L"] for k in kelompok]
    pr = [k["P"] for k in kelompok]

    def isi(fig):
        ax = _sumbu(fig)
        y = range(len(kelompok))
        ax.barh(y, [-v for v in lk], color=WARNA["L"], label="Laki-laki")
        ax.barh(y, pr, color=WARNA["P"], label="Perempuan")
        ax.set_yticks(list(y), [k["kelompok"] for k in kelompok])
        batas = max(max(lk), max(pr)) * 1.15 or 1
        ax.set_xlim(-batas, batas)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True, symmetric=True))
        ax.xaxis.set_major_formatter(_SUMBU_ANGKA)
        ax.axvline(0, color="#333333", linewidth=0.6)
        ax.set_xlabel("Jumlah penduduk (jiwa)")
        ax.set_ylabel("Kelompok umur (tahun)")
        ax.legend(loc="upper right", frameon=False)

    j = laporan["penduduk"]["jumlah"]
    catatan = (
        f"Laki-laki {angka(j['L'])} · perempuan {angka(j['P'])} · jumlah {angka(j['total'])} jiwa"
    )
    return _gambar("Piramida penduduk", laporan, j["total"] > 0, isi, format, catatan)


def metode_kb(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """Active KB participants by method, MKJP and non-MKJP coloured apart (table 4)."""
    pa = laporan["kb"]["peserta_aktif"]
    metode = list(kode.MetodeKB)
    nilai = [pa.get(m.value, 0) for m in metode]
    total = pa.get("total", 0)

    def isi(fig):
        ax = _sumbu(fig)
        y = list(range(len(metode)))[::-1]
        warna = [
            WARNA["mkjp"]
            if m in kode.METODE_MKJP
            else WARNA["tradisional"]
            if m == kode.MetodeKB.TRADISIONAL
            else WARNA["non_mkjp"]
            for m in metode
        ]
        batang = ax.barh(y, nilai, color=warna)
        _label_batang(
            ax, batang, [f"{angka(v)} ({persen(_pct(v, total))})" for v in nilai], horizontal=True
        )
        ax.set_yticks(y, [str(m.label) for m in metode])
        ax.set_xlim(0, max(nilai) * 1.3 or 1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(_SUMBU_ANGKA)
        ax.set_xlabel("Jumlah peserta KB aktif")
        ax.set_ylabel("Metode kontrasepsi")
        ax.legend(
            handles=[
                Patch(color=WARNA["mkjp"], label="MKJP"),
                Patch(color=WARNA["non_mkjp"], label="Non-MKJP"),
                Patch(color=WARNA["tradisional"], label="Tradisional"),
            ],
            loc="lower right",
            frameon=False,
        )

    kb = laporan["kb"]
    catatan = (
        f"PA {angka(total)} dari {angka(kb['pus'])} PUS · MKJP {persen(kb['mkjp_persen'])} "
        f"dari PA · CPR {persen(kb['cpr'])}"
    )
    return _gambar("Peserta KB aktif menurut metode", laporan, total > 0, isi, format, catatan)


def _pct(bagian, keseluruhan) -> float | None:
    """Display share (one decimal, half up) for a label; report percentages come from the JSON."""
    p = persen_desimal(bagian, keseluruhan)
    return None if p is None else float(p)


def tidak_kb(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """PUS tidak ber-KB by reason (Hamil, IAS, IAT, TIAL); belum terdata beside, not inside."""
    kb = laporan["kb"]
    t = kb["tidak_kb"]
    label = ["Hamil", "IAS\n(ingin anak\nsegera)", "IAT\n(ingin anak\nditunda)",
             "TIAL\n(tidak ingin\nanak lagi)", "Belum\nterdata"]  # fmt: skip
    nilai = [t["hamil"], t["ias"], t["iat"], t["tial"], kb["belum_terdata"]]
    warna = [WARNA["hamil"], WARNA["ias"], WARNA["iat"], WARNA["tial"], "#ffffff"]

    def isi(fig):
        ax = _sumbu(fig, bawah=0.2)
        x = list(range(len(nilai)))
        batang = ax.bar(x, nilai, color=warna, edgecolor="#333333", linewidth=0.6)
        batang[-1].set_hatch("///")
        _label_batang(ax, batang, [angka(v) for v in nilai])
        ax.set_xticks(x, label)
        ax.axvline(3.5, color="#999999", linestyle=":", linewidth=0.8)
        ax.set_ylim(0, max(nilai) * 1.2 or 1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_SUMBU_ANGKA)
        ax.set_ylabel("Jumlah PUS")
        ax.set_xlabel("Alasan tidak ber-KB")

    jumlah = sum(nilai[:4])
    catatan = (
        f"PUS tidak ber-KB {angka(jumlah)} dari {angka(kb['pus'])} PUS · unmet need "
        f"{persen(kb['unmet_need_persen'])} · belum terdata dihitung terpisah"
    )
    return _gambar(
        "PUS tidak ber-KB menurut alasan", laporan, not _kosong_semua(nilai), isi, format, catatan
    )


def _seri(laporan: dict, riwayat: list[dict | None] | None) -> list[tuple[str, dict | None]]:
    """The 12 months ending with this one, oldest first; months without a report are None."""
    riwayat = list(riwayat or [])[-11:]
    riwayat = [None] * (11 - len(riwayat)) + riwayat
    bulan = [geser_bulan(laporan["bulan"], i - 11) for i in range(12)]
    return list(zip(bulan, [*riwayat, laporan], strict=True))


def _ambil(d: dict | None, jalur: str):
    for b in jalur.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(b)
    return d


def _tren(
    judul: str,
    laporan: dict,
    riwayat,
    garis: list[tuple[str, str, str]],
    sumbu_y: str,
    format: str,
) -> str | bytes:
    seri = _seri(laporan, riwayat)
    data = {j: [_ambil(r, j) for _b, r in seri] for j, _l, _w in garis}
    ada = not all(_kosong_semua(v) for v in data.values())

    def isi(fig):
        ax = _sumbu(fig, bawah=0.2)
        x = list(range(12))
        tertinggi = 0.0
        for jalur, label, warna in garis:
            y = [math.nan if v is None else v for v in data[jalur]]
            ax.plot(x, y, marker="o", markersize=3.5, linewidth=1.6, color=warna, label=label)
            sah = [(i, v) for i, v in zip(x, data[jalur], strict=True) if v is not None]
            if sah:
                i, v = sah[-1]
                ax.annotate(persen(v), (i, v), xytext=(4, 0), textcoords="offset points",
                            va="center", fontsize=7, color=warna)  # fmt: skip
                tertinggi = max(tertinggi, max(v for _i, v in sah))
        ax.set_xticks(x, [f"{NAMA_BULAN_PENDEK[int(b[5:]) - 1]}\n{b[:4]}" for b, _r in seri])
        ax.set_xlim(-0.5, 11.8)
        ax.set_ylim(0, min(100, tertinggi * 1.2) if tertinggi > 0 else 1)
        ax.yaxis.set_major_formatter(_SUMBU_PERSEN)
        ax.set_ylabel(sumbu_y)
        ax.set_xlabel("Bulan (12 bulan terakhir)")
        ax.grid(True, axis="y", color="#e3e6ea", linewidth=0.6)
        ax.legend(loc="upper left", frameon=False, ncols=len(garis))

    return _gambar(judul, laporan, ada, isi, format)


def tren_kb(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """CPR, MKJP% and unmet need% over the 12 months ending with this one."""
    garis = [
        ("kb.cpr", "CPR", WARNA["cpr"]),
        ("kb.mkjp_persen", "MKJP (% dari PA)", WARNA["mkjp_persen"]),
        ("kb.unmet_need_persen", "Unmet need", WARNA["unmet"]),
    ]
    return _tren("Tren CPR, MKJP dan unmet need", laporan, riwayat, garis, "Persen (%)", format)


def tren_stunting(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """Stunting prevalence among the measured over the 12 months ending with this one."""
    garis = [("posyandu.prevalensi_stunting_persen", "Prevalensi stunting", WARNA["stunting"])]
    return _tren(
        "Tren prevalensi stunting",
        laporan,
        riwayat,
        garis,
        "Prevalensi di antara balita diukur (%)",
        format,
    )


NAMA_POKTAN = {
    "bkb": "BKB",
    "bkr": "BKR",
    "pik_r": "PIK-R",
    "bkl": "BKL",
    "uppka": "UPPKA",
    "posyandu": "Posyandu",
}


def partisipasi_poktan(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """Participation% per poktan type: sasaran aktif ÷ sasaran (table 5)."""
    blok = laporan.get("poktan") or {}
    jenis = [j for j in NAMA_POKTAN if j in blok]
    nilai = [blok[j].get("partisipasi_persen") for j in jenis]
    ada = any(blok[j].get("sasaran") or blok[j].get("anggota") for j in jenis)

    def isi(fig):
        ax = _sumbu(fig, bawah=0.16)
        x = list(range(len(jenis)))
        batang = ax.bar(x, [v or 0 for v in nilai], color=WARNA["poktan"])
        _label_batang(
            ax,
            batang,
            [
                f"{persen(v)}\n({angka(blok[j]['sasaran_aktif'])}/{angka(blok[j]['sasaran'])})"
                for j, v in zip(jenis, nilai, strict=True)
            ],
        )
        ax.set_xticks(x, [NAMA_POKTAN[j] for j in jenis])
        ax.set_ylim(0, 115)
        ax.set_yticks(range(0, 101, 20))
        ax.yaxis.set_major_formatter(_SUMBU_PERSEN)
        ax.set_ylabel("Partisipasi (% sasaran aktif)")
        ax.set_xlabel("Jenis poktan")

    catatan = "Label: partisipasi (sasaran aktif/sasaran); – bila belum ada sasaran"
    return _gambar("Partisipasi poktan", laporan, ada, isi, format, catatan)


def skdn(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """Posyandu SKDN bars with the K/S, D/S and N/D ratios (table 6)."""
    pos = laporan["posyandu"]
    s = pos["skdn"]
    nilai = [s["s"], s["k"], s["d"], s["n"]]
    label = ["S\nbalita sasaran", "K\npunya KMS/KIA", "D\nditimbang", "N\nnaik berat badan"]

    def isi(fig):
        ax = _sumbu(fig, bawah=0.2)
        x = list(range(4))
        batang = ax.bar(x, nilai, color=WARNA["skdn"])
        _label_batang(ax, batang, [angka(v) for v in nilai])
        ax.set_xticks(x, label)
        ax.set_ylim(0, max(nilai) * 1.2 or 1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_SUMBU_ANGKA)
        ax.set_ylabel("Jumlah balita")
        ax.set_xlabel("SKDN")

    r = pos["rasio"]
    catatan = (
        f"K/S {persen(r['k_s'])} · D/S {persen(r['d_s'])} · N/D {persen(r['n_d'])} · "
        f"BGM {angka(s['bgm'])}"
    )
    return _gambar("SKDN posyandu", laporan, not _kosong_semua(nilai), isi, format, catatan)


# One colour per method, MKJP methods in greens, the rest in blues, MAL/traditional in browns.
WARNA_METODE = {
    "iud": "#00441b",
    "mow": "#1b7837",
    "mop": "#5aae61",
    "implan": "#a6dba0",
    "suntik": "#2166ac",
    "pil": "#67a9cf",
    "kondom": "#b3d1e6",
    "mal": "#8c6d31",
    "tradisional": "#d8c38a",
}


def peserta_baru(laporan: dict, riwayat=None, *, format: str = "svg") -> str | bytes:
    """New KB participants (PB) per month by method over the 12 months ending with this one
    (OFFICIAL.md §4: a Rumah DataKu displays it); months without a report are left blank."""
    seri = _seri(laporan, riwayat)
    metode = [m for m in kode.MetodeKB if m.value in WARNA_METODE]
    data = {
        m.value: [(_ambil(r, f"kb.peserta_baru.{m.value}") or 0) if r else 0 for _b, r in seri]
        for m in metode
    }
    total = [sum(data[m.value][i] for m in metode) for i in range(12)]

    def isi(fig):
        ax = _sumbu(fig, bawah=0.2)
        x = list(range(12))
        dasar = [0] * 12
        for m in metode:
            y = data[m.value]
            if any(y):
                ax.bar(x, y, bottom=dasar, color=WARNA_METODE[m.value], label=str(m.label))
                dasar = [a + b for a, b in zip(dasar, y, strict=True)]
        for i, t in enumerate(total):
            if t:
                ax.annotate(angka(t), (i, t), xytext=(0, 2), textcoords="offset points",
                            ha="center", fontsize=7)  # fmt: skip
        ax.set_xticks(x, [f"{NAMA_BULAN_PENDEK[int(b[5:]) - 1]}\n{b[:4]}" for b, _r in seri])
        ax.set_ylim(0, max(total) * 1.25 or 1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_SUMBU_ANGKA)
        ax.set_ylabel("Peserta KB baru")
        ax.set_xlabel("Bulan (12 bulan terakhir)")
        ax.grid(True, axis="y", color="#e3e6ea", linewidth=0.6)
        ax.legend(loc="upper left", frameon=False, ncols=3, fontsize=7)

    catatan = f"PB 12 bulan: {angka(sum(total))} · bulan ini: {angka(total[-1])}"
    return _gambar(
        "Peserta KB baru (PB) per bulan menurut metode", laporan, sum(total) > 0, isi, format,
        catatan,
    )  # fmt: skip


@dataclass(frozen=True)
class Grafik:
    judul: str
    fungsi: Callable[..., str | bytes]
    tren: bool = False
    # The report blocks the chart reads: an open month computes only these (services.laporan_ringkas).
    blok: tuple[str, ...] = ("kb", "posyandu")


GRAFIK: dict[str, Grafik] = {
    "piramida": Grafik("Piramida penduduk", piramida, blok=("penduduk",)),
    "metode_kb": Grafik("Peserta KB aktif menurut metode", metode_kb, blok=("kb",)),
    "tidak_kb": Grafik("PUS tidak ber-KB menurut alasan", tidak_kb, blok=("kb",)),
    "tren_kb": Grafik("Tren CPR, MKJP dan unmet need", tren_kb, tren=True),
    "partisipasi_poktan": Grafik("Partisipasi poktan", partisipasi_poktan, blok=("poktan",)),
    "skdn": Grafik("SKDN posyandu", skdn, blok=("posyandu",)),
    "tren_stunting": Grafik("Tren prevalensi stunting", tren_stunting, tren=True),
    "peserta_baru": Grafik(
        "Peserta KB baru (PB) per bulan menurut metode", peserta_baru, tren=True
    ),
}
FORMAT = {"svg": "image/svg+xml", "png": "image/png"}


# --- reports of a desa's months ------------------------------------------------------------------


def identitas_snapshot(desa, tahun: int, bulan: int) -> str | None:
    """Which frozen snapshot a closed month shows (changes on reopen + close); None when open."""
    from laporan.models import PeriodeBulan

    p = (
        PeriodeBulan.objects.filter(
            desa=desa, bulan=dt.date(tahun, bulan, 1), status=PeriodeBulan.Status.DITUTUP
        )
        .values("pk", "ditutup_pada")
        .first()
    )
    if p is None:
        return None
    waktu = p["ditutup_pada"].isoformat() if p["ditutup_pada"] else "-"
    return f"{p['pk']}@{waktu}"


# --- file cache for closed months ----------------------------------------------------------------


def folder_cache() -> Path:
    """DATA_DIR/cache/grafik, or settings.RUMAHDATAKU_CACHE_GRAFIK when set."""
    folder = getattr(settings, "RUMAHDATAKU_CACHE_GRAFIK", None)
    return Path(folder) if folder else Path(settings.DATA_DIR) / "cache" / "grafik"


def _berkas(bagian: tuple) -> Path:
    teks = "|".join(str(b) for b in (*bagian, VERSI))
    nama = hashlib.sha256(teks.encode("utf-8")).hexdigest()
    return folder_cache() / nama[:2] / nama


def cache_ambil(bagian: tuple) -> bytes | None:
    try:
        return _berkas(bagian).read_bytes()
    except FileNotFoundError:
        return None


def cache_simpan(bagian: tuple, isi: bytes) -> None:
    """Write atomically (temp file + rename): a reader never sees half a file."""
    tujuan = _berkas(bagian)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, sementara = tempfile.mkstemp(dir=tujuan.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(isi)
        os.replace(sementara, tujuan)
    except BaseException:
        Path(sementara).unlink(missing_ok=True)
        raise


def cache_atau_buat(bagian: tuple, buat: Callable[[], bytes]) -> bytes:
    isi = cache_ambil(bagian)
    if isi is None:
        isi = buat()
        cache_simpan(bagian, isi)
    return isi
