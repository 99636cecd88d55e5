"""Login lockout plumbing for django-axes (settings.AXES_*): the client address behind nginx and a
backend that checks web logins only. The policy itself is in settings.py and docs/DEPLOY.md."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
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


class AxesTanpaRequestDilewati(AxesStandaloneBackend):
    """django-axes' lockout check, for logins through a web request only.

    Every login form passes the request; a call without one (a management command, the test
    client's ``login()``) is no web login attempt, and django-axes would refuse it with an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class FormMasuk(AuthenticationForm):
    """The login form with its refusal written once in plain Indonesian (Django's Indonesian
    catalogue repeats the field name: "Masukkan nama pengguna nama pengguna dan sandi")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Huruf besar dan kecil dibedakan."),
    }
