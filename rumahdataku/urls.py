"""Root URLs: the staff workspace in Indonesian; Django admin for server superusers only."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from luring import views as luring_views
from rumahdataku.beranda import beranda
from rumahdataku.ikon import favicon
from rumahdataku.masuk import FormMasuk

urlpatterns = [
    path("", beranda, name="beranda"),
    path("akun/masuk/", auth_views.LoginView.as_view(authentication_form=FormMasuk), name="login"),
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
    path("pendampingan/", include("pendampingan.urls")),
    path("admin/", admin.site.urls),
    # The installable app (luring/): served from the root so the service worker's scope is "/".
    path("manifest.webmanifest", luring_views.manifest, name="manifest"),
    path("sw.js", luring_views.service_worker, name="service_worker"),
    path("luring/", include("luring.urls")),
]

# Browsers ask for /favicon.ico on their own (issue 20): a small local icon, no console 404.
urlpatterns += [path("favicon.ico", favicon, name="favicon")]
