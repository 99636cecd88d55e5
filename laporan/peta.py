"""Peta keluarga (DOMAIN.md §5): one marker per house, per RT and for the village, A4 or F4.

Data. ``klasifikasi`` classifies every house that holds at least one family on the reference date
(the month's last day), from the definitions in keluarga.indicators (PUS and their KB status,
balita, lansia, ibu hamil, KRS, kurang mampu) in a fixed number of queries. The KB colour is the
most urgent status among the house's PUS (TIAL, IAT, Hamil, belum terdata, IAS, non-MKJP or
Tradisional, MKJP, no PUS). ``data_peta`` adds house numbers, GPS points and RT names: a plain
JSON-ready dict with house numbers only, never names, NIK or No KK.

Closed months. The per-house data of a closed month is frozen: it is computed once on the
reference date and stored as JSON in the file cache of laporan.grafik, keyed by the month's
snapshot identity, so the map stays identical whatever is entered later. It is frozen when
``bekukan`` runs (meant to be called by the month close) or, failing that, on the map's first
request after the close. Rendered images of closed months are cached as bytes as well.

Drawing. Houses with GPS are drawn at their coordinates (equirectangular projection in metres,
with a scale bar and a north arrow); the rest, and points more than 5 km from the others (typing
slips), are laid out in a grid by house number (on the village map as one inset per RT). House
numbers and badges are drawn as outline paths grouped per distinct label, so a village of
thousands of houses renders in about a second. Without the KB layer (the wall version) markers are neutral and only the
B/H/L/K/M badges show; with it the footer says RAHASIA.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from matplotlib import patheffects
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D, ScaledTranslation

from keluarga import indicators as ind
from keluarga import kode
from keluarga.models import RT, PindahRumah, Rumah
from laporan import grafik

KERTAS = {"a4": (210.0, 297.0), "f4": (215.0, 330.0)}  # portrait, mm
DPI_PETA = 150
MM = 72 / 25.4  # points per millimetre
R_BUMI = 6_371_008.8  # mean Earth radius, metres
BATAS_GPS_M = 5000  # a house further than this from the median point is drawn schematically

_HURUF = FontProperties(family="DejaVu Sans")
_HURUF_TEBAL = FontProperties(family="DejaVu Sans", weight="bold")

RAHASIA = "RAHASIA — data kesehatan, jangan ditempel"


@dataclass(frozen=True)
class KelasKB:
    kode: str
    label: str
    warna: str
    teks: str  # colour of the house number on the marker


# The KB layer in order of urgency: the first one among a house's PUS colours the house.
KELAS_KB = [
    KelasKB("tial", "TIAL (tidak ingin anak lagi)", "#b2182b", "#ffffff"),
    KelasKB("iat", "IAT (ingin anak ditunda)", "#ef8a62", "#000000"),
    KelasKB("hamil", "Hamil", "#c51b7d", "#ffffff"),
    KelasKB("belum_terdata", "PUS belum terdata", "#7a7a7a", "#ffffff"),
    KelasKB("ias", "IAS (ingin anak segera)", "#fddb3a", "#000000"),
    KelasKB("non_mkjp", "Non-MKJP/Tradisional", "#67a9cf", "#000000"),
    KelasKB("mkjp", "MKJP", "#1b7837", "#ffffff"),
    KelasKB("tanpa_pus", "Tidak ada PUS", "#ffffff", "#000000"),
]
KELAS = {k.kode: k for k in KELAS_KB}
URUTAN_KB = {k.kode: i for i, k in enumerate(KELAS_KB)}
NETRAL = KelasKB("netral", "Rumah", "#e8e8e8", "#000000")

# Badges, in the order they are printed beside a marker.
TANDA = {
    "B": "balita",
    "H": "ibu hamil",
    "L": "lansia",
    "K": "keluarga berisiko stunting (KRS)",
    "M": "keluarga kurang mampu",
}


def kelas_kb(status_kb: str) -> str:
    """A PUS's KB status on the date (StatusKBPada) → its map class."""
    if status_kb in kode.METODE_MKJP:
        return "mkjp"
    if status_kb in kode.METODE_NON_MKJP or status_kb == kode.MetodeKB.TRADISIONAL:
        return "non_mkjp"
    return status_kb  # tial, iat, hamil, belum_terdata, ias


def paling_mendesak(kelas) -> str:
    """The most urgent class among a house's PUS; "tanpa_pus" when it has none."""
    return min(kelas, key=URUTAN_KB.__getitem__, default="tanpa_pus")


# --- data ----------------------------------------------------------------------------------------


def _rumah_sebelum_pindah(tanggal: dt.date, desa_ids: list[int]) -> dict[int, int]:
    """Family id → its house on the date, for families that moved house after it (the first later
    move's origin): the same dated-move rule as ``ind.ada_pindah_setelah`` uses for the RT."""
    hasil: dict[int, int] = {}
    for kel_id, asal in (
        PindahRumah.objects.filter(tanggal__gt=tanggal, keluarga__desa_id__in=desa_ids)
        .order_by("keluarga_id", "tanggal", "id")
        .values_list("keluarga_id", "rumah_asal_id")
    ):
        hasil.setdefault(kel_id, asal)
    return hasil


def klasifikasi(desa, tanggal: dt.date) -> dict[int, dict]:
    """Per house with at least one family on the date: {"kb": map class, "pus": number of PUS,
    "tanda": badge letters from "BHLKM"}. Seven queries, whatever the number of houses."""
    ids = [desa.pk]
    pindah = ind.ada_pindah_setelah(tanggal, ids)
    rumah_lama = _rumah_sebelum_pindah(tanggal, ids)
    rumah_kel: dict[int, int] = {}
    tanda: dict[int, set[str]] = defaultdict(set)
    keluarga = (
        ind.keluarga_dengan_status(tanggal, ids, pindah)
        .annotate(km=ExpressionWrapper(ind.q_kurang_mampu(), output_field=BooleanField()))
        .values("pk", "rumah_id", "sasaran", "berisiko", "km")
        .order_by()
    )
    for k in keluarga:
        rumah = rumah_lama.get(k["pk"], k["rumah_id"])
        rumah_kel[k["pk"]] = rumah
        tanda[rumah]  # every house with a family on the date is on the map
        if k["sasaran"] and k["berisiko"]:
            tanda[rumah].add("K")
        if k["km"]:
            tanda[rumah].add("M")
    anggota = (
        ind.penduduk_pada(tanggal, ids, pindah=pindah)
        .alias(hamil=ind.hamil_pada(tanggal))
        .values("kel")
        .annotate(
            balita=Count("pk", filter=ind.q_balita(tanggal)),
            lansia=Count("pk", filter=ind.q_lansia(tanggal)),
            ibu_hamil=Count("pk", filter=Q(jenis_kelamin=kode.JenisKelamin.PEREMPUAN, hamil=True)),
        )
        .order_by()
    )
    for a in anggota:
        rumah = rumah_kel.get(a["kel"])
        if rumah is None:
            continue
        for huruf, kunci in (("B", "balita"), ("H", "ibu_hamil"), ("L", "lansia")):
            if a[kunci]:
                tanda[rumah].add(huruf)
    kb: dict[int, list[str]] = defaultdict(list)
    for kel, status in ind.pus_pada(tanggal, ids, pindah).values_list("kel", "status_kb"):
        rumah = rumah_kel.get(kel)
        if rumah is not None:
            kb[rumah].append(kelas_kb(status))
    return {
        rumah: {
            "kb": paling_mendesak(kb.get(rumah, [])),
            "pus": len(kb.get(rumah, [])),
            "tanda": "".join(h for h in TANDA if h in huruf),
        }
        for rumah, huruf in tanda.items()
    }


def _urut_nomor(nomor: str) -> tuple:
    """Natural order of house numbers: 2 < 10 < 10A < 11; blanks last."""
    m = re.match(r"\s*(\d+)(.*)", nomor or "")
    if m:
        return (0, int(m.group(1)), m.group(2).strip().upper())
    return (1, 0, (nomor or "").strip().upper())


def _nama_dusun(nama: str) -> str:
    return nama if nama.lower().startswith("dusun") else f"Dusun {nama}"


def data_peta(desa, tahun: int, bulan: int) -> dict:
    """The map data of a desa's month (JSON-ready): its RTs and the classified houses."""
    tanggal = ind.akhir_bulan(tahun, bulan)
    kelas = klasifikasi(desa, tanggal)
    rts = list(
        RT.objects.filter(desa=desa)
        .select_related("rw__dusun")
        .order_by("rw__dusun__nama", "rw__nomor", "nomor", "pk")
    )
    urut_rt = {rt.pk: i for i, rt in enumerate(rts)}
    rumah = []
    for r in Rumah.objects.filter(desa=desa).values("pk", "rt_id", "nomor", "lat", "lng"):
        k = kelas.get(r["pk"])
        if k is None:
            continue
        gps = r["lat"] is not None and r["lng"] is not None
        rumah.append(
            {
                "id": r["pk"],
                "rt": r["rt_id"],
                "nomor": r["nomor"] or "",
                "lat": float(r["lat"]) if gps else None,
                "lng": float(r["lng"]) if gps else None,
                **k,
            }
        )
    rumah.sort(key=lambda h: (urut_rt.get(h["rt"], 1 << 30), _urut_nomor(h["nomor"]), h["id"]))
    return {
        "desa": {"kode": desa.kode, "nama": desa.nama},
        "bulan": f"{tahun:04d}-{bulan:02d}",
        "tanggal_acuan": tanggal.isoformat(),
        "rt": [
            {"id": rt.pk, "nomor": rt.nomor, "rw": rt.rw.nomor, "dusun": rt.rw.dusun.nama}
            for rt in rts
        ],
        "rumah": rumah,
    }


def _kunci_data(desa, tahun: int, bulan: int, identitas: str) -> tuple:
    return ("peta-data", desa.kode, f"{tahun:04d}-{bulan:02d}", identitas)


def bekukan(desa, tahun: int, bulan: int) -> dict | None:
    """Freeze a closed month's map data now (call it when the month is closed); None if open."""
    identitas = grafik.identitas_snapshot(desa, tahun, bulan)
    if identitas is None:
        return None
    data = data_peta(desa, tahun, bulan)
    grafik.cache_simpan(_kunci_data(desa, tahun, bulan, identitas), _json(data))
    return data


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def data_peta_bulan(desa, tahun: int, bulan: int, identitas: str | None = "") -> dict:
    """The map data of a month: frozen for a closed month, live for an open one (pass a known
    ``grafik.identitas_snapshot`` as `identitas` to save its query)."""
    if identitas == "":
        identitas = grafik.identitas_snapshot(desa, tahun, bulan)
    if identitas is None:
        return data_peta(desa, tahun, bulan)
    isi = grafik.cache_atau_buat(
        _kunci_data(desa, tahun, bulan, identitas), lambda: _json(data_peta(desa, tahun, bulan))
    )
    return json.loads(isi)


def gambar_bulan(
    desa,
    tahun: int,
    bulan: int,
    *,
    rt_id: int | None = None,
    rt_ids: list[int] | None = None,
    dusun: str | None = None,
    kertas: str = "a4",
    lapisan_kb: bool = False,
    format: str = "svg",
    data: dict | None = None,
) -> bytes:
    """A map of a desa's month as bytes: one RT (`rt_id`), one dusun (by name), or the village;
    `rt_ids` limits the village or dusun map (a kader's RTs). A closed month's images come from
    the cache. `data` passes the month's map data when the caller has it (several maps of one
    open month). KeyError for an RT not on the month's map."""
    if kertas not in KERTAS or format not in grafik.FORMAT:
        raise ValueError((kertas, format))
    identitas = grafik.identitas_snapshot(desa, tahun, bulan)

    def buat() -> bytes:
        data_ = data if data is not None else data_peta_bulan(desa, tahun, bulan, identitas)
        hasil = gambar_peta(data_, rt_id=rt_id, rt_ids=rt_ids, dusun=dusun, kertas=kertas,
                            lapisan_kb=lapisan_kb, format=format)  # fmt: skip
        return hasil.encode("utf-8") if isinstance(hasil, str) else hasil

    if identitas is None:
        return buat()
    cakupan = f"rt{rt_id}" if rt_id is not None else f"desa/{dusun or ''}"
    if rt_ids is not None:
        daftar = ",".join(str(i) for i in sorted(rt_ids))
        cakupan += "/" + hashlib.sha256(daftar.encode()).hexdigest()[:16]
    lapisan = "kb" if lapisan_kb else "umum"
    bulan_ = f"{tahun:04d}-{bulan:02d}"
    kunci = ("peta", desa.kode, bulan_, identitas, cakupan, kertas, lapisan, format)
    return grafik.cache_atau_buat(kunci, buat)


def paket_png(
    desa, tahun: int, bulan: int, *, lapisan_kb: bool, rt_ids=None, kertas: str = "a4"
) -> list[tuple[str, bytes]]:
    """(title, PNG) of the village map and one map per dusun, for the meeting-pack PDF. The
    caller decides `lapisan_kb` (K.PETA_KB) and passes a kader's RTs as `rt_ids`."""
    data = data_peta_bulan(desa, tahun, bulan)
    pilih = None if rt_ids is None else set(rt_ids)
    semua_dusun = [r["dusun"] for r in data["rt"] if pilih is None or r["id"] in pilih]
    bln = grafik.nama_bulan(data["bulan"])
    hasil = [(f"Peta keluarga {grafik.nama_wilayah({'desa': data['desa']})} — {bln}", None)]
    hasil += [(f"Peta keluarga {_nama_dusun(d)} — {bln}", d) for d in dict.fromkeys(semua_dusun)]
    return [
        (judul, gambar_bulan(desa, tahun, bulan, rt_ids=rt_ids, dusun=d, kertas=kertas,
                             lapisan_kb=lapisan_kb, format="png", data=data))
        for judul, d in hasil
    ]  # fmt: skip


# --- drawing -------------------------------------------------------------------------------------


def ukuran_halaman(kertas: str) -> tuple[float, float]:
    """Page size in inches (portrait): A4 8.27 × 11.69, F4 8.46 × 12.99."""
    w, h = KERTAS[kertas]
    return w / 25.4, h / 25.4


def label_rt(rt: dict) -> str:
    return f"RT {rt['nomor']}/RW {rt['rw']} {_nama_dusun(rt['dusun'])}"


def _tanggal_id(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {grafik.NAMA_BULAN[d.month - 1]} {d.year}"


class _Halaman:
    """A page laid out in millimetres from the bottom-left corner."""

    def __init__(self, kertas: str):
        self.w, self.h = KERTAS[kertas]
        self.fig = Figure(figsize=ukuran_halaman(kertas))

    def kotak(self, x, y, w, h):
        return (x / self.w, y / self.h, w / self.w, h / self.h)

    def sumbu(self, x, y, w, h, *, bingkai: bool = True):
        ax = self.fig.add_axes(self.kotak(x, y, w, h))
        ax.set_xticks([])
        ax.set_yticks([])
        for s in ax.spines.values():
            s.set_visible(bingkai)
            s.set_color("#9aa3ad")
            s.set_linewidth(0.6)
        return ax


def _warna(h: dict, lapisan_kb: bool) -> KelasKB:
    return KELAS[h["kb"]] if lapisan_kb else NETRAL


@functools.lru_cache(maxsize=2048)
def _jalur(teks: str, tebal: bool, ha: str, va: str) -> Path:
    """Text as an outline path one point high, anchored at (0, 0) as ha/va say."""
    p = TextPath((0, 0), teks, size=1, prop=_HURUF_TEBAL if tebal else _HURUF)
    b = p.get_extents()
    dx = {"left": -b.x0, "center": -(b.x0 + b.x1) / 2}[ha]
    dy = {"center": -(b.y0 + b.y1) / 2, "top": -b.y1}[va]
    return p.transformed(Affine2D().translate(dx, dy))


def _label(ax, xs, ys, teks, ukuran, warna, *, tebal=False, ha="center", va="center", geser=(0, 0)):
    """Many short labels as outline paths: one collection per distinct text and size (sizes
    rounded to quarter points), so thousands of houses draw fast and the SVG defines each
    distinct label once. `geser` offsets every label in millimetres."""
    if not teks:
        return
    warna = [warna] * len(teks) if isinstance(warna, str) else warna
    kelompok: dict[tuple, list] = defaultdict(list)
    for x, y, t, u, w in zip(xs, ys, teks, ukuran, warna, strict=True):
        kelompok[(t, round(u * 4) / 4)].append((x, y, w))
    trans = ScaledTranslation(geser[0] / 25.4, geser[1] / 25.4, ax.figure.dpi_scale_trans)
    for (t, u), isi in kelompok.items():
        koleksi = PathCollection(
            [_jalur(t, tebal, ha, va)],
            sizes=[u * u],  # a PathCollection scales its path by sqrt(size) points
            offsets=[(x, y) for x, y, _w in isi],
            offset_transform=ax.transData,
            transform=trans,
            facecolors=[w for _x, _y, w in isi],
            edgecolors="none",
            linewidths=0,
            zorder=4,
        )
        ax.add_collection(koleksi, autolim=False)
        koleksi.set_clip_on(False)  # labels may pass the panel edge; no clip group per label


# House numbers on a GPS panel are HURUF_NOMOR_PT high on the map page; the meeting pack and
# the A3 poster print that page at a scale of at least SKALA_CETAK_MIN, so a number is never
# under 6 pt on paper (issue 20: "readable" = no two number labels overlap, each >= 6 pt).
HURUF_NOMOR_PT = 7.5
SKALA_CETAK_MIN = 0.8
JARAK_LABEL_MM = 0.3  # clear space around a label


@dataclass(frozen=True)
class Kotak:
    """A label's box in millimetres on the page."""

    x0: float
    y0: float
    x1: float
    y1: float

    def tumpang(self, o: Kotak) -> bool:
        return self.x0 < o.x1 and o.x0 < self.x1 and self.y0 < o.y1 and o.y0 < self.y1


def kotak_label(x: float, y: float, teks: str, ukuran_pt: float, *, tebal: bool = False) -> Kotak:
    """The box of a label centred on (x, y) mm: its outline's extents, plus clear space; a house
    marker is a circle at least as wide as its number, so this box holds the marker too."""
    b = _jalur(teks, tebal, "center", "center").get_extents()
    d = max(b.width, b.height) * ukuran_pt / MM / 2 + JARAK_LABEL_MM
    return Kotak(x - d, y - d, x + d, y + d)


def _pasangan_tumpang(kotak: list[Kotak]) -> list[tuple[int, int]]:
    """Pairs of overlapping boxes (sweep along x)."""
    urut = sorted(range(len(kotak)), key=lambda i: kotak[i].x0)
    aktif: list[int] = []
    pasangan = []
    for i in urut:
        aktif = [j for j in aktif if kotak[j].x1 > kotak[i].x0]
        pasangan += [(j, i) for j in aktif if kotak[j].tumpang(kotak[i])]
        aktif.append(i)
    return pasangan


def nama_kelompok(n: int) -> str:
    """A, B, … Z, AA, AB, …"""
    huruf = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        huruf = chr(65 + r) + huruf
    return huruf


def kelompokkan(titik: list[tuple[float, float]], nomor: list[str], ukuran_pt: float):
    """Houses whose number labels would overlap, gathered (transitively) into clusters.

    Returns (labels, clusters): labels are (text, x, y, box, members) — a house's number at its
    point, or a cluster's letter at its members' centre — and no two boxes overlap; clusters
    are the member lists in letter order (drawn again, legibly, in an inset)."""
    grup = [[i] for i in range(len(titik))]
    while True:
        kotak = []
        for g in grup:
            x = sum(titik[i][0] for i in g) / len(g)
            y = sum(titik[i][1] for i in g) / len(g)
            teks = nomor[g[0]] if len(g) == 1 else "WW"  # room for a two-letter cluster name
            kotak.append(kotak_label(x, y, teks, ukuran_pt, tebal=len(g) > 1))
        pasangan = _pasangan_tumpang(kotak)
        if not pasangan:
            break
        induk = list(range(len(grup)))

        def akar(i, induk=induk):
            while induk[i] != i:
                induk[i] = induk[induk[i]]
                i = induk[i]
            return i

        for a, b in pasangan:
            induk[akar(a)] = akar(b)
        gabung: dict[int, list[int]] = defaultdict(list)
        for k, g in enumerate(grup):
            gabung[akar(k)].extend(g)
        grup = [sorted(g) for g in gabung.values()]
    kelompok = sorted(
        (g for g in grup if len(g) > 1), key=lambda g: (-titik[g[0]][1], titik[g[0]][0])
    )
    huruf = {id(g): nama_kelompok(k) for k, g in enumerate(kelompok)}
    label = []
    for g, k in zip(grup, kotak, strict=True):
        x, y = (k.x0 + k.x1) / 2, (k.y0 + k.y1) / 2
        teks = nomor[g[0]] if len(g) == 1 else huruf[id(g)]
        label.append((teks, x, y, kotak_label(x, y, teks, ukuran_pt, tebal=len(g) > 1), g))
    return label, kelompok


def _penanda(ax, xs, ys, rumah, lapisan_kb: bool, diam_mm: float, huruf: float | None = None,
             nomor: bool = True) -> None:  # fmt: skip
    """Markers with the house number inside, badges to the right, "n PUS" below (KB layer).
    `huruf` fixes the number's size in points (GPS panels), else it follows the marker."""
    if not rumah:
        return
    kelas = [_warna(h, lapisan_kb) for h in rumah]
    diam_pt = diam_mm * MM
    ax.scatter(xs, ys, s=diam_pt**2, c=[k.warna for k in kelas], edgecolors="#333333",
               linewidths=0.35, zorder=3)  # fmt: skip
    if not nomor:
        return
    nomor_ = [h["nomor"] or "–" for h in rumah]
    if huruf is None:
        huruf = max(2.0, min(7.0, diam_pt * 0.42))
        ukuran = [huruf * min(1.0, 3 / max(len(n), 1)) for n in nomor_]
    else:
        ukuran = [huruf] * len(nomor_)
    _label(ax, xs, ys, nomor_, ukuran, [k.teks for k in kelas])
    bertanda = [i for i, h in enumerate(rumah) if h["tanda"]]
    _label(ax, [xs[i] for i in bertanda], [ys[i] for i in bertanda],
           [rumah[i]["tanda"] for i in bertanda], [huruf * 0.95] * len(bertanda), "#1d2433",
           tebal=True, ha="left", geser=(diam_mm / 2 + 0.3, 0))  # fmt: skip
    if lapisan_kb:
        banyak = [i for i, h in enumerate(rumah) if h["pus"] >= 2]
        _label(ax, [xs[i] for i in banyak], [ys[i] for i in banyak],
               [f"{rumah[i]['pus']} PUS" for i in banyak], [huruf * 0.8] * len(banyak),
               "#b2182b", tebal=True, va="top", geser=(0, -(diam_mm / 2 + 0.25)))  # fmt: skip


def _proyeksi(rumah: list[dict]) -> tuple[list[float], list[float]]:
    """Equirectangular projection in metres around the points' mean latitude/longitude."""
    lat0 = sum(h["lat"] for h in rumah) / len(rumah)
    lng0 = sum(h["lng"] for h in rumah) / len(rumah)
    k = math.cos(math.radians(lat0))
    xs = [math.radians(h["lng"] - lng0) * R_BUMI * k for h in rumah]
    ys = [math.radians(h["lat"] - lat0) * R_BUMI for h in rumah]
    return xs, ys


def _pisah_gps(rumah: list[dict]) -> tuple[list[dict], list[dict]]:
    """Houses to draw at their GPS point, and the rest (no point, or a point more than
    BATAS_GPS_M from the median one — a typing slip that would shrink the whole map)."""
    ada = [h for h in rumah if h["lat"] is not None and h["lng"] is not None]
    if not ada:
        return [], list(rumah)
    lat0 = statistics.median(h["lat"] for h in ada)
    lng0 = statistics.median(h["lng"] for h in ada)
    k = math.cos(math.radians(lat0))

    def dekat(h) -> bool:
        dx = math.radians(h["lng"] - lng0) * R_BUMI * k
        dy = math.radians(h["lat"] - lat0) * R_BUMI
        return math.hypot(dx, dy) <= BATAS_GPS_M

    gps = [h for h in ada if dekat(h)]
    ids = {h["id"] for h in gps}
    return gps, [h for h in rumah if h["id"] not in ids]


def _skala_bagus(maks_m: float) -> float:
    bagus = [b * 10**e for e in range(0, 6) for b in (1, 2, 2.5, 5)]
    pilihan = [b for b in bagus if b <= maks_m]
    return pilihan[-1] if pilihan else 1


def _panah_utara(ax) -> None:
    ax.annotate("", xy=(0.955, 0.965), xytext=(0.955, 0.885), xycoords="axes fraction",
                arrowprops={"arrowstyle": "-|>,head_width=0.35,head_length=0.7", "color": "#1d2433",
                            "linewidth": 1.4}, zorder=6)  # fmt: skip
    ax.text(0.955, 0.875, "U", transform=ax.transAxes, ha="center", va="top", fontsize=9,
            fontweight="bold", zorder=6)  # fmt: skip


def _panel_gps(hal: _Halaman, kotak, rumah, lapisan_kb: bool, *, rt_label=None, kertas="a4"):
    """Houses at their coordinates, with a north arrow and a scale bar in metres."""
    x0, y0, w, h = kotak
    ax = hal.sumbu(x0, y0, w, h)
    ax.set_facecolor("#fbfbf7")
    xs, ys = _proyeksi(rumah)
    lebar_m = max(max(xs) - min(xs), 40.0)
    tinggi_m = max(max(ys) - min(ys), 40.0)
    m_per_mm = max(lebar_m / (w - 16), tinggi_m / (h - 16))  # 8 mm margin for markers and text
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    ax.set_xlim(cx - w / 2 * m_per_mm, cx + w / 2 * m_per_mm)
    ax.set_ylim(cy - h / 2 * m_per_mm, cy + h / 2 * m_per_mm)
    # Labels in page millimetres: houses whose numbers would overlap become a lettered cluster.
    xl, yl = ax.get_xlim()[0], ax.get_ylim()[0]
    titik = [
        (x0 + (x - xl) / m_per_mm, y0 + (y - yl) / m_per_mm) for x, y in zip(xs, ys, strict=True)
    ]
    nomor = [r["nomor"] or "–" for r in rumah]
    label, kelompok = kelompokkan(titik, nomor, HURUF_NOMOR_PT)
    per_diam: dict[float, list[int]] = defaultdict(list)
    for _t, _x, _y, k, g in label:
        if len(g) == 1:
            per_diam[round(k.x1 - k.x0 - 2 * JARAK_LABEL_MM, 2)].append(g[0])
    for diam, idx in sorted(per_diam.items()):
        _penanda(ax, [xs[i] for i in idx], [ys[i] for i in idx], [rumah[i] for i in idx],
                 lapisan_kb, diam, huruf=HURUF_NOMOR_PT)  # fmt: skip
    di_kelompok = [i for g in kelompok for i in g]
    _penanda(ax, [xs[i] for i in di_kelompok], [ys[i] for i in di_kelompok],
             [rumah[i] for i in di_kelompok], lapisan_kb, 1.0, nomor=False)  # fmt: skip
    for teks, x, y, k, g in label:
        if len(g) > 1:
            cx_, cy_ = xl + (x - x0) * m_per_mm, yl + (y - y0) * m_per_mm
            ax.scatter([cx_], [cy_], s=((k.x1 - k.x0 - 2 * JARAK_LABEL_MM) * MM) ** 2,
                       facecolors="white", edgecolors="#0b3d91", linewidths=0.8, zorder=4.5)  # fmt: skip
            ax.text(cx_, cy_, teks, ha="center", va="center", fontsize=HURUF_NOMOR_PT,
                    fontweight="bold", color="#0b3d91", zorder=5)  # fmt: skip
    ax.label_rumah = label  # the page-mm boxes of the house labels, for tests
    ax.kelompok = [[rumah[i] for i in g] for g in kelompok]
    if rt_label:
        titik = defaultdict(list)
        for x, y, r in zip(xs, ys, rumah, strict=True):
            titik[r["rt"]].append((x, y))
        halo = [patheffects.withStroke(linewidth=1.5, foreground="white")]
        for rt_id, pts in titik.items():
            if rt_id in rt_label:
                # Above the RT's houses, not on them (a cluster's letter may sit at the centre).
                ax.text(sum(p[0] for p in pts) / len(pts), max(p[1] for p in pts) + 4 * m_per_mm,
                        rt_label[rt_id], ha="center", va="center", fontsize=5.5, color="#0b3d91",
                        alpha=0.85, zorder=5, path_effects=halo)  # fmt: skip
    _panah_utara(ax)
    # Scale bar: a round length of at most a quarter of the panel width.
    panjang = _skala_bagus(w * m_per_mm / 4)
    xb = ax.get_xlim()[0] + 5 * m_per_mm
    yb = ax.get_ylim()[0] + 4 * m_per_mm
    tinggi_bar = 1.2 * m_per_mm
    for i in range(2):
        ax.add_patch(Rectangle((xb + i * panjang / 2, yb), panjang / 2, tinggi_bar,
                               facecolor="#1d2433" if i == 0 else "white", edgecolor="#1d2433",
                               linewidth=0.5, zorder=6))  # fmt: skip
    teks = f"{grafik.angka(panjang / 1000)} km" if panjang >= 1000 else f"{grafik.angka(panjang)} m"
    ax.text(xb, yb + tinggi_bar * 1.6, "0", ha="center", va="bottom", fontsize=6, zorder=6)
    ax.text(xb + panjang, yb + tinggi_bar * 1.6, teks, ha="center", va="bottom", fontsize=6,
            zorder=6)  # fmt: skip
    skala = round(m_per_mm * 1000, -1)
    ax.text(xb + panjang + 4 * m_per_mm, yb, f"skala ± 1:{grafik.angka(skala)} (kertas {kertas.upper()})",
            ha="left", va="bottom", fontsize=5.5, color="#444444", zorder=6)  # fmt: skip
    return ax


def _gps_dengan_sisipan(hal: _Halaman, kotak, rumah, lapisan_kb: bool, *, rt_label=None,
                        kertas="a4"):  # fmt: skip
    """A GPS panel; when houses cluster so that their numbers would overlap, the panel shows
    a letter per cluster and an inset below draws each cluster's houses at a legible size."""
    x0, y0, w, h = kotak
    uji = _Halaman(kertas)
    kelompok = _panel_gps(uji, kotak, rumah, lapisan_kb, rt_label=rt_label, kertas=kertas).kelompok
    if not kelompok:
        return _panel_gps(hal, kotak, rumah, lapisan_kb, rt_label=rt_label, kertas=kertas)
    n = sum(len(g) for g in kelompok)
    tinggi = min(h * 0.4, max(28.0, 10 + math.ceil(n / max(1, math.floor(w / 12))) * 9))
    ax = _panel_gps(hal, (x0, y0 + tinggi + 4, w, h - tinggi - 4), rumah, lapisan_kb,
                    rt_label=rt_label, kertas=kertas)  # fmt: skip
    hal.fig.text((x0 + 0.5) / hal.w, (y0 + tinggi + 0.3) / hal.h,
                 "Rumah berdekatan: setiap huruf di peta diperbesar di sini (urut nomor rumah)",
                 fontsize=6.5, color="#333333", va="bottom")  # fmt: skip
    panel = [(f"Kelompok {nama_kelompok(k)}", g) for k, g in enumerate(ax.kelompok)]
    _bagan(hal, (x0, y0, w, tinggi - 1), panel, lapisan_kb, kecil=True)
    return ax


def _kepala(kecil: bool) -> float:
    return 3.2 if kecil else 5.0


def _tata_bagan(n: int, w: float, h: float, kecil: bool) -> tuple[int, float, float, float]:
    """Grid of n houses in a w × h mm panel: columns, cell width and height, marker diameter."""
    tinggi = h - _kepala(kecil) - 0.5
    rasio_sel = 1.7  # cells wider than tall: the badges sit right of the marker
    kolom = max(1, min(n, math.ceil(math.sqrt(n * w / (tinggi * rasio_sel)))))
    sel_w, sel_h = w / kolom, tinggi / math.ceil(n / kolom)
    return kolom, sel_w, sel_h, max(1.0, min(5.0, sel_h * 0.5, sel_w * 0.32))


def _grid_sisipan(n: int, w: float, h: float) -> tuple[int, int]:
    """Columns × rows for n inset panels filling w × h mm with panels about 1.5 : 1."""
    kolom = max(1, min(n, math.ceil(math.sqrt(n * w / (h * 1.5)))))
    return kolom, math.ceil(n / kolom)


def _bagan(hal: _Halaman, kotak, panel: list[tuple[str, list[dict]]], lapisan_kb: bool, *,
           kecil: bool = False) -> None:  # fmt: skip
    """Houses without GPS in a grid by house number (not their real positions): one panel, or
    one inset per RT, all in one axes in millimetres with one marker size."""
    x0, y0, w, h = kotak
    ax = hal.sumbu(x0, y0, w, h, bingkai=False)
    ax.set_xlim(0, w)
    ax.set_ylim(0, h)
    kolom_panel, baris_panel = (1, 1) if len(panel) == 1 else _grid_sisipan(len(panel), w, h)
    jarak = 1.2 if len(panel) > 1 else 0.0
    pw, ph = w / kolom_panel - jarak, h / baris_panel - jarak
    tata = [_tata_bagan(len(rumah), pw, ph, kecil) for _judul, rumah in panel]
    diam = min(t[3] for t in tata)
    # Numbers at the GPS panels' legible size wherever the grid's cells leave room for it.
    ruang = min(min(t[1] * 0.6, t[2] * 0.9) for t in tata)
    besar = 2 * (kotak_label(0, 0, "999", HURUF_NOMOR_PT).x1 - JARAK_LABEL_MM)
    huruf = HURUF_NOMOR_PT if ruang >= besar else None
    if huruf is not None:
        diam = besar
    xs: list[float] = []
    ys: list[float] = []
    semua: list[dict] = []
    for i, ((judul, rumah), (kolom, sel_w, sel_h, _d)) in enumerate(zip(panel, tata, strict=True)):
        px = (i % kolom_panel) * (pw + jarak) + jarak / 2
        py = h - (i // kolom_panel + 1) * (ph + jarak) + jarak / 2
        ax.add_patch(Rectangle((px, py), pw, ph, facecolor="#f6f7f9", edgecolor="#9aa3ad",
                               linewidth=0.6, zorder=1, clip_on=False))  # fmt: skip
        ax.text(px + 1.2, py + ph - 0.8, judul, ha="left", va="top",
                fontsize=5.5 if kecil else 7.5, fontweight="bold", color="#1d2433")  # fmt: skip
        atas = py + ph - _kepala(kecil) - 0.5
        for j, r in enumerate(rumah):
            xs.append(px + (j % kolom) * sel_w + sel_w * 0.3)
            ys.append(atas - (j // kolom + 0.5) * sel_h)
            semua.append(r)
    _penanda(ax, xs, ys, semua, lapisan_kb, diam, huruf=huruf)


def _keterangan(hal: _Halaman, kotak, lapisan_kb: bool, ada_bagan: bool) -> None:
    x0, y0, w, h = kotak
    ax = hal.sumbu(x0, y0, w, h)
    ax.set_xlim(0, w)
    ax.set_ylim(0, h)
    ax.text(2, h - 1.5, "Keterangan", ha="left", va="top", fontsize=8, fontweight="bold")
    d = 3.6 * MM

    def penanda(x, y, k: KelasKB, label: str, isi: str = "12"):
        ax.scatter([x], [y], s=d**2, c=[k.warna], edgecolors="#333333", linewidths=0.35)
        ax.text(x, y, isi, ha="center", va="center_baseline", fontsize=5.5, color=k.teks)
        ax.text(x + 3.2, y, label, ha="left", va="center_baseline", fontsize=6.8)

    atas = h - 9.5
    if lapisan_kb:
        ax.text(2, atas + 1.5, "Warna rumah = status KB PUS paling mendesak di rumah itu "
                "(urutan prioritas):", ha="left", va="bottom", fontsize=6.5, color="#333333")  # fmt: skip
        for i, k in enumerate(KELAS_KB):
            kol, bar = divmod(i, 4)
            penanda(4 + kol * 58, atas - 2.5 - bar * 5, k, f"{i + 1}. {k.label}", isi="")
    else:
        penanda(4, atas - 2.5, NETRAL, "Rumah (angka di dalam tanda = nomor rumah)")
        ax.text(4, atas - 8, "Versi tempel: tanpa status KB.", ha="left", va="center_baseline",
                fontsize=6.5, color="#444444")  # fmt: skip
    x_tanda = 120
    ax.text(x_tanda, atas + 1.5, "Huruf di samping rumah:", ha="left", va="bottom", fontsize=6.5,
            color="#333333")  # fmt: skip
    baris = [*TANDA.items()]
    if lapisan_kb:
        baris.append(("2 PUS", "rumah dengan 2 PUS atau lebih"))
    for i, (huruf, arti) in enumerate(baris):
        y = atas - 2.5 - i * 3.9
        warna = "#b2182b" if huruf.endswith("PUS") else "#1d2433"
        ax.text(x_tanda + 1, y, huruf, ha="left", va="center_baseline", fontsize=6.8,
                fontweight="bold", color=warna)  # fmt: skip
        ax.text(x_tanda + 11, y, arti, ha="left", va="center_baseline", fontsize=6.8)
    catatan = "Peta hanya memuat nomor rumah (tanpa nama/NIK)."
    if ada_bagan:
        catatan += (
            " Rumah tanpa titik GPS digambar berurutan menurut nomor rumah, bukan letak sebenarnya."
        )
    ax.text(2, 1.2, catatan, ha="left", va="bottom", fontsize=6, color="#444444")


def _kosong(hal: _Halaman, kotak, teks: str) -> None:
    x0, y0, w, h = kotak
    ax = hal.sumbu(x0, y0, w, h)
    ax.text(0.5, 0.5, teks, transform=ax.transAxes, ha="center", va="center", fontsize=14,
            color="#777777")  # fmt: skip


def gambar_peta(
    data: dict,
    *,
    rt_id: int | None = None,
    rt_ids: list[int] | None = None,
    dusun: str | None = None,
    kertas: str = "a4",
    lapisan_kb: bool = False,
    format: str = "svg",
    dpi: int = DPI_PETA,
) -> str | bytes:
    """The printable page (A4 or F4 portrait) of one RT's map, one dusun's (by name) or the
    village's, as SVG or PNG; `rt_ids` limits a village or dusun map to those RTs."""
    rt_semua = {r["id"]: r for r in data["rt"]}
    bulan = grafik.nama_bulan(data["bulan"])
    nama_desa = grafik.nama_wilayah({"desa": data["desa"]})
    if rt_id is not None:
        rt = rt_semua[rt_id]
        rumah = [h for h in data["rumah"] if h["rt"] == rt_id]
        judul = f"Peta Keluarga {label_rt(rt)} — {bulan}"
        rts = [rt]
    else:
        pilih = set(rt_semua) if rt_ids is None else set(rt_ids) & set(rt_semua)
        if dusun is not None:
            pilih = {i for i in pilih if rt_semua[i]["dusun"] == dusun}
        rumah = [h for h in data["rumah"] if h["rt"] in pilih]
        rts = [r for r in data["rt"] if r["id"] in pilih]
        wilayah = nama_desa if dusun is None else f"{_nama_dusun(dusun)}, {nama_desa}"
        bagian = "" if rt_ids is None else " (wilayah Anda)"
        judul = f"Peta Keluarga {wilayah}{bagian} — {bulan}"
    gps, tanpa_gps = _pisah_gps(rumah)

    with grafik.kanvas():
        hal = _Halaman(kertas)
        fig, W, H = hal.fig, hal.w, hal.h
        fig.text(0.5, 1 - 9 / H, judul, ha="center", va="top", fontsize=12, fontweight="bold")
        lapisan = "lapisan KB" if lapisan_kb else "versi tempel (tanpa lapisan KB)"
        sub = f"{nama_desa} · keadaan per {_tanggal_id(data['tanggal_acuan'])} · {lapisan}"
        if rt_id is None and len(rts) != len(data["rt"]):
            sub += f" · {len(rts)} RT"
        fig.text(0.5, 1 - 16 / H, sub, ha="center", va="top", fontsize=8, color="#444444")
        tinggi_ket = 40.0
        _keterangan(hal, (10, 13, W - 20, tinggi_ket), lapisan_kb, bool(tanpa_gps))
        peta = (10, 13 + tinggi_ket + 4, W - 20, H - 22 - (13 + tinggi_ket + 4))
        px, py, pw, ph = peta
        if not rumah:
            _kosong(hal, peta, "Belum ada data rumah berpenghuni pada bulan ini")
        elif rt_id is not None:
            if gps and tanpa_gps:
                kolom = max(1, math.floor(pw / 22))
                perlu = math.ceil(len(tanpa_gps) / kolom) * 11 + 8
                tinggi_bagan = max(30.0, min(ph * 0.45, perlu))
                _gps_dengan_sisipan(hal, (px, py + tinggi_bagan + 3, pw, ph - tinggi_bagan - 3), gps,
                           lapisan_kb, kertas=kertas)  # fmt: skip
                _bagan(
                    hal,
                    (px, py, pw, tinggi_bagan),
                    [("Rumah tanpa titik GPS (urut nomor rumah)", tanpa_gps)],
                    lapisan_kb,
                )
            elif gps:
                _gps_dengan_sisipan(hal, peta, gps, lapisan_kb, kertas=kertas)
            else:
                judul_bagan = "Bagan rumah urut nomor (belum ada titik GPS; tanpa skala)"
                _bagan(hal, peta, [(judul_bagan, tanpa_gps)], lapisan_kb)
        else:
            per_rt = defaultdict(list)
            for h in tanpa_gps:
                per_rt[h["rt"]].append(h)
            sisipan = [(r, per_rt[r["id"]]) for r in rts if per_rt[r["id"]]]
            if gps:
                label = {r["id"]: f"RT {r['nomor']}/RW {r['rw']}" for r in rts}
                # Insets take a share of the height that follows their share of the houses.
                bagian_sisipan = 0.15 + len(tanpa_gps) / len(rumah)
                tinggi_sisipan = ph * min(0.45, max(0.25, bagian_sisipan)) if sisipan else 0.0
                _gps_dengan_sisipan(hal, (px, py + tinggi_sisipan, pw, ph - tinggi_sisipan), gps,
                           lapisan_kb, rt_label=label, kertas=kertas)  # fmt: skip
                kotak_sisipan = (px, py, pw, tinggi_sisipan - 3)
            else:
                kotak_sisipan = peta
            if sisipan:
                sx, sy, sw, sh = kotak_sisipan
                fig.text((sx + 0.5) / W, (sy + sh + 0.3) / H,
                         "Rumah tanpa titik GPS, per RT (urut nomor rumah, bukan letak sebenarnya)",
                         fontsize=6.5, color="#333333", va="bottom")  # fmt: skip
                panel = [(f"RT {r['nomor']}/RW {r['rw']}", hs) for r, hs in sisipan]
                _bagan(hal, (sx, sy, sw, sh - 1), panel, lapisan_kb, kecil=True)
        if lapisan_kb:
            fig.text(10 / W, 6 / H, RAHASIA, ha="left", va="bottom", fontsize=10,
                     fontweight="bold", color="#b00020")  # fmt: skip
        else:
            fig.text(10 / W, 6 / H, "Versi tempel — tanpa lapisan KB", ha="left", va="bottom",
                     fontsize=8, color="#333333")  # fmt: skip
        fig.text(1 - 10 / W, 6 / H, f"Rumah Dataku · kertas {kertas.upper()}", ha="right",
                 va="bottom", fontsize=7, color="#555555")  # fmt: skip
        return grafik.simpan(fig, format, dpi=dpi)


# --- cross-sector layer ---------------------------------------------------------------------------


def _bungkus(teks: str, lebar: int) -> list[str]:
    baris, kini = [], ""
    for kata in teks.split():
        if kini and len(kini) + 1 + len(kata) > lebar:
            baris.append(kini)
            kini = kata
        else:
            kini = f"{kini} {kata}".strip()
    return [*baris, kini] if kini else baris


def gambar_lintas_sektor(
    data: dict,
    kegiatan: list[dict],
    *,
    rt_ids: list[int] | None = None,
    kertas: str = "a4",
    format: str = "svg",
    dpi: int = DPI_PETA,
) -> str | bytes:
    """The village map with the month's activities and their sectors (agencies): houses as
    neutral dots, each activity numbered and placed at its RT (the RT's houses' centre); an RT
    without GPS points, and activities of a whole dusun/RW or of the village, go to a margin box
    per dusun/RW. The legend lists number, title, date, area and agencies. No personal data."""
    rt_semua = {r["id"]: r for r in data["rt"]}
    pilih = set(rt_semua) if rt_ids is None else set(rt_ids) & set(rt_semua)
    rumah = [h for h in data["rumah"] if h["rt"] in pilih]
    gps, _tanpa = _pisah_gps(rumah)
    nomor = list(enumerate(kegiatan, start=1))
    per_rt: dict[int, list[int]] = defaultdict(list)
    for no, k in nomor:
        if k["tingkat"] == "rt" and k["rt"] in pilih:
            per_rt[k["rt"]].append(no)
    titik_rt: dict[int, tuple[float, float]] = {}
    if gps:
        xs, ys = _proyeksi(gps)
        kumpul = defaultdict(list)
        for x, y, h in zip(xs, ys, gps, strict=True):
            kumpul[h["rt"]].append((x, y))
        titik_rt = {
            r: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
            for r, pts in kumpul.items()
        }
    # margin boxes: label → lines ("4, 6" for the whole dusun/RW; "RT 003: 2" without a point)
    kotak: dict[str, list[str]] = defaultdict(list)
    for no, k in nomor:
        if k["tingkat"] == "rt":
            if k["rt"] not in pilih:
                continue
            if gps and k["rt"] in titik_rt:
                continue
            if not gps:
                continue  # the schematic grid shows every RT
            kotak[k["kotak"]].append(f"{k['rt_label']}: {no}")
        else:
            kotak[k["kotak"]].append(str(no))
    bulan = grafik.nama_bulan(data["bulan"])
    nama_desa = grafik.nama_wilayah({"desa": data["desa"]})
    with grafik.kanvas():
        hal = _Halaman(kertas)
        fig, W, H = hal.fig, hal.w, hal.h
        fig.text(0.5, 1 - 9 / H, f"Peta Lintas Sektor {nama_desa} — {bulan}", ha="center",
                 va="top", fontsize=12, fontweight="bold")  # fmt: skip
        sub = f"Kegiatan bulan ini menurut RT dan instansi · keadaan per {_tanggal_id(data['tanggal_acuan'])}"
        fig.text(0.5, 1 - 16 / H, sub, ha="center", va="top", fontsize=8, color="#444444")
        # legend at the bottom
        baris_legenda = []
        for no, k in nomor:
            tgl = dt.date.fromisoformat(k["tanggal"])
            wil = k["rt_label"] + " " + k["kotak"] if k["tingkat"] == "rt" else k["kotak"]
            sektor = ", ".join(k["instansi"]) or "instansi belum dicatat"
            baris_legenda.append(f"{no}. {k['judul']} ({tgl.day}/{tgl.month}) — {wil} — {sektor}")
        maks = 24
        if len(baris_legenda) > maks:
            sisa = len(baris_legenda) - (maks - 1)
            baris_legenda = baris_legenda[: maks - 1] + [f"… dan {sisa} kegiatan lain"]
        tinggi_leg = 8 + 3.4 * max(1, len(baris_legenda))
        fig.text(10 / W, (13 + tinggi_leg - 2) / H, "Kegiatan dan sektor (instansi)",
                 fontsize=7.5, fontweight="bold", va="top")  # fmt: skip
        for i, b in enumerate(baris_legenda or ["Belum ada kegiatan pada bulan ini."]):
            fig.text(10 / W, (13 + tinggi_leg - 6.5 - 3.4 * i) / H, b[:150], fontsize=6.2,
                     va="top", color="#222222")  # fmt: skip
        # margin column
        lebar_tepi = 52.0
        atas = H - 27
        px, py = 10.0, 13 + tinggi_leg + 4
        pw, ph = W - 20 - lebar_tepi - 3, atas - py
        x_tepi = W - 10 - lebar_tepi
        fig.text(x_tepi / W, (atas + 1) / H, "Kegiatan se-dusun/RW/desa", fontsize=7,
                 fontweight="bold", va="bottom")  # fmt: skip
        y = atas
        for label in sorted(kotak, key=lambda s: (s == "Seluruh desa", s)):
            isi = _bungkus(", ".join(kotak[label]), 34)
            tinggi = 5 + 3.2 * len(isi)
            if y - tinggi < py:
                break
            ax = hal.sumbu(x_tepi, y - tinggi, lebar_tepi, tinggi)
            ax.set_facecolor("#f3f7fb")
            ax.text(0.03, 1 - 2.2 / tinggi, label, transform=ax.transAxes, fontsize=6.5,
                    fontweight="bold", va="top")  # fmt: skip
            for j, t in enumerate(isi):
                ax.text(0.03, 1 - (5.2 + 3.2 * j) / tinggi, t, transform=ax.transAxes,
                        fontsize=6.5, va="top", color="#0b3d91")  # fmt: skip
            y -= tinggi + 2
        # the main panel
        if gps:
            label = {r: f"RT {rt_semua[r]['nomor']}/RW {rt_semua[r]['rw']}" for r in pilih}
            ax = _gps_dengan_sisipan(
                hal, (px, py, pw, ph), gps, False, rt_label=label, kertas=kertas
            )
            halo = [patheffects.withStroke(linewidth=2, foreground="white")]
            for r, nos in per_rt.items():
                if r in titik_rt:
                    x, y_ = titik_rt[r]
                    ax.text(x, y_, ",".join(str(n) for n in nos), ha="center", va="bottom",
                            fontsize=8, fontweight="bold", color="#b35900", zorder=7,
                            path_effects=halo,
                            bbox={"boxstyle": "round,pad=0.2", "facecolor": "#fff3e0",
                                  "edgecolor": "#b35900", "linewidth": 0.6})  # fmt: skip
        else:
            rts = [r for r in data["rt"] if r["id"] in pilih]
            if not rts:
                _kosong(hal, (px, py, pw, ph), "Belum ada RT")
            else:
                kolom = max(1, math.ceil(math.sqrt(len(rts) * pw / ph)))
                baris_n = math.ceil(len(rts) / kolom)
                cw, chh = min(pw / kolom, 60.0), min(ph / baris_n, 30.0)
                for i, r in enumerate(rts):
                    cx, cy = px + (i % kolom) * cw, atas - (i // kolom + 1) * chh
                    ax = hal.sumbu(cx + 0.6, cy + 0.6, cw - 1.2, chh - 1.2)
                    ax.set_facecolor("#fbfbf7")
                    ax.text(0.5, 0.92, f"RT {r['nomor']}/RW {r['rw']}", transform=ax.transAxes,
                            ha="center", va="top", fontsize=6.5)  # fmt: skip
                    ax.text(0.5, 0.78, _nama_dusun(r["dusun"]), transform=ax.transAxes,
                            ha="center", va="top", fontsize=5.5, color="#555555")  # fmt: skip
                    nos = per_rt.get(r["id"])
                    if nos:
                        ax.text(0.5, 0.4, ",".join(str(n) for n in nos), transform=ax.transAxes,
                                ha="center", va="center", fontsize=9, fontweight="bold",
                                color="#b35900")  # fmt: skip
                fig.text((px + 0.5) / W, (atas + 1) / H,
                         "Bagan RT (belum ada titik GPS; tanpa skala)", fontsize=6.5,
                         color="#333333", va="bottom")  # fmt: skip
        fig.text(10 / W, 6 / H, "Hanya judul kegiatan, wilayah dan instansi — tanpa nama orang",
                 ha="left", va="bottom", fontsize=8, color="#333333")  # fmt: skip
        fig.text(1 - 10 / W, 6 / H, f"Rumah Dataku · kertas {kertas.upper()}", ha="right",
                 va="bottom", fontsize=7, color="#555555")  # fmt: skip
        return grafik.simpan(fig, format, dpi=dpi)


def gambar_lintas_sektor_bulan(
    desa, tahun: int, bulan: int, kegiatan: list[dict], *, rt_ids=None, kertas="a4", format="svg"
) -> bytes:
    """The cross-sector map of a month as bytes; a closed month's image is cached."""
    identitas = grafik.identitas_snapshot(desa, tahun, bulan)

    def buat() -> bytes:
        data = data_peta_bulan(desa, tahun, bulan, identitas)
        hasil = gambar_lintas_sektor(data, kegiatan, rt_ids=rt_ids, kertas=kertas, format=format)
        return hasil.encode("utf-8") if isinstance(hasil, str) else hasil

    if identitas is None:
        return buat()
    cakupan = "desa"
    if rt_ids is not None:
        daftar = ",".join(str(i) for i in sorted(rt_ids))
        cakupan += "/" + hashlib.sha256(daftar.encode()).hexdigest()[:16]
    kunci = ("peta-lintas", desa.kode, f"{tahun:04d}-{bulan:02d}", identitas, cakupan, kertas,
             format)  # fmt: skip
    return grafik.cache_atau_buat(kunci, buat)
