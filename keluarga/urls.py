"""URLs of the family workspace (namespace "keluarga")."""

from django.urls import path

from keluarga.views import keluarga as v
from keluarga.views import peristiwa as p

app_name = "keluarga"

urlpatterns = [
    path("", v.daftar, name="daftar"),
    path("baru/", v.buat, name="buat"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/ubah/", v.ubah, name="ubah"),
    path("<int:pk>/verifikasi/", v.verifikasi, name="verifikasi"),
    path("<int:pk>/lahir/", p.lahir, name="lahir"),
    path("<int:pk>/datang/", p.datang, name="datang"),
    path("anggota/<int:pk>/meninggal/", p.meninggal, name="meninggal"),
    path("anggota/<int:pk>/pindah-keluar/", p.pindah_keluar, name="pindah_keluar"),
    path("anggota/<int:pk>/status-kawin/", p.status_kawin, name="status_kawin"),
    path("anggota/<int:pk>/pindah-kk/", p.pindah_anggota, name="pindah_anggota"),
    path("anggota/<int:pk>/hamil/", p.hamil, name="hamil"),
    path("anggota/<int:pk>/kb/", p.status_kb, name="status_kb"),
    path("kehamilan/<int:pk>/selesai/", p.akhiri_hamil, name="akhiri_hamil"),
]
