"""Request safety: the database-outage page; request-size caps, bad bytes and no-store; error
reports and logs without personal data (UU 27/2022). Imported by the logging setup before apps
load, so it must not import models. Wired up in settings.py; the choices are explained in docs/DEPLOY.md.
"""

import logging
import re
import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

logger = logging.getLogger("rumahdataku.basis_data")

GALAT_BASIS_DATA = (OperationalError, InterfaceError)

# A NIK or No KK: 16 digits not inside a longer number. The first 6 (the region code) stay.
_ENAM_BELAS_ANGKA = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{10}(?![0-9])")


def samarkan_nik(teks: str) -> str:
    """The text with every 16-digit number (NIK, No KK) masked after its region code."""
    return _ENAM_BELAS_ANGKA.sub(r"\1**********", teks)


# --- database outage ----------------------------------------------------------------------------


def halaman_basis_data_mati() -> HttpResponse:
    """The plain 503 page shown while the database is unreachable; it never queries anything."""
    isi = loader.render_to_string("500.html", {"basis_data_mati": True})
    response = HttpResponse(isi, status=503)
    response["Retry-After"] = "60"
    return response


class BasisDataTakTerjangkau:
    """A database that cannot be reached gives a 503 page in Indonesian, never a traceback.

    Django turns an exception inside any middleware into a 500 response before it reaches the
    middleware around it, so this one catches database errors where they first appear (loading
    the session and user, just before LoginRequiredMiddleware would; and in the view), marks the
    request, and on the way out replaces whatever the inner layers made of it (e.g. a 500 from
    saving the session) with the 503 page. With DEBUG on it stands aside, so a developer (and a
    test) sees the real exception.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_basis_data_mati", False):
            return halaman_basis_data_mati()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or settings.DEBUG:
            return None
        try:
            user.is_authenticated  # noqa: B018 - loads the session and the user now
        except GALAT_BASIS_DATA as e:
            return self._tandai(request, e)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, GALAT_BASIS_DATA) and not settings.DEBUG:
            return self._tandai(request, exception)
        return None

    @staticmethod
    def _tandai(request, galat: Exception) -> HttpResponse:
        request._basis_data_mati = True
        logger.error(
            "Basis data tidak dapat dihubungi (%s) pada %s",
            type(galat).__name__,
            request.path,
            exc_info=galat,
        )
        return halaman_basis_data_mati()


# --- error reports and logs without personal data -----------------------------------------------


class FilterLaporanGalat(SafeExceptionReporterFilter):
    """Outside DEBUG, error reports hide every POST value, local variable and query string.

    Django's default hides only parameters marked with @sensitive_post_parameters; in this app
    nearly every form carries names, NIKs or health data, so everything is hidden by default.
    """

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return self.get_cleansed_multivaluedict(request, request.POST)

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        if not self.is_active(request):
            return multivaluedict
        bersih = multivaluedict.copy()
        for kunci in bersih:
            bersih.setlist(kunci, [self.cleansed_substitute])
        return bersih

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(nama, self.cleansed_substitute) for nama in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            for kunci in ("QUERY_STRING", "HTTP_REFERER"):
                if kunci in meta:
                    meta[kunci] = self.cleansed_substitute
        return meta


class LaporanGalatTanpaDataPribadi(ExceptionReporter):
    """The error report (e-mail) without GET values, file names or NIKs in the exception text."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is None or not self.filter.is_active(self.request):
            return data
        tutup = self.filter.cleansed_substitute
        data["request_GET_items"] = [(k, tutup) for k in self.request.GET]
        data["request_FILES_items"] = [(k, tutup) for k in self.request.FILES]
        data["request_insecure_uri"] = data.get("request_insecure_uri", "").split("?", 1)[0]
        if "exception_value" in data:
            data["exception_value"] = samarkan_nik(data["exception_value"])
        return data


class SaringNIK(logging.Filter):
    """Masks NIKs and No KKs in a log record's message and traceback (a database error can
    quote the row it refused, e.g. PostgreSQL's "Key (nik)=(...) already exists")."""

    def filter(self, record: logging.LogRecord) -> bool:
        pesan = record.getMessage()
        bersih = samarkan_nik(pesan)
        if bersih != pesan:
            record.msg, record.args = bersih, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = samarkan_nik(record.exc_text)
        if record.stack_info:
            record.stack_info = samarkan_nik(record.stack_info)
        return True


# --- request size -------------------------------------------------------------------------------

# Body caps in bytes (docs/DEPLOY.md §5, beside nginx's client_max_body_size). An upload URL
# named in settings.RUMAHDATAKU_BATAS_UNGGAH gets its own cap; every other URL gets the default.
BATAS_BAWAAN = 1024 * 1024
_POTONGAN = 64 * 1024


def halaman_polos(template: str, status: int, **konteks) -> HttpResponse:
    """A plain error page rendered without the request or the database (like 500.html)."""
    return HttpResponse(loader.render_to_string(template, konteks), status=status)


def batas_permintaan(path_info: str) -> int:
    """The largest request body accepted for this path, in bytes."""
    unggah = getattr(settings, "RUMAHDATAKU_BATAS_UNGGAH", {})
    bawaan = int(getattr(settings, "RUMAHDATAKU_BATAS_PERMINTAAN", BATAS_BAWAAN))
    if not unggah:
        return bawaan
    try:
        cocok = resolve(path_info)
    except Resolver404:
        return bawaan
    return int(unggah.get(cocok.view_name, bawaan))


class BatasUkuranPermintaan:
    """A body over the URL's cap gets the Indonesian 413 page before anything reads it.

    gunicorn reached directly (the LAN mode, without nginx's client_max_body_size) hands any body
    to Django, and Django's upload settings do not cap a multipart body. With a Content-Length
    the check costs nothing: the body is never read. Without one (Transfer-Encoding: chunked) the
    body is read here in pieces and counted, and cut off at the cap; a body within the cap is
    handed on (spooled to disk above FILE_UPLOAD_MAX_MEMORY_SIZE) with its counted length, so the
    view parses it as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        panjang = request.META.get("CONTENT_LENGTH") or ""
        if panjang:
            try:
                n = int(panjang)
            except ValueError:
                return halaman_polos("400.html", 400)
            if n > int(getattr(settings, "RUMAHDATAKU_BATAS_PERMINTAAN", BATAS_BAWAAN)):
                batas = batas_permintaan(request.path_info)
                if n > batas:
                    return self._terlalu_besar(batas)
        elif request.META.get("HTTP_TRANSFER_ENCODING"):
            batas = batas_permintaan(request.path_info)
            if not self._baca_terhitung(request, batas):
                return self._terlalu_besar(batas)
        return self.get_response(request)

    @staticmethod
    def _baca_terhitung(request, batas: int) -> bool:
        """Read a body of unknown length up to the cap; False when it is longer."""
        # WSGI: Django's own stream stops at the (missing) Content-Length, so read the socket's;
        # ASGI has the body in request._stream already.
        sumber = request.META.get("wsgi.input")
        if sumber is None:
            sumber = request._stream
        simpan = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        n = 0
        while True:
            potong = sumber.read(min(_POTONGAN, batas + 1 - n))
            if not potong:
                break
            n += len(potong)
            if n > batas:
                simpan.close()
                return False
            simpan.write(potong)
        simpan.seek(0)
        request.META["CONTENT_LENGTH"] = str(n)
        request._stream = LimitedStream(simpan, n)
        return True

    @staticmethod
    def _terlalu_besar(batas: int) -> HttpResponse:
        return halaman_polos("413.html", 413, batas_mb=batas // (1024 * 1024))


# --- bad bytes ----------------------------------------------------------------------------------

# Control characters never belong in a URL path; a NUL byte never in a parameter (PostgreSQL
# refuses it in text, and a newline in a month ends up in a download's file name header).
_KENDALI = re.compile(r"[\x00-\x1f\x7f]")


def _ada_nul(data) -> bool:
    return any("\x00" in k or any("\x00" in str(v) for v in data.getlist(k)) for k in data)


class TolakByteBuruk:
    """A NUL byte in the path or in any GET/POST key or value, or a control character in the
    path, is a 400 with the Indonesian page, for every URL at once (never a 500 deep in a view).

    Placed after CsrfViewMiddleware and LoginRequiredMiddleware: the form is read in
    process_view, where CSRF has read it already (reading it earlier would fix the upload
    handlers before a view could change them), and never for an anonymous request that is sent
    to the login page anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _KENDALI.search(request.path_info) or _ada_nul(request.GET):
            return halaman_polos("400.html", 400)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # (An uploaded file's name needs nothing: Django's multipart parser cleans it.)
        if request.method == "POST" and _ada_nul(request.POST):
            return halaman_polos("400.html", 400)
        return None


# --- no caching of personal data ----------------------------------------------------------------


def boleh_disimpan(view):
    """Marks a view whose response browsers and proxies may keep (nothing personal in it)."""
    view.rumahdataku_boleh_disimpan = True
    return view


class JanganSimpan:
    """Every response of the app says ``Cache-Control: no-store``: pages, PDFs, JSON, images and
    photos carry personal data, and a shared computer's browser or a proxy must not keep them.

    Static files never come here (WhiteNoise answers them earlier, with long cache headers); a
    view marked with ``boleh_disimpan`` keeps its own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cocok = getattr(request, "resolver_match", None)
        if cocok is not None and getattr(cocok.func, "rumahdataku_boleh_disimpan", False):
            return response
        response["Cache-Control"] = "no-store"
        if "Expires" in response:
            del response["Expires"]
        return response
