"""URLs of import and export (namespace "impor")."""

from django.urls import path

from impor import views as v

app_name = "impor"

urlpatterns = [
    path("", v.beranda, name="beranda"),
    path("<int:pk>/", v.pratinjau, name="pratinjau"),
    path("<int:pk>/simpan/", v.simpan, name="simpan"),
    path("<int:pk>/tautan/", v.tautan, name="tautan"),
    path("<int:pk>/batal/", v.batal, name="batal"),
    path("templat/<slug:jenis>/", v.templat, name="templat"),
    path("ekspor/keluarga/", v.ekspor_daftar, name="ekspor_daftar"),
]
