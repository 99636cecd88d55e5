"""Login lockout plumbing for django-axes (settings.AXES_*): the client address behind nginx and a
backend that checks web logins only. The policy itself is in settings.py and docs/DEPLOY.md."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_credentials, get_lockout_message
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def ip_klien(request) -> str | None:
    """The client's address: nginx's X-Real-IP when the request comes from the trusted proxy."""
    alamat = request.META.get("REMOTE_ADDR") or None
    if alamat in settings.PROXY_TEPERCAYA:
        asli = (request.META.get("HTTP_X_REAL_IP") or "").strip()
        try:
            return str(ipaddress.ip_address(asli))
        except ValueError:
            pass
    return alamat


def gagal_pengguna(username: str) -> int:
    """Failed logins of one username from every address within the cool-off time."""
    from axes.models import AccessAttempt

    sejak = timezone.now() - settings.AXES_COOLOFF_TIME
    gagal = AccessAttempt.objects.filter(username=username, attempt_time__gte=sejak)
    return gagal.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AxesTanpaRequestDilewati(AxesStandaloneBackend):
    """django-axes' lockout check, for logins through a web request only, plus a ceiling per
    username over all addresses.

    Every login form passes the request; a call without one (a management command, the test
    client's ``login()``) is no web login attempt, and django-axes would refuse it with an error.

    django-axes locks a username+address pair after 5 failures. The address is nginx's X-Real-IP,
    which any process on the server can set when it talks to gunicorn directly: changing it at
    each try would give unlimited guesses. So a username with RUMAHDATAKU_GAGAL_PER_PENGGUNA
    failures from all addresses together is locked for the same cool-off time, from everywhere
    (the trade-off is in docs/DEPLOY.md §6).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        if username and gagal_pengguna(username) >= settings.RUMAHDATAKU_GAGAL_PER_PENGGUNA:
            kwargs.get("response_context", {})["error"] = get_lockout_message()
            request.axes_locked_out = True
            request.axes_credentials = get_credentials(username=username)
            raise AxesBackendPermissionDenied("Nama pengguna terkunci dari semua alamat.")
        return super().authenticate(request, username=username, password=password, **kwargs)


class FormMasuk(AuthenticationForm):
    """The login form with its refusal written once in plain Indonesian (Django's Indonesian
    catalogue repeats the field name: "Masukkan nama pengguna nama pengguna dan sandi")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Huruf besar dan kecil dibedakan."),
    }
