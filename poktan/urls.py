"""URLs of the poktan workspace (namespace "poktan"), mounted at /poktan/."""

from django.urls import path

from poktan.views import kelompok as k
from poktan.views import posyandu as p
from poktan.views import register as r

app_name = "poktan"

urlpatterns = [
    path("", k.daftar, name="daftar"),
    path("kelompok/baru/", k.kelompok_buat, name="kelompok_buat"),
    path("kelompok/<int:pk>/", k.detail, name="kelompok"),
    path("kelompok/<int:pk>/ubah/", k.kelompok_ubah, name="kelompok_ubah"),
    path("kelompok/<int:pk>/anggota/tambah/", k.anggota_tambah, name="anggota_tambah"),
    path("anggota/<int:pk>/akhiri/", k.anggota_akhiri, name="anggota_akhiri"),
    path("kelompok/<int:pk>/pertemuan/baru/", r.pertemuan_baru, name="pertemuan_baru"),
    path("pertemuan/<int:pk>/", r.pertemuan, name="pertemuan"),
    path("kelompok/<int:pk>/keuangan/", r.keuangan, name="keuangan"),
    path("kelompok/<int:pk>/sesi/baru/", p.sesi_baru, name="sesi_baru"),
    path("sesi/<int:pk>/", p.sesi, name="sesi"),
    path("anak/<int:pk>/", p.anak, name="anak"),
    path("anak-luar/<int:pk>/", p.anak_luar, name="anak_luar"),
]
