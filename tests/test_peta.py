"""Peta keluarga: per-house classification, the KB layer and the wall version, page sizes, no
names or NIK, closed months frozen, fixed query count, and the map endpoints behind the gate."""

import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from keluarga import kode
from keluarga import services as ks
from keluarga.akses import Peran
from keluarga.models import Anggota, Keluarga, Rumah
from laporan import peta, services
from tests import factories as f
from tests.test_definisi import desa_kecil, desa_kecil_berdata  # noqa: F401  (hand-counted)

pytestmark = pytest.mark.urls("tests.test_grafik")  # mounts laporan.urls_grafik if needed

D = dt.date(2026, 10, 31)
RAPAT = {"tanggal": dt.date(2026, 11, 3), "tempat": "Balai desa", "peserta": "Ketua\nSekretaris"}
LABEL_KB = [k.label for k in peta.KELAS_KB]


@pytest.fixture(autouse=True)
def _cache_sementara(settings, tmp_path):
    settings.RUMAHDATAKU_CACHE_GRAFIK = tmp_path / "cache"


@pytest.fixture
def desa(desa_kecil_berdata):  # noqa: F811
    return desa_kecil_berdata["desa"]


@pytest.fixture
def wilayah(desa_kecil_berdata):  # noqa: F811
    """The hand-counted village's desa and RTs (the desa with its first month of data set)."""
    return desa_kecil_berdata


def rumah_dari(nama: str) -> int:
    """The house of the family of the member with this name."""
    return Anggota.objects.get(nama=nama).keluarga.rumah_id


def teks_svg(svg) -> str:
    akar = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)  # noqa: S314 (our own SVG)
    return " ".join(t.strip() for t in akar.itertext() if t.strip())


def test_each_house_gets_the_kb_class_of_its_pus_on_the_reference_date(desa):
    k = peta.klasifikasi(desa, D)
    assert k[rumah_dari("F2")]["kb"] == "tial"
    assert k[rumah_dari("H2")]["kb"] == "mkjp"  # IUD
    assert k[rumah_dari("A2")]["kb"] == "mkjp"  # the husband's MOP
    assert k[rumah_dari("B3")]["kb"] == "non_mkjp"  # Suntik
    assert k[rumah_dari("D2")]["kb"] == "hamil"  # pregnant over a Pil
    assert k[rumah_dari("G2")]["kb"] == "belum_terdata"
    assert k[rumah_dari("I2")]["kb"] == "ias"
    assert k[rumah_dari("C1")]["kb"] == "tanpa_pus"  # a widow, a remaja, an unmarried pregnancy
    assert k[rumah_dari("E2")]["kb"] == "tanpa_pus"  # widowed on D
    assert len(k) == 9


def test_houses_get_badges_from_the_same_definitions_as_the_report(desa):
    k = peta.klasifikasi(desa, D)
    assert k[rumah_dari("A2")]["tanda"] == "BK"  # A4 balita (A3 is exactly 60 months); terlalu tua
    assert k[rumah_dari("B3")]["tanda"] == "KM"  # water; KS I
    assert k[rumah_dari("C1")]["tanda"] == "HLM"  # C3 pregnant, C1 lansia, Pra-S
    assert k[rumah_dari("D2")]["tanda"] == "HK"
    assert k[rumah_dari("E2")]["tanda"] == "M"  # bansos
    assert k[rumah_dari("G2")]["tanda"] == ""  # KRS data incomplete is not KRS
    assert k[rumah_dari("I2")]["tanda"] == "BK"
    r = services.laporan_bulan(desa, 2026, 10)
    jumlah = {h: sum(1 for v in k.values() if h in v["tanda"]) for h in "KM"}
    assert jumlah == {"K": r["keluarga"]["krs"], "M": r["keluarga"]["kurang_mampu"]}


def test_the_most_urgent_pus_colours_a_house_with_a_pus_count_badge(desa):
    rumah_f = Rumah.objects.get(pk=rumah_dari("F2"))
    kel = f.KeluargaFactory(rumah=rumah_f, desa=desa)
    istri = f.AnggotaFactory(keluarga=kel, hubungan=kode.HubunganKK.KEPALA, status_kawin="kawin",
                             tanggal_lahir=dt.date(1994, 1, 1))  # fmt: skip
    ks.set_status_kb(anggota=istri, metode="implan", mulai=dt.date(2025, 1, 1))
    h = peta.klasifikasi(desa, D)[rumah_f.pk]
    assert h["kb"] == "tial" and h["pus"] == 2
    assert peta.paling_mendesak(["mkjp", "ias", "non_mkjp"]) == "ias"
    assert peta.paling_mendesak([]) == "tanpa_pus"
    svg = teks_svg(peta.gambar_peta(peta.data_peta(desa, 2026, 10), rt_id=rumah_f.rt_id,
                                    lapisan_kb=True))  # fmt: skip
    assert "2 PUS" in svg


def test_a_family_that_moved_house_after_the_date_is_drawn_at_its_old_house(desa):
    kel = Keluarga.objects.get(anggota_set__nama="H2")
    lama = kel.rumah_id
    baru = f.RumahFactory(rt=kel.rumah.rt, desa=desa)
    ks.pindah_rumah(keluarga=kel, rumah=baru, tanggal=dt.date(2026, 11, 10))
    k = peta.klasifikasi(desa, D)
    assert k[lama]["kb"] == "mkjp" and baru.pk not in k
    assert peta.klasifikasi(desa, dt.date(2026, 11, 20))[baru.pk]["kb"] == "mkjp"


def test_the_kb_layer_has_its_legend_and_the_rahasia_footer_the_wall_version_neither(desa, wilayah):
    data = peta.data_peta(desa, 2026, 10)
    rt1 = wilayah["rt1"]
    kb = teks_svg(peta.gambar_peta(data, rt_id=rt1.pk, lapisan_kb=True))
    umum = teks_svg(peta.gambar_peta(data, rt_id=rt1.pk, lapisan_kb=False))
    judul = f"Peta Keluarga RT 001/RW {rt1.rw.nomor} {rt1.rw.dusun.nama} — Oktober 2026"
    assert judul in kb and judul in umum
    for label in LABEL_KB:
        assert label in kb and label not in umum
    for arti in peta.TANDA.values():
        assert arti in kb and arti in umum
    assert "RAHASIA" in kb and "RAHASIA" not in umum
    assert "Versi tempel" in umum


def test_the_wall_version_has_no_kb_colours(desa, wilayah):
    data = peta.data_peta(desa, 2026, 10)
    umum = peta.gambar_peta(data, rt_id=wilayah["rt1"].pk, lapisan_kb=False)
    kb = peta.gambar_peta(data, rt_id=wilayah["rt1"].pk, lapisan_kb=True)
    tial = peta.KELAS["tial"].warna
    assert tial in kb and tial not in umum
    assert peta.KELAS["mkjp"].warna not in umum


def test_gps_houses_are_drawn_at_their_coordinates_with_a_scale_bar(desa, wilayah):
    rt1 = wilayah["rt1"]
    for i, r in enumerate(Rumah.objects.filter(rt=rt1).order_by("pk")[:3]):
        r.lat, r.lng = Decimal("-6.880000") + Decimal(i) / 2000, Decimal("109.610000")
        r.save()
    data = peta.data_peta(desa, 2026, 10)
    assert sum(1 for h in data["rumah"] if h["lat"] is not None) == 3
    teks = teks_svg(peta.gambar_peta(data, rt_id=rt1.pk, lapisan_kb=True))
    assert "U" in teks.split()  # north arrow
    assert " m " in f" {teks} " and "skala" in teks  # scale bar in metres
    assert "Rumah tanpa titik GPS" in teks  # the fourth house of RT 001, schematic
    desa_teks = teks_svg(peta.gambar_peta(data, lapisan_kb=False))
    assert "Peta Keluarga Desa" in desa_teks and "RT 002/RW" in desa_teks  # RT 002 inset


def test_a_gps_point_far_from_the_others_is_drawn_schematically():
    rumah = [
        {"id": i, "lat": -6.88 + i / 10000, "lng": 109.61, "nomor": str(i)} for i in range(1, 5)
    ]
    rumah.append({"id": 9, "lat": 0.0, "lng": 0.0, "nomor": "9"})  # a typing slip
    rumah.append({"id": 10, "lat": None, "lng": None, "nomor": "10"})
    gps, lain = peta._pisah_gps(rumah)
    assert [h["id"] for h in gps] == [1, 2, 3, 4]
    assert [h["id"] for h in lain] == [9, 10]


def test_the_same_map_data_gives_byte_identical_svg(desa, wilayah):
    data = peta.data_peta(desa, 2026, 10)
    assert peta.gambar_peta(data, lapisan_kb=True) == peta.gambar_peta(data, lapisan_kb=True)


def test_the_meeting_pack_gets_the_village_map_and_one_per_dusun(desa, wilayah):
    dusun = wilayah["rt1"].rw.dusun.nama
    paket = peta.paket_png(desa, 2026, 10, lapisan_kb=False)
    assert [j for j, _png in paket] == [
        f"Peta keluarga {desa.nama if desa.nama.startswith('Desa') else 'Desa ' + desa.nama}"
        " — Oktober 2026",
        f"Peta keluarga {peta._nama_dusun(dusun)} — Oktober 2026",
    ]
    assert all(png.startswith(b"\x89PNG") for _j, png in paket)
    teks = teks_svg(peta.gambar_peta(peta.data_peta(desa, 2026, 10), dusun=dusun))
    assert f"Peta Keluarga {peta._nama_dusun(dusun)}, " in teks


def test_without_gps_the_map_is_a_schematic_without_a_scale(desa, wilayah):
    teks = teks_svg(peta.gambar_peta(peta.data_peta(desa, 2026, 10), rt_id=wilayah["rt2"].pk))
    assert "tanpa skala" in teks and "skala ±" not in teks


@pytest.mark.parametrize("kertas,mm", [("a4", (210, 297)), ("f4", (215, 330))])
def test_the_print_page_is_a4_or_f4_portrait_at_a_known_dpi(desa, kertas, mm):
    lebar, tinggi = peta.ukuran_halaman(kertas)
    assert (lebar, tinggi) == pytest.approx((mm[0] / 25.4, mm[1] / 25.4))
    png = peta.gambar_peta(peta.data_peta(desa, 2026, 10), kertas=kertas, format="png")
    gambar = Image.open(io.BytesIO(png))
    assert gambar.info["dpi"] == pytest.approx(
        (peta.DPI_PETA, peta.DPI_PETA), abs=0.05
    )  # stored per metre
    px = (lebar * peta.DPI_PETA, tinggi * peta.DPI_PETA)
    assert abs(gambar.size[0] - px[0]) <= 1 and abs(gambar.size[1] - px[1]) <= 1
    assert gambar.size[1] > gambar.size[0]  # portrait


def test_maps_show_house_numbers_but_never_names_nik_or_no_kk(desa, wilayah):
    for a in Anggota.objects.filter(desa=desa):
        a.nama = f"Warga Rahasia {a.pk}"
        a.save(update_fields=["nama"])
    data = peta.data_peta(desa, 2026, 10)
    rahasia = list(
        Anggota.objects.filter(desa=desa).exclude(nik=None).values_list("nik", flat=True)
    )
    rahasia += list(Keluarga.objects.filter(desa=desa).values_list("no_kk", flat=True))
    for svg in (
        peta.gambar_peta(data, rt_id=wilayah["rt1"].pk, lapisan_kb=True),
        peta.gambar_peta(data, lapisan_kb=True),
        peta.gambar_peta(data, lapisan_kb=False),
    ):
        assert "Warga Rahasia" not in svg
        assert not [r for r in rahasia if r in svg]
    assert set(data["rumah"][0]) == {"id", "rt", "nomor", "lat", "lng", "kb", "pus", "tanda"}


def test_map_query_count_does_not_grow_with_the_number_of_houses(
    desa, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as awal:
        peta.data_peta(desa, 2026, 10)
    for i in range(8):
        rt = f.RTFactory(rw__dusun__desa=desa, nomor=f"{i + 10:03d}")
        rumah = f.RumahFactory(rt=rt, desa=desa, lat=Decimal("-6.88") + Decimal(i) / 1000,
                               lng=Decimal("109.61"))  # fmt: skip
        kel = f.KeluargaFactory(rumah=rumah, desa=desa)
        f.AnggotaFactory(keluarga=kel, hubungan="1", jenis_kelamin="L", status_kawin="kawin",
                         tanggal_lahir=dt.date(1985, 1, 1))  # fmt: skip
        w = f.AnggotaFactory(keluarga=kel, hubungan="3", status_kawin="kawin",
                             tanggal_lahir=dt.date(1990, 1, 1))  # fmt: skip
        ks.set_status_kb(anggota=w, metode="pil", mulai=dt.date(2025, 1, 1))
    with django_assert_max_num_queries(len(awal.captured_queries)):
        data = peta.data_peta(desa, 2026, 10)
    assert len(data["rumah"]) == 17


def _tutup_september_oktober(desa):
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=9, oleh=admin, rapat=RAPAT)
    services.tutup_bulan(desa=desa, tahun=2026, bulan=10, oleh=admin, rapat=RAPAT)
    return admin


def _ubah_data_setelah_tutup(desa, wilayah):
    """Late records dated inside October: G2 starts an IUD, a new family in RT 001."""
    ks.set_status_kb(
        anggota=Anggota.objects.get(nama="G2"), metode="iud", mulai=dt.date(2026, 10, 1)
    )
    kel = f.KeluargaFactory(rumah__rt=wilayah["rt1"], desa=desa)
    f.AnggotaFactory(keluarga=kel, hubungan="1", tanggal_lahir=dt.date(1950, 1, 1))


def test_a_closed_months_map_bytes_stay_identical_after_later_changes(desa, wilayah):
    _tutup_september_oktober(desa)
    rt1 = wilayah["rt1"].pk
    argumen = [
        {"rt_id": rt1, "lapisan_kb": True, "format": "png"},
        {"rt_id": rt1, "lapisan_kb": False, "format": "svg", "kertas": "f4"},
        {"lapisan_kb": True, "format": "svg"},
    ]
    sebelum = [peta.gambar_bulan(desa, 2026, 10, **a) for a in argumen]
    _ubah_data_setelah_tutup(desa, wilayah)
    assert [peta.gambar_bulan(desa, 2026, 10, **a) for a in argumen] == sebelum
    # The frozen data still says belum terdata; today's data, read on 31 October, says MKJP.
    g = rumah_dari("G2")
    beku = {h["id"]: h for h in peta.data_peta_bulan(desa, 2026, 10)["rumah"]}
    hidup = {h["id"]: h for h in peta.data_peta(desa, 2026, 10)["rumah"]}
    assert beku[g]["kb"] == "belum_terdata" and hidup[g]["kb"] == "mkjp"
    assert len(hidup) == len(beku) + 1


def test_a_map_frozen_at_the_close_ignores_changes_made_before_its_first_view(desa, wilayah):
    _tutup_september_oktober(desa)
    peta.bekukan(desa, 2026, 10)  # what the month close should call (see the report)
    _ubah_data_setelah_tutup(desa, wilayah)
    beku = {h["id"]: h for h in peta.data_peta_bulan(desa, 2026, 10)["rumah"]}
    assert beku[rumah_dari("G2")]["kb"] == "belum_terdata"
    assert peta.bekukan(desa, 2026, 11) is None  # an open month has nothing to freeze


def test_reopening_a_month_makes_its_map_live_again(desa, wilayah):
    admin = _tutup_september_oktober(desa)
    peta.data_peta_bulan(desa, 2026, 10)
    _ubah_data_setelah_tutup(desa, wilayah)
    services.buka_kembali(desa=desa, tahun=2026, bulan=10, oleh=admin, alasan="data terlambat")
    hidup = {h["id"]: h for h in peta.data_peta_bulan(desa, 2026, 10)["rumah"]}
    assert hidup[rumah_dari("G2")]["kb"] == "mkjp"


# --- over HTTP -----------------------------------------------------------------------------------


def url_rt(desa, rt, fmt="svg", **q):
    u = reverse(
        "grafik:peta_rt", kwargs={"kode": desa.kode, "bulan": "2026-10", "rt_id": rt.pk, "fmt": fmt}
    )
    return u + ("?" + "&".join(f"{k}={v}" for k, v in q.items()) if q else "")


def url_desa(desa, fmt="svg", **q):
    u = reverse("grafik:peta_desa", kwargs={"kode": desa.kode, "bulan": "2026-10", "fmt": fmt})
    return u + ("?" + "&".join(f"{k}={v}" for k, v in q.items()) if q else "")


def test_map_urls(desa, wilayah):
    rt = wilayah["rt1"]
    assert url_rt(desa, rt, "png", kertas="f4", lapisan="kb") == (
        f"/laporan/grafik/{desa.kode}/2026-10/peta/rt/{rt.pk}.png?kertas=f4&lapisan=kb"
    )
    assert url_desa(desa) == f"/laporan/grafik/{desa.kode}/2026-10/peta/desa.svg"


def test_kepala_desa_gets_the_wall_map_but_not_the_kb_layer(client, desa, wilayah):
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    r = client.get(url_desa(desa, lapisan="umum"))
    assert r.status_code == 200 and r["Content-Type"] == "image/svg+xml"
    assert r["Cache-Control"] == "no-store"
    assert "RAHASIA" not in r.content.decode()
    r = client.get(url_rt(desa, wilayah["rt1"], "png", kertas="f4"))
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert client.get(url_desa(desa, lapisan="kb")).status_code == 403
    assert client.get(url_rt(desa, wilayah["rt1"], lapisan="kb")).status_code == 403


def test_the_kb_layer_is_served_to_roles_allowed_with_rahasia(client, desa, wilayah):
    for peran in (Peran.ADMIN_DESA, Peran.OPERATOR, Peran.PENYULUH):
        client.force_login(f.persona(peran, desa=desa))
        r = client.get(url_rt(desa, wilayah["rt1"], lapisan="kb"))
        assert r.status_code == 200 and "RAHASIA" in r.content.decode()


def test_a_kader_sees_only_the_maps_of_own_rts(client, desa, wilayah):
    rt1, rt2 = wilayah["rt1"], wilayah["rt2"]
    client.force_login(f.persona(Peran.KADER, desa=desa, rt=[rt1]))
    assert client.get(url_rt(desa, rt1, lapisan="kb")).status_code == 200
    assert client.get(url_rt(desa, rt1)).status_code == 200
    assert client.get(url_rt(desa, rt2)).status_code == 404
    assert client.get(url_rt(desa, rt2, lapisan="kb")).status_code == 404
    teks = teks_svg(client.get(url_desa(desa)).content)
    assert "wilayah Anda" in teks and "1 RT" in teks


def test_maps_need_login_scope_and_valid_options(client, desa, wilayah):
    rt1 = wilayah["rt1"]
    r = client.get(url_rt(desa, rt1))
    assert r.status_code == 302 and "/akun/masuk/" in r["Location"]
    assert client.get(url_desa(desa)).status_code == 302
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=f.DesaFactory()))
    assert client.get(url_rt(desa, rt1)).status_code == 404
    client.force_login(f.persona(Peran.KECAMATAN, kecamatan_kode=desa.kode[:6]))
    assert client.get(url_desa(desa)).status_code == 403  # kecamatan: aggregated only
    client.force_login(f.persona(Peran.ADMIN_DESA, desa=desa))
    assert client.get(url_rt(desa, rt1, kertas="a3")).status_code == 400
    assert client.get(url_rt(desa, rt1, lapisan="semua")).status_code == 400
    lain = f.RTFactory(rw__dusun__desa=f.DesaFactory())
    assert client.get(url_rt(desa, lain)).status_code == 404
