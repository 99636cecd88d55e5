from django.urls import path

from luring import views

app_name = "luring"

urlpatterns = [
    path("", views.aplikasi, name="aplikasi"),
    path("salinan/", views.unduh_salinan, name="salinan"),
    path("kirim/", views.kirim_catatan, name="kirim"),
]
