from django.urls import path

from laporan.views import daftar as dv
from laporan.views import laporan as v

app_name = "laporan"

urlpatterns = [
    path("", v.pilih, name="pilih"),
    path("desa/<str:kode>/<str:bulan>/", v.bulanan, name="bulanan"),
    path("desa/<str:kode>/<str:bulan>/json/", v.bulanan_json, name="bulanan_json"),
    path("desa/<str:kode>/<str:bulan>/tutup/", v.tutup, name="tutup"),
    path("desa/<str:kode>/<str:bulan>/buka/", v.buka, name="buka"),
    path("desa/<str:kode>/<str:bulan>/daftar/<str:jenis>/", dv.daftar, name="daftar"),
    path("desa/<str:kode>/<str:bulan>/daftar/<str:jenis>/simpan/", dv.simpan, name="daftar_simpan"),
    path("daftar-tersimpan/<int:pk>/", dv.tersimpan, name="daftar_tersimpan"),
    path("kecamatan/<str:kode>/<str:bulan>/", v.kecamatan, name="kecamatan"),
    path("kecamatan/<str:kode>/<str:bulan>/json/", v.kecamatan_json, name="kecamatan_json"),
]
