from django.urls import path

import rumahdataku.konverter  # noqa: F401 - registers <bulan:…>
from laporan.views import daftar as dv
from laporan.views import dasbor as db
from laporan.views import keluaran as kv
from laporan.views import laporan as v

app_name = "laporan"

urlpatterns = [
    path("", v.pilih, name="pilih"),
    path("dasbor/", db.dasbor_awal, name="dasbor_awal"),
    path("dasbor/<str:kode>/<bulan:bulan>/", db.dasbor, name="dasbor"),
    path("desa/<str:kode>/<bulan:bulan>/cetak/", kv.cetak_view, name="cetak"),
    path("desa/<str:kode>/<bulan:bulan>/paket-rapat.pdf", kv.pdf_view, name="pdf"),
    path("desa/<str:kode>/<bulan:bulan>/laporan.xlsx", kv.excel_view, name="excel"),
    path("desa/<str:kode>/<bulan:bulan>/papan-data.pdf", kv.papan_view, name="papan"),
    path("desa/<str:kode>/<bulan:bulan>/", v.bulanan, name="bulanan"),
    path("desa/<str:kode>/<bulan:bulan>/json/", v.bulanan_json, name="bulanan_json"),
    path("desa/<str:kode>/<bulan:bulan>/tutup/", v.tutup, name="tutup"),
    path("desa/<str:kode>/<bulan:bulan>/buka/", v.buka, name="buka"),
    path("desa/<str:kode>/<bulan:bulan>/daftar/<str:jenis>/", dv.daftar, name="daftar"),
    path(
        "desa/<str:kode>/<bulan:bulan>/daftar/<str:jenis>/simpan/", dv.simpan, name="daftar_simpan"
    ),
    path("daftar-tersimpan/<int:pk>/", dv.tersimpan, name="daftar_tersimpan"),
    path("kecamatan/<str:kode>/<bulan:bulan>/", v.kecamatan, name="kecamatan"),
    path("kecamatan/<str:kode>/<bulan:bulan>/json/", v.kecamatan_json, name="kecamatan_json"),
]
