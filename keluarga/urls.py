"""URLs of the family workspace (namespace "keluarga")."""

from django.urls import path

from keluarga.views import gabung as g
from keluarga.views import keluarga as v
from keluarga.views import peristiwa as p

app_name = "keluarga"

urlpatterns = [
    path("", v.daftar, name="daftar"),
    path("baru/", v.buat, name="buat"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/ubah/", v.ubah, name="ubah"),
    path("<int:pk>/verifikasi/", v.verifikasi, name="verifikasi"),
    path("anggota/gabung/<int:pk_a>/<int:pk_b>/", g.gabungkan, name="gabung"),
    path("penggabungan/<int:pk>/", g.detail, name="gabung_detail"),
    path("penggabungan/<int:pk>/batal/", g.batalkan, name="gabung_batal"),
    *(
        path(rute, p.catat, {"jenis": nama}, name=nama)  # one view over peristiwa.JENIS
        for rute, nama in [
            ("<int:pk>/lahir/", "lahir"),
            ("<int:pk>/datang/", "datang"),
            ("anggota/<int:pk>/meninggal/", "meninggal"),
            ("anggota/<int:pk>/pindah-keluar/", "pindah_keluar"),
            ("anggota/<int:pk>/status-kawin/", "status_kawin"),
            ("anggota/<int:pk>/pindah-kk/", "pindah_anggota"),
            ("anggota/<int:pk>/hamil/", "hamil"),
            ("anggota/<int:pk>/kb/", "status_kb"),
            ("kehamilan/<int:pk>/selesai/", "akhiri_hamil"),
        ]
    ),
]
