"""Charts and family maps of a month (mounted at /laporan/grafik/, namespace "grafik")."""

from django.urls import re_path

from laporan.views import grafik as v

app_name = "grafik"

BULAN = r"(?P<kode>[0-9]{10})/(?P<bulan>[0-9]{4}-[0-9]{2})"
FORMAT = r"\.(?P<fmt>svg|png)"

urlpatterns = [
    re_path(rf"^{BULAN}/$", v.halaman, name="halaman"),
    re_path(rf"^{BULAN}/peta/rt/(?P<rt_id>[0-9]+){FORMAT}$", v.peta_rt, name="peta_rt"),
    re_path(rf"^{BULAN}/peta/desa{FORMAT}$", v.peta_desa, name="peta_desa"),
    re_path(rf"^{BULAN}/(?P<nama>[a-z_]+){FORMAT}$", v.gambar, name="grafik"),
]
