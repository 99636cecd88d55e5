"""The village family map stays readable where houses cluster (issue 20 point 7): no two
house-number labels overlap and every label is at least 6 pt on paper."""

import itertools
import re
import xml.etree.ElementTree as ET

from django.conf import settings

from laporan import peta

# A clustered village: 30 houses of RT 1 within about 25 m of each other (a row of houses
# along a lane, 2 m apart), and 6 houses of RT 2 spread 150 m apart.
RUMAH = [
    {"id": i, "rt": 1, "nomor": str(i), "lat": -6.88 + (i % 6) * 0.00002,
     "lng": 109.61 + (i // 6) * 0.00002, "kb": "netral", "pus": 0, "tanda": ""}
    for i in range(1, 31)
] + [
    {"id": 100 + i, "rt": 2, "nomor": str(100 + i), "lat": -6.879 + i * 0.0014,
     "lng": 109.612, "kb": "netral", "pus": 0, "tanda": ""}
    for i in range(6)
]  # fmt: skip
DATA = {
    "desa": {"kode": "3326012001", "nama": "Desa Uji"},
    "bulan": "2026-11",
    "tanggal_acuan": "2026-11-30",
    "rt": [
        {"id": 1, "nomor": "001", "rw": "001", "dusun": "Krajan"},
        {"id": 2, "nomor": "002", "rw": "001", "dusun": "Krajan"},
    ],
    "rumah": RUMAH,
}


def _gambar(monkeypatch, **kw):
    panel = []
    asli = peta._panel_gps

    def catat(hal, *a, **k):
        ax = asli(hal, *a, **k)
        panel.append(ax)
        return ax

    monkeypatch.setattr(peta, "_panel_gps", catat)
    svg = peta.gambar_peta(DATA, lapisan_kb=False, **kw)
    return svg, panel[-1]  # the drawn panel (the first call only measures)


def test_no_two_house_number_labels_overlap_on_a_clustered_village_map(monkeypatch):
    _svg, ax = _gambar(monkeypatch)
    kotak = [k for _t, _x, _y, k, _g in ax.label_rumah]
    tumpang = [(a, b) for a, b in itertools.combinations(kotak, 2) if a.tumpang(b)]
    assert tumpang == []
    # The spread-out houses keep their numbers; the lane's houses became lettered clusters.
    teks = {t for t, _x, _y, _k, g in ax.label_rumah if len(g) == 1}
    assert {str(100 + i) for i in range(6)} <= teks
    assert ax.kelompok and sum(len(g) for g in ax.kelompok) + len(teks) == len(RUMAH)
    assert {h["id"] for g in ax.kelompok for h in g} <= set(range(1, 31))


def test_every_clustered_house_is_drawn_again_in_the_inset_with_its_number(monkeypatch):
    svg, ax = _gambar(monkeypatch)
    teks = " ".join(t.strip() for t in ET.fromstring(svg).itertext() if t.strip())  # noqa: S314
    for k in range(len(ax.kelompok)):
        assert f"Kelompok {peta.nama_kelompok(k)}" in teks
    assert "Rumah berdekatan" in teks


def test_labels_are_at_least_6_pt_on_the_printed_pack_and_poster():
    # The map page is drawn at paper size; the pack prints it at most this much smaller.
    css = (settings.BASE_DIR / "static" / "css" / "cetak.css").read_text()
    tinggi = float(re.search(r"img\.peta \{[^}]*max-height: (\d+)mm", css).group(1))
    lebar_halaman = 210 - 2 * 12  # A4 minus the @page margins
    skala_paket = min(lebar_halaman / 210, tinggi / 297)
    assert skala_paket >= peta.SKALA_CETAK_MIN
    poster = float(re.search(r"\.papan \.peta-papan img \{[^}]*height: (\d+)mm", css).group(1))
    assert poster / 297 >= peta.SKALA_CETAK_MIN
    assert peta.HURUF_NOMOR_PT * peta.SKALA_CETAK_MIN >= 6


def test_a_label_box_holds_its_number_at_the_given_size():
    k = peta.kotak_label(10.0, 20.0, "123", 7.5)
    lebar_mm = k.x1 - k.x0 - 2 * peta.JARAK_LABEL_MM
    # "123" in DejaVu Sans is about 1.9 em wide: 1.9 × 7.5 pt ≈ 14 pt ≈ 5 mm.
    assert 4.5 < lebar_mm < 5.6 and (k.x0 + k.x1) / 2 == 10.0 and (k.y0 + k.y1) / 2 == 20.0


def test_cluster_names_run_a_to_z_then_aa():
    assert [peta.nama_kelompok(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def test_every_house_number_on_the_clustered_map_is_drawn_at_the_legible_size(monkeypatch):
    ukuran = []
    asli = peta._penanda

    def catat(ax, xs, ys, rumah, lapisan_kb, diam_mm, huruf=None, nomor=True):
        if nomor and rumah:
            ukuran.append((huruf, len(rumah)))
        return asli(ax, xs, ys, rumah, lapisan_kb, diam_mm, huruf=huruf, nomor=nomor)

    monkeypatch.setattr(peta, "_penanda", catat)
    peta.gambar_peta(DATA, lapisan_kb=False)
    # Measuring pass + drawn panel + inset; each number at 7.5 pt, i.e. >= 6 pt at 0.8 scale.
    assert ukuran and {u for u, _n in ukuran} == {peta.HURUF_NOMOR_PT}
