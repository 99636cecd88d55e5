"""Request safety: the database-outage page, and error reports and logs without personal data
(UU 27/2022). Imported by the logging setup before apps load, so it must not import models.
Wired up in settings.py; the choices are explained in docs/DEPLOY.md.
"""

import logging
import re

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
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
