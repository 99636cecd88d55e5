"""Request-size caps (issue 13, item 10): gunicorn reached directly (the LAN mode, no nginx in
front) must not read a huge body. rumahdataku.middleware.BatasUkuranPermintaan answers 413 with
an Indonesian page from the Content-Length alone — 20 MB for the import upload, 10 MB for a
photo upload, 1 MB elsewhere — and counts a body without Content-Length (chunked) as it reads it,
cutting it at the same cap.

The body here is a stream that records how many bytes were read from it, standing in for the
socket: a refused body must not be read at all (or, chunked, not beyond the cap).
"""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import ResolverMatch, reverse

from impor.formulir import UnggahForm, maks_mb
from keluarga.models import Desa
from rumahdataku.middleware import JanganSimpan, batas_permintaan, boleh_disimpan

MB = 1024 * 1024


class AliranTercatat(io.RawIOBase):
    """A request body of ``n`` bytes produced on demand, counting what was read."""

    def __init__(self, n: int, isi: bytes = b"a"):
        self.sisa, self.isi, self.dibaca = n, isi, 0

    def readable(self):
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.sisa
        k = min(size, self.sisa)
        self.sisa -= k
        self.dibaca += k
        return (self.isi * (k // len(self.isi) + 1))[:k]

    def readline(self, size=-1):
        return self.read(size if size and size > 0 else 64 * 1024)


def kirim(path: str, n: int, *, chunked: bool = False, isi: bytes = b"a", client=None):
    """POST a body of n bytes with a Content-Length (or chunked, without one)."""
    aliran = AliranTercatat(n, isi)
    extra = {"wsgi.input": aliran, "CONTENT_TYPE": "application/x-www-form-urlencoded"}
    if chunked:
        extra["HTTP_TRANSFER_ENCODING"] = "chunked"
    else:
        extra["CONTENT_LENGTH"] = str(n)
    r = (client or Client()).generic("POST", path, **extra)
    return r, aliran


def test_a_2_mb_anonymous_post_to_the_login_page_is_a_413_without_being_read(db):
    r, aliran = kirim(reverse("login"), 2 * MB)
    assert r.status_code == 413
    teks = r.content.decode()
    assert "terlalu besar" in teks and "1 MB" in teks
    assert aliran.dibaca == 0


def test_a_200_mb_post_to_the_login_page_is_refused_unread_too(db):
    r, aliran = kirim(reverse("login"), 200 * MB)
    assert r.status_code == 413 and aliran.dibaca == 0


@pytest.mark.parametrize(
    ("nama", "kwargs", "batas"),
    [
        ("login", {}, 1 * MB),
        ("keluarga:daftar", {}, 1 * MB),
        ("impor:beranda", {}, 20 * MB),
        ("kampungkb:foto_unggah", {"pk": 1}, 10 * MB),
    ],
)
def test_each_url_refuses_one_byte_over_its_cap_and_lets_its_cap_through(db, nama, kwargs, batas):
    path = reverse(nama, kwargs=kwargs)
    assert batas_permintaan(path) == batas
    r, aliran = kirim(path, batas + 1)
    assert r.status_code == 413 and aliran.dibaca == 0
    assert f"{batas // MB} MB" in r.content.decode()
    # At the cap the body goes on (anonymous: to the login page, without parsing it).
    r, aliran = kirim(path, batas)
    if nama == "login":
        assert r.status_code == 200  # read and parsed: a form without its fields
    else:
        assert r.status_code == 302 and aliran.dibaca == 0


def test_a_chunked_body_over_the_cap_is_cut_at_the_cap(db):
    r, aliran = kirim(reverse("login"), 5 * MB, chunked=True)
    assert r.status_code == 413
    assert aliran.dibaca == 1 * MB + 1  # counted up to one byte past the cap, no further


def test_a_small_chunked_body_is_counted_and_parsed_as_usual(db):
    isi = b"username=tidak_ada&password=salah"
    aliran = AliranTercatat(len(isi), isi)
    aliran.read = io.BytesIO(isi).read  # a real stream: short reads at the end
    r = Client().generic(
        "POST",
        reverse("login"),
        **{
            "wsgi.input": aliran,
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "HTTP_TRANSFER_ENCODING": "chunked",
        },
    )
    assert r.status_code == 200
    assert 'value="tidak_ada"' in r.content.decode()  # the form saw the posted username


def test_the_import_form_allows_the_same_20_mb_as_the_upload_url(db):
    assert maks_mb() == 20
    assert maks_mb() * MB == settings.RUMAHDATAKU_BATAS_UNGGAH["impor:beranda"]
    berkas = SimpleUploadedFile("penduduk.xlsx", b"PK")
    berkas.size = 20 * MB + 1
    form = UnggahForm(data={"format": ""}, files={"berkas": berkas}, desa_qs=Desa.objects.none())
    form.fields.pop("desa", None)
    assert not form.is_valid()
    assert form.errors["berkas"] == ["Berkas lebih besar dari 20 MB. Bagi datanya per dusun."]


def test_a_view_marked_boleh_disimpan_keeps_its_own_cache_headers(rf):
    """For pages without personal data (the phone issue's manifest and service worker)."""

    def biasa(request):
        r = HttpResponse("x")
        r["Cache-Control"] = "max-age=600"
        return r

    terbuka = boleh_disimpan(lambda request: biasa(request))
    for view, harap in ((biasa, "no-store"), (terbuka, "max-age=600")):
        request = rf.get("/")
        request.resolver_match = ResolverMatch(view, (), {})
        assert JanganSimpan(view)(request)["Cache-Control"] == harap
