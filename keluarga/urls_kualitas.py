"""URLs of the data-quality worklist (namespace "kualitas", mounted at /kualitas-data/)."""

from django.urls import path

from keluarga.views import ganda as v_ganda
from keluarga.views import kualitas as v_kualitas

app_name = "kualitas"

urlpatterns = [
    path("", v_kualitas.daftar, name="daftar"),
    path("ganda/", v_ganda.daftar, name="ganda"),
    path("ganda/<int:pk>/bukan/", v_ganda.tolak, name="ganda_tolak"),
]
