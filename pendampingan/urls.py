from django.urls import path

from pendampingan import views

app_name = "pendampingan"

urlpatterns = [
    path("", views.pilih, name="pilih"),
    path("<str:kode>/", views.beranda, name="beranda"),
    path("<str:kode>/catin/", views.catin_daftar, name="catin_daftar"),
    path("<str:kode>/catin/baru/", views.catin_baru, name="catin_baru"),
    path("catin/<int:pk>/", views.catin, name="catin"),
    path("catin/<int:pk>/skrining/", views.catin_skrining, name="catin_skrining"),
    path("catin/<int:pk>/kunjungan/", views.catin_kunjungan, name="catin_kunjungan"),
    path("catin/<int:pk>/nikah/", views.catin_nikah, name="catin_nikah"),
    path("<str:kode>/hamil/", views.hamil_daftar, name="hamil_daftar"),
    path("hamil/<int:pk>/kunjungan/", views.hamil_kunjungan, name="hamil_kunjungan"),
    path("<str:kode>/nifas/", views.nifas, name="nifas"),
    path("nifas/<int:pk>/kunjungan/", views.nifas_kunjungan, name="nifas_kunjungan"),
    path("<str:kode>/rujukan/", views.rujukan_daftar, name="rujukan_daftar"),
    path("anak/<int:pk>/rujuk/", views.rujukan_baru, name="rujukan_baru"),
    path("anak/<int:pk>/kunjungan/", views.anak_kunjungan, name="anak_kunjungan"),
    path("rujukan/<int:pk>/", views.rujukan_ubah, name="rujukan_ubah"),
    path("<str:kode>/tim/", views.tim, name="tim"),
    path("tim/<int:pk>/", views.tim_ubah, name="tim_ubah"),
]
