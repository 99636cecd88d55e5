"""The cross-sector layer of the village map: the month's activities by RT with their agencies;
dusun/RW/village-wide activities in margin boxes; no personal data."""

# ruff: noqa: F811

import datetime as dt

from django.urls import reverse

from kampungkb.klasifikasi import kegiatan_peta
from kampungkb.models import Instansi, Kegiatan
from keluarga.akses import Peran
from laporan import peta
from tests import factories as f
from tests.test_portal import kampung  # noqa: F401

D = dt.date


def data(gps: bool):
    rumah = [
        {"id": 1, "rt": 11, "nomor": "1", "lat": -7.0 if gps else None, "lng": 110.0 if gps else None,
         "kb": "netral", "tanda": []},
        {"id": 2, "rt": 12, "nomor": "2", "lat": None, "lng": None, "kb": "netral", "tanda": []},
    ]  # fmt: skip
    return {
        "desa": {"kode": "3326015001", "nama": "Sidomulyo"},
        "bulan": "2026-10",
        "tanggal_acuan": "2026-10-31",
        "rt": [
            {"id": 11, "nomor": "001", "rw": "001", "dusun": "KRAJAN"},
            {"id": 12, "nomor": "002", "rw": "001", "dusun": "KRAJAN"},
        ],
        "rumah": rumah,
    }


KEGIATAN = [
    {"judul": "Posyandu remaja", "tanggal": "2026-10-03", "tingkat": "rt", "rt": 11, "rw": 1,
     "dusun": 1, "rt_label": "RT 001", "kotak": "RW 001 · KRAJAN", "instansi": ["Puskesmas"]},
    {"judul": "Penyuluhan stunting", "tanggal": "2026-10-09", "tingkat": "rt", "rt": 12, "rw": 1,
     "dusun": 1, "rt_label": "RT 002", "kotak": "RW 001 · KRAJAN", "instansi": ["Kesehatan", "PKK"]},
    {"judul": "Kerja bakti", "tanggal": "2026-10-20", "tingkat": "desa", "rt": None, "rw": None,
     "dusun": None, "rt_label": "", "kotak": "Seluruh desa", "instansi": []},
]  # fmt: skip


def test_with_gps_an_rt_without_points_goes_to_its_rw_margin_box():
    svg = peta.gambar_lintas_sektor(data(True), KEGIATAN)
    assert "Peta Lintas Sektor" in svg
    assert "1. Posyandu remaja (3/10) — RT 001 RW 001 · KRAJAN — Puskesmas" in svg
    assert "2. Penyuluhan stunting (9/10) — RT 002 RW 001 · KRAJAN — Kesehatan, PKK" in svg
    assert "3. Kerja bakti (20/10) — Seluruh desa — instansi belum dicatat" in svg
    assert "RT 002: 2" in svg  # no GPS point for RT 002: in the RW's margin box
    assert "Seluruh desa" in svg


def test_without_gps_every_rt_is_a_cell_of_the_schematic():
    svg = peta.gambar_lintas_sektor(data(False), KEGIATAN)
    assert "Bagan RT (belum ada titik GPS; tanpa skala)" in svg
    assert "RT 002: 2" not in svg  # drawn in its cell instead
    assert "RT 001/RW 001" in svg and "RT 002/RW 001" in svg


def test_the_layer_takes_the_months_activities_with_their_agencies(kampung):
    desa, rt1 = kampung["desa"], kampung["rt1"]
    a = Kegiatan.objects.create(desa=desa, judul="KIE KB", kategori="kkbpk",
                                bulan_rencana=D(2026, 10, 1), rt=rt1)  # fmt: skip
    a.instansi.set(Instansi.objects.filter(nama__in=["Puskesmas", "Lainnya"]))
    a.mitra_lain = "Karang Taruna"
    a.save()
    Kegiatan.objects.create(desa=desa, judul="Senam lansia", kategori="kkbpk",
                            bulan_rencana=D(2026, 9, 1), rw=rt1.rw, status="terlaksana",
                            tanggal_realisasi=D(2026, 10, 2))  # fmt: skip
    Kegiatan.objects.create(desa=desa, judul="Batal", kategori="kkbpk",
                            bulan_rencana=D(2026, 10, 1), status="batal")  # fmt: skip
    Kegiatan.objects.create(desa=desa, judul="November", kategori="kkbpk",
                            bulan_rencana=D(2026, 11, 1))  # fmt: skip
    hasil = kegiatan_peta(desa, 2026, 10)
    # by date: KIE KB planned for October (1 Oct), Senam lansia realised on 2 Oct
    assert [(k["judul"], k["tingkat"], k["instansi"]) for k in hasil] == [
        ("KIE KB", "rt", ["Puskesmas", "Karang Taruna"]),
        ("Senam lansia", "rw", []),
    ]
    assert hasil[0]["kotak"] == f"RW {rt1.rw.nomor} · {rt1.rw.dusun.nama}"


def test_the_map_page_serves_the_layer(kampung, client):
    desa = kampung["desa"]
    Kegiatan.objects.create(desa=desa, judul="KIE KB", kategori="kkbpk",
                            bulan_rencana=D(2026, 10, 1), rt=kampung["rt1"])  # fmt: skip
    client.force_login(f.persona(Peran.KEPALA_DESA, desa=desa))
    url = reverse("grafik:peta_desa", kwargs={"kode": desa.kode, "bulan": "2026-10", "fmt": "svg"})
    r = client.get(url + "?lapisan=lintas")
    assert r.status_code == 200
    teks = r.content.decode()
    assert "Peta Lintas Sektor" in teks and "1. KIE KB" in teks
