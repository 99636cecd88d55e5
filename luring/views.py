"""Offline work on a phone (ROLES.md row "Offline copy on the phone (own scope, NIK masked) and
sending records from it"): the installable app's manifest and service worker at the site root,
the app page, the JSON copy of the user's scope, and the endpoint records are sent to.

This app is the top layer: it imports keluarga and poktan; nothing imports it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from keluarga import akses
from keluarga.akses import K
from keluarga.models import LogAkses
from luring import kirim, salinan

# The manifest and the service worker are fetched by the browser itself, before and after a
# login: they hold no data, and the browser must be allowed to cache and re-check them.
CACHE_SW = "no-cache"  # always revalidated, so a new service worker is picked up at once
CACHE_MANIFEST = "public, max-age=3600"


BERKAS_APLIKASI = (
    "css/rumahdataku.css",
    "luring/luring.css",
    "luring/db.js",
    "luring/keluar.js",
    "luring/antropometri.js",
    "luring/aplikasi.js",
    "luring/who-lms.json",
    "favicon.svg",
)


@cache
def berkas_aplikasi() -> list[dict]:
    """The files the service worker keeps, each with a revision from its content (so a changed
    file is fetched again even where static names carry no hash, as under DEBUG)."""
    hasil = []
    for nama in BERKAS_APLIKASI:
        path = finders.find(nama)
        revisi = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else ""
        hasil.append({"url": static(nama), "revisi": revisi})
    return hasil


LOKAL = frozenset({"localhost", "127.0.0.1", "[::1]"})


def luring_aktif(request) -> bool:
    """Service workers need a secure context: HTTPS, or the machine itself (localhost).
    In the LAN mode without TLS (HTTPS=0) offline work is off, and the app page says so."""
    return bool(settings.HTTPS or request.get_host().rsplit(":", 1)[0] in LOKAL)


@login_not_required
@require_GET
def manifest(request):
    """ROLES.md: none (public, no data) — the installable web app's manifest."""
    data = {
        "name": "Rumah Dataku — kerja luring",
        "short_name": "Rumah Dataku",
        "lang": "id",
        "start_url": reverse("luring:aplikasi"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f5132",
        "icons": [
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("luring/ikon-192.png"), "sizes": "192x192", "type": "image/png"},
        ],
    }
    r = HttpResponse(json.dumps(data), content_type="application/manifest+json")
    r["Cache-Control"] = CACHE_MANIFEST
    return r


@login_not_required
@require_GET
def service_worker(request):
    """ROLES.md: none (public, no data) — the service worker, served from the root so its scope
    is the whole site; Workbox is loaded from static/vendor/workbox/."""
    r = render(
        request,
        "luring/sw.js",
        {
            "workbox": static("vendor/workbox/workbox-sw.js"),
            "workbox_folder": static("vendor/workbox/workbox-sw.js").rsplit("/", 1)[0] + "/",
            "aplikasi": reverse("luring:aplikasi"),
            "berkas": berkas_aplikasi(),
        },
        content_type="text/javascript",
    )
    r["Cache-Control"] = CACHE_SW
    r["Service-Worker-Allowed"] = "/"
    return r


# The two files above may be kept by the browser: main's JanganSimpan middleware (every other
# response "no-store") skips views carrying this mark, set by rumahdataku.middleware.boleh_disimpan.
manifest.rumahdataku_boleh_disimpan = True
service_worker.rumahdataku_boleh_disimpan = True


def aplikasi(request):
    """ROLES.md: "Offline copy on the phone (own scope, NIK masked) and sending records from it".
    The app page; it shows no personal data itself (the data lives in IndexedDB)."""
    akses.wajib(request.user, K.LURING)
    return render(request, "luring/aplikasi.html", {"luring_aktif": luring_aktif(request)})


@require_GET
def unduh_salinan(request):
    """ROLES.md: "Offline copy on the phone …" — the user's scope as JSON, NIK masked; each
    download is one access-log row (views offline are not logged one by one: DEPLOY.md)."""
    akses.wajib(request.user, K.LURING)
    data = salinan.susun(request.user)
    akses.catat_akses(
        request.user,
        LogAkses.Jenis.LURING,
        f"salinan luring: {len(data['keluarga'])} keluarga, {len(data['kelompok'])} kelompok",
        request.get_full_path(),
    )
    r = JsonResponse(data)
    r["Cache-Control"] = "no-store"
    return r


@require_POST
def kirim_catatan(request):
    """ROLES.md: "Offline copy on the phone … and sending records from it" — one record made
    offline; the gate of its kind (poktan / KB / family writes) applies too."""
    akses.wajib(request.user, K.LURING)
    catatan = None
    # Only a JSON body is read (a form-encoded body may already have been parsed as a form by
    # an earlier layer, after which Django no longer gives the raw body).
    if request.content_type == "application/json":
        try:
            catatan = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError, RawPostDataException):
            catatan = None
    if not isinstance(catatan, dict):
        return JsonResponse({"status": "ditolak", "pesan": ["Kiriman tidak terbaca."]}, status=400)
    status, jawaban = kirim.terima(request.user, catatan)
    r = JsonResponse(jawaban, status=status)
    r["Cache-Control"] = "no-store"
    return r
