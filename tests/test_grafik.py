"""Charts of the monthly report: content, empty state, 12-month trends, Indonesian numbers,
deterministic SVG, the closed-month cache, and the image endpoints behind the access gate."""

import dataclasses
import datetime as dt
import threading
import xml.etree.ElementTree as ET

import pytest
from django.urls import include, path, reverse

from keluarga.akses import Peran
from laporan import grafik, grafik_bulan, services
from rumahdataku import urls as root_urls
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)

# Until the project's root URLconf mounts laporan.urls_grafik, these tests mount it themselves.
if any(getattr(p, "namespace", None) == "grafik" for p in root_urls.urlpatterns):
    urlpatterns = list(root_urls.urlpatterns)
else:
    urlpatterns = [path("laporan/grafik/", include("laporan.urls_grafik")), *root_urls.urlpatterns]
pytestmark = pytest.mark.urls("tests.test_grafik")

RAPAT = {"tanggal": dt.date(2026, 11, 3), "tempat": "Balai desa", "peserta": "Ketua\nSekretaris"}


@pytest.fixture(autouse=True)
def _cache_sementara(settings, tmp_path):
    """Each test gets its own image cache folder."""
    settings.RUMAHDATAKU_CACHE_GRAFIK = tmp_path / "cache"


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


@pytest.fixture
def wilayah(desa_kecil_berdata):  # noqa: F811
    """The hand-counted village's desa and RTs (the desa with its first month of data set)."""
    return desa_kecil_berdata


@pytest.fixture
def desa_kosong(db):
    return f.DesaFactory(nama="Sunyi", bulan_awal_data=dt.date(2026, 9, 1))


def teks_svg(svg: str | bytes) -> str:
    """All text of an SVG document (parsing it also proves it is well-formed XML)."""
    akar = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)  # noqa: S314 (our own SVG)
    return " ".join(t.strip() for t in akar.itertext() if t.strip())


@pytest.mark.parametrize("nama", list(grafik.GRAFIK))
def test_each_chart_is_valid_svg_with_its_title_and_month(desa, nama):
    svg = grafik_bulan.gambar_bulan(desa, 2026, 10, nama, "svg")
    teks = teks_svg(svg)
    assert grafik.GRAFIK[nama].judul in teks
    assert "Oktober 2026" in teks
    assert svg.startswith(b"<?xml")


@pytest.mark.parametrize("nama", list(grafik.GRAFIK))
def test_each_chart_of_an_empty_desa_says_there_is_no_data_yet(desa_kosong, nama):
    teks = teks_svg(grafik_bulan.gambar_bulan(desa_kosong, 2026, 10, nama, "svg"))
    assert "Belum ada data" in teks
    assert grafik.GRAFIK[nama].judul in teks and "Oktober 2026" in teks


def test_charts_with_data_do_not_show_the_empty_state(desa):
    for nama in ("piramida", "metode_kb", "tidak_kb", "tren_kb"):
        assert "Belum ada data" not in teks_svg(
            grafik_bulan.gambar_bulan(desa, 2026, 10, nama, "svg")
        )


def test_trends_take_the_twelve_months_ending_with_the_month(desa):
    seri = grafik_bulan.laporan_12_bulan(desa, 2026, 10)
    assert len(seri) == 12
    assert seri[:10] == [None] * 10  # before the first month of data (September 2026)
    assert [r["bulan"] for r in seri[10:]] == ["2026-09", "2026-10"]
    teks = teks_svg(grafik.tren_kb(seri[-1], seri[:-1]))
    for bulan in grafik.NAMA_BULAN_PENDEK:  # Nov 2025 … Okt 2026: all twelve month names
        assert bulan in teks.split()
    assert "2025" in teks and "2026" in teks
    assert "42,9%" in teks  # October's CPR, 3/7, with a decimal comma


def test_a_trend_is_padded_to_twelve_months_when_history_is_short():
    laporan = {"desa": {"nama": "X"}, "bulan": "2026-03", "status": "ditutup",
               "kb": {"cpr": 50.0, "mkjp_persen": 20.0, "unmet_need_persen": 10.5}}  # fmt: skip
    seri = grafik._seri(laporan, [])
    assert [b for b, _r in seri][0] == "2025-04" and len(seri) == 12
    teks = teks_svg(grafik.tren_kb(laporan, []))
    assert "10,5%" in teks and "Maret 2026" in teks


def test_numbers_are_formatted_the_indonesian_way():
    assert grafik.angka(1234) == "1.234"
    assert grafik.angka(1234567.5) == "1.234.567,5"
    assert grafik.angka(12.5) == "12,5"
    assert grafik.angka(None) == "–"
    assert grafik.persen(42.9) == "42,9%"
    assert grafik.nama_bulan("2026-10") == "Oktober 2026"
    assert grafik.geser_bulan("2026-01", -1) == "2025-12"


def test_method_mix_labels_counts_and_shares_with_decimal_commas(desa):
    teks = teks_svg(grafik_bulan.gambar_bulan(desa, 2026, 10, "metode_kb", "svg"))
    assert "1 (33,3%)" in teks  # IUD, MOP and Suntik: one each of 3 PA
    assert "CPR 42,9%" in teks


def test_the_same_report_gives_byte_identical_svg(desa):
    laporan = services.laporan_bulan(desa, 2026, 10)
    assert grafik.piramida(laporan) == grafik.piramida(laporan)
    assert "dc:date" not in grafik.piramida(laporan)


def test_the_meeting_pack_gets_every_chart_as_png(desa):
    paket = grafik_bulan.semua_png(desa, 2026, 10)
    assert [j for j, _png in paket] == [g.judul for g in grafik.GRAFIK.values()]
    assert all(png.startswith(b"\x89PNG") for _j, png in paket)


def test_png_output_is_a_png():
    laporan = {"desa": {"nama": "X"}, "bulan": "2026-10", "status": "terbuka",
               "posyandu": {"skdn": {"s": 10, "k": 9, "d": 8, "n": 5, "bgm": 0},
                            "rasio": {"k_s": 90.0, "d_s": 80.0, "n_d": 62.5}}}  # fmt: skip
    png = grafik.skdn(laporan, format="png")
    assert png.startswith(b"\x89PNG")
    assert "N/D 62,5%" in teks_svg(grafik.skdn(laporan))


def test_charts_drawn_in_threads_equal_the_ones_drawn_alone():
    laporan = {"desa": {"nama": "X"}, "bulan": "2026-10", "status": "terbuka",
               "penduduk": {"jumlah": {"L": 3, "P": 4, "total": 7},
                            "kelompok_umur": [{"kelompok": f"{i}", "L": i % 3, "P": i % 4}
                                              for i in range(16)]}}  # fmt: skip
    sendiri = grafik.piramida(laporan)
    hasil = []
    benang = [threading.Thread(target=lambda: hasil.append(grafik.piramida(laporan)))
              for _ in range(4)]  # fmt: skip
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert hasil == [sendiri] * 4


def _tutup_september_oktober(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    return admin


def test_a_closed_months_charts_stay_identical_after_later_changes(desa, settings):
    _tutup_september_oktober(desa)
    sebelum = {
        n: grafik_bulan.gambar_bulan(desa, 2026, 10, n, "png") for n in ("piramida", "tren_kb")
    }
    sebelum_svg = grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg")
    assert any((settings.RUMAHDATAKU_CACHE_GRAFIK).rglob("*"))  # stored in the cache
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1970, 1, 1))
    for n, isi in sebelum.items():
        assert grafik_bulan.gambar_bulan(desa, 2026, 10, n, "png") == isi
    assert grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg") == sebelum_svg


def test_an_open_month_is_drawn_again_from_live_data(desa):
    sebelum = grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg")
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1970, 1, 1))
    assert grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg") != sebelum


def test_an_open_months_chart_is_drawn_once_per_data_stamp(desa, monkeypatch):
    """Issue 15: an open month's charts are kept while the desa's figures are current (one slot
    per chart, overwritten after a write) and drawn again — with the new data — after one."""
    gambar = []
    asli = grafik.GRAFIK["piramida"]

    def hitung(*a, **k):
        gambar.append(1)
        return asli.fungsi(*a, **k)

    monkeypatch.setitem(grafik.GRAFIK, "piramida", dataclasses.replace(asli, fungsi=hitung))
    pertama = grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg")
    assert grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg") == pertama
    assert len(gambar) == 1  # the second view read the kept file
    services.laporan_bulan(desa, 2026, 10)  # the report page (with the comparison) meanwhile
    assert grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg") == pertama
    assert len(gambar) == 1  # ... left the figures the chart names as they were
    kel = f.KeluargaFactory(rumah__rt=f.RTFactory(rw__dusun__desa=desa), desa=desa)
    f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1970, 1, 1))
    sesudah = grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg")
    assert len(gambar) == 2 and sesudah != pertama
    with services.tanpa_simpanan():  # bypassed: drawn from the data, identical
        assert grafik_bulan.gambar_bulan(desa, 2026, 10, "piramida", "svg") == sesudah
    assert len(gambar) == 3
    slot = [p for p in grafik.folder_cache().rglob("*") if p.is_file()]
    assert len(slot) == 1  # one file for the chart, not one per write


def test_reopening_a_month_changes_its_snapshot_identity(desa):
    admin = _tutup_september_oktober(desa)
    lama = grafik.identitas_snapshot(desa, 2026, 10)
    services.buka_kembali(desa=desa, tahun=2026, bulan=10, oleh=admin, alasan="koreksi")
    assert grafik.identitas_snapshot(desa, 2026, 10) is None
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    assert grafik.identitas_snapshot(desa, 2026, 10) not in (None, lama)


# --- over HTTP -----------------------------------------------------------------------------------


def url_grafik(desa, nama, fmt="svg", bulan="2026-10"):
    return reverse(
        "grafik:grafik", kwargs={"kode": desa.kode, "bulan": bulan, "nama": nama, "fmt": fmt}
    )


def test_chart_images_are_served_with_their_type_and_private_caching(client, desa):
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    r = client.get(url_grafik(desa, "piramida"))
    assert r.status_code == 200
    assert r["Content-Type"] == "image/svg+xml"
    assert r["Cache-Control"] == "no-store"
    assert "Piramida penduduk" in teks_svg(r.content)
    r = client.get(url_grafik(desa, "skdn", "png"))
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert r["Cache-Control"] == "no-store" and r.content.startswith(b"\x89PNG")


def test_chart_urls_are_under_laporan_grafik(desa):
    assert url_grafik(desa, "piramida") == f"/laporan/grafik/{desa.kode}/2026-10/piramida.svg"
    # The dashboard reverses with positional arguments.
    assert reverse("grafik:grafik", args=[desa.kode, "2026-10", "partisipasi_poktan", "png"]) == (
        f"/laporan/grafik/{desa.kode}/2026-10/partisipasi_poktan.png"
    )


def test_chart_endpoint_needs_login_scope_and_a_known_chart(client, desa):
    assert client.get(url_grafik(desa, "piramida")).status_code == 302
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=f.DesaFactory()))
    assert client.get(url_grafik(desa, "piramida")).status_code == 404
    client.force_login(f.persona(None, desa=desa))
    assert client.get(url_grafik(desa, "piramida")).status_code == 403
    client.force_login(f.persona(Peran.OPERATOR, desa=desa))
    assert client.get(url_grafik(desa, "tidak_ada")).status_code == 404
    assert client.get(url_grafik(desa, "piramida", bulan="2026-08")).status_code == 404


def test_a_closed_months_chart_is_not_kept_by_the_browser_either(client, desa):
    _tutup_september_oktober(desa)
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    r = client.get(url_grafik(desa, "piramida"))
    assert r["Cache-Control"] == "no-store"  # a map shows families (issue 13)


def test_the_page_lists_charts_and_the_maps_the_user_may_see(client, desa, wilayah):
    url = reverse("grafik:halaman", kwargs={"kode": desa.kode, "bulan": "2026-10"})
    assert client.get(url).status_code == 302
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and "Oktober 2026" in html
    for nama in grafik.GRAFIK:
        assert url_grafik(desa, nama) in html
    assert f"/peta/rt/{wilayah['rt1'].pk}.svg" in html and "/peta/desa.svg" in html
    assert "lapisan=kb" not in html  # Kepala Desa: no KB layer
    client.force_login(f.persona(Peran.KADER, desa=desa, rt=[wilayah["rt1"]]))
    html = client.get(url).content.decode()
    assert "lapisan=kb" in html
    assert f"/peta/rt/{wilayah['rt1'].pk}.svg" in html
    assert f"/peta/rt/{wilayah['rt2'].pk}.svg" not in html
