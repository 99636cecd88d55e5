from django.urls import path

import keluarga.konverter  # noqa: F401 - registers <bulan:…>
import laporan.views.register_pus as rp
from laporan.views import daftar as dv
from laporan.views import dasbor as db
from laporan.views import keluaran as kv
from laporan.views import laporan as v
from laporan.views import portal as pv
from laporan.views import tutup_beruntun as tbv

app_name = "laporan"

urlpatterns = [
    path("", v.pilih, name="pilih"),
    path("dasbor/", db.dasbor_awal, name="dasbor_awal"),
    path("dasbor/<str:kode>/<bulan:bulan>/", db.dasbor, name="dasbor"),
    # The PUS register (issue 17 point 4): per RT, or every RT of the user's scope;
    # before "desa/<kode>/<bulan>/", which would take "register-pus" for a month.
    path("desa/<str:kode>/register-pus/", rp.pilih, name="register_pus_pilih"),
    path("desa/<str:kode>/register-pus/<int:tahun>/", rp.halaman, name="register_pus_wilayah"),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/cetak/",
        rp.cetak_view,
        name="register_pus_wilayah_cetak",
    ),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/register-pus.pdf",
        rp.pdf_view,
        name="register_pus_wilayah_pdf",
    ),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/register-pus.xlsx",
        rp.excel_view,
        name="register_pus_wilayah_excel",
    ),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/rt/<int:rt_id>/",
        rp.halaman,
        name="register_pus",
    ),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/rt/<int:rt_id>/cetak/",
        rp.cetak_view,
        name="register_pus_cetak",
    ),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/rt/<int:rt_id>/register-pus.pdf",
        rp.pdf_view,
        name="register_pus_pdf",
    ),
    path(
        "desa/<str:kode>/register-pus/<int:tahun>/rt/<int:rt_id>/register-pus.xlsx",
        rp.excel_view,
        name="register_pus_excel",
    ),
    path("desa/<str:kode>/<bulan:bulan>/cetak/", kv.cetak_view, name="cetak"),
    path("desa/<str:kode>/<bulan:bulan>/paket-rapat.pdf", kv.pdf_view, name="pdf"),
    path("desa/<str:kode>/<bulan:bulan>/laporan.xlsx", kv.excel_view, name="excel"),
    path("desa/<str:kode>/<bulan:bulan>/papan-data.pdf", kv.papan_view, name="papan"),
    path("desa/<str:kode>/<bulan:bulan>/", v.bulanan, name="bulanan"),
    path("desa/<str:kode>/<bulan:bulan>/json/", v.bulanan_json, name="bulanan_json"),
    path("desa/<str:kode>/<bulan:bulan>/tutup/", v.tutup, name="tutup"),
    path("desa/<str:kode>/<bulan:bulan>/buka/", v.buka, name="buka"),
    path(
        "desa/<str:kode>/<bulan:bulan>/tutup-beruntun/", tbv.tutup_beruntun, name="tutup_beruntun"
    ),
    path("desa/<str:kode>/<bulan:bulan>/portal-kampung-kb/", pv.formulir, name="portal"),
    path("desa/<str:kode>/<bulan:bulan>/daftar/<str:jenis>/", dv.daftar, name="daftar"),
    path(
        "desa/<str:kode>/<bulan:bulan>/daftar/<str:jenis>/simpan/", dv.simpan, name="daftar_simpan"
    ),
    path("daftar-tersimpan/<int:pk>/", dv.tersimpan, name="daftar_tersimpan"),
    path("kecamatan/<str:kode>/<bulan:bulan>/", v.kecamatan, name="kecamatan"),
    path("kecamatan/<str:kode>/<bulan:bulan>/json/", v.kecamatan_json, name="kecamatan_json"),
    path(
        "kecamatan/<str:kode>/<bulan:bulan>/portal-kampung-kb/",
        pv.formulir_kecamatan,
        name="portal_kecamatan",
    ),
    path("kabupaten/<str:kode>/<bulan:bulan>/", v.kabupaten, name="kabupaten"),
    path("kabupaten/<str:kode>/<bulan:bulan>/json/", v.kabupaten_json, name="kabupaten_json"),
    path(
        "kabupaten/<str:kode>/<bulan:bulan>/portal-kampung-kb/",
        pv.formulir_kabupaten,
        name="portal_kabupaten",
    ),
]
