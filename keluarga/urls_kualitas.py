"""URLs of the data-quality worklist (namespace "kualitas", mounted at /kualitas-data/)."""

from django.urls import path

from keluarga.views import kualitas as v_kualitas

app_name = "kualitas"

urlpatterns = [
    path("", v_kualitas.daftar, name="daftar"),
]
