"""Root URLs: the staff workspace in Indonesian; Django admin for server superusers only."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from keluarga.views.beranda import beranda

urlpatterns = [
    path("", beranda, name="beranda"),
    path("akun/masuk/", auth_views.LoginView.as_view(), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/sandi/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("keluarga/", include("keluarga.urls")),
    path("kualitas-data/", include("keluarga.urls_kualitas")),
    path("kelola/", include("keluarga.urls_kelola")),
    path("impor/", include("impor.urls")),
    path("poktan/", include("poktan.urls")),
    path("laporan/grafik/", include("laporan.urls_grafik")),
    path("laporan/", include("laporan.urls")),
    path("kampung-kb/", include("kampungkb.urls")),
    path("admin/", admin.site.urls),
]
