"""URLs of the kelola pages (included from rumahdataku/urls.py at /kelola/)."""

from django.urls import path

from keluarga.views import kelola as v

app_name = "kelola"

urlpatterns = [
    path("pengguna/", v.pengguna_daftar, name="pengguna"),
    path("pengguna/baru/", v.pengguna_baru, name="pengguna_baru"),
    path("pengguna/<int:pk>/", v.pengguna_ubah, name="pengguna_ubah"),
    path("pengguna/<int:pk>/sandi/", v.pengguna_sandi, name="pengguna_sandi"),
    path("wilayah/", v.wilayah, name="wilayah"),
    path("wilayah/dusun/tambah/", v.wilayah_tambah, {"jenis": "dusun"}, name="dusun_tambah"),
    path(
        "wilayah/dusun/<int:induk>/rw/tambah/", v.wilayah_tambah, {"jenis": "rw"}, name="rw_tambah"
    ),
    path("wilayah/rw/<int:induk>/rt/tambah/", v.wilayah_tambah, {"jenis": "rt"}, name="rt_tambah"),
    path("wilayah/<slug:jenis>/<int:pk>/ubah/", v.wilayah_ubah, name="wilayah_ubah"),
    path("wilayah/<slug:jenis>/<int:pk>/hapus/", v.wilayah_hapus, name="wilayah_hapus"),
    path("buku-data/", v.buku_data_daftar, name="buku_data_daftar"),
    path("buku-data/<int:rt_id>/", v.buku_data, name="buku_data"),
]
