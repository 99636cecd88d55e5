"""Settings for Rumah Dataku, read from the environment (one module for every deployment)."""

import datetime as dt
import os
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("RUMAHDATAKU_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "ya" are yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY wajib diisi bila DEBUG mati (production). Lihat docs/DEPLOY.md."
        )
    # Development only: never used when DEBUG is off.
    SECRET_KEY = "dev-only-insecure-key-rumahdataku-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_filters",
    "axes",
    "csp",
    # The apps in their layers, lowest first (docs/ARCHITECTURE.md; .importlinter keeps it).
    "keluarga",
    "poktan",
    "pendampingan",
    "impor",
    "laporan",
    "kampungkb",
    "luring",
    "operasi",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, with their long cache headers (before JanganSimpan).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body: a body over its URL's cap is a 413 (rumahdataku/middleware.py).
    "rumahdataku.middleware.BatasUkuranPermintaan",
    # Cache-Control: no-store on every response of the app (personal data).
    "rumahdataku.middleware.JanganSimpan",
    # Outside the session middleware, so a database outage gives the 503 page even when saving
    # the session fails on the way out (see rumahdataku/middleware.py).
    "rumahdataku.middleware.BasisDataTakTerjangkau",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A NUL byte in the path or a parameter, a control character in the path: 400 (after the
    # login check, so an anonymous body is never parsed here).
    "rumahdataku.middleware.TolakByteBuruk",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rumahdataku.urls"

# Form widgets render through the project's templates (templates/django/forms/...: an empty
# select says what it means in Indonesian instead of "---------"); needs "django.forms" above.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
FILTERS_EMPTY_CHOICE_LABEL = "Semua"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "keluarga.context_processors.peran",
            ],
            # {{ x|bulan }} → "November 2026" everywhere a person reads a month (issue 20).
            "builtins": ["keluarga.templatetags.tampilan"],
        },
    },
]

WSGI_APPLICATION = "rumahdataku.wsgi.application"

# Request body caps (rumahdataku.middleware.BatasUkuranPermintaan; docs/DEPLOY.md beside nginx's
# client_max_body_size): the import upload and the photo upload by URL name, 1 MB elsewhere.
RUMAHDATAKU_BATAS_PERMINTAAN = 1024 * 1024
RUMAHDATAKU_BATAS_UNGGAH = {
    "impor:beranda": 20 * 1024 * 1024,
    "kampungkb:foto_unggah": 10 * 1024 * 1024,
}

# SQLite under the git-ignored data folder by default; PostgreSQL via DATABASE_URL.
if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'rumahdataku.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT makes the report's correlated subqueries 5–25× slower (measured: 11.5 s vs
    # 0.4 s for the worklist counts at 2,000 families); these queries are short, so turn it off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # A deferred transaction that reads and then writes fails at once with "database is
            # locked" when another writer committed meanwhile (WAL snapshot); IMMEDIATE takes the
            # write lock at BEGIN, so concurrent writers wait up to `timeout` instead.
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests use a file, not Django's shared in-memory database: the live server of the browser
    # tests serves requests in several threads, and threads sharing one in-memory connection hung.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(os.environ.get("RUMAHDATAKU_TEST_DB", DATA_DIR / "test.sqlite3")))
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An import or seeding that writes > 1,000 rows (or > 10 % of a table) ends with ANALYZE of the
# tables it filled, after its commit (keluarga/statistik.py). Off only to measure without it.
SEGARKAN_STATISTIK = env_bool("SEGARKAN_STATISTIK", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"
# A working day (10 hours), renewed on every request, so typing in a long form never loses a session.
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF token from the cookie (forms carry it), so hide it from scripts too.
CSRF_COOKIE_HTTPONLY = True

# Login lockout (django-axes): 5 failures of one username from one client address lock that pair
# for 30 minutes. The pair, not the address alone: a village office shares one public address,
# and one person's typos must not lock out the whole office; the username alone would let anyone
# lock a known colleague out. Unlock early: `manage.py axes_reset_username NAMA` (docs/DEPLOY.md).
AUTHENTICATION_BACKENDS = [
    "rumahdataku.masuk.AxesTanpaRequestDilewati",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
# ... and 20 failures of one username from all addresses together lock that username for the
# same 30 minutes from everywhere (rumahdataku/masuk.py): changing X-Real-IP at each try (a local
# process) or many addresses then give 20 guesses per half hour, not an unlimited number.
RUMAHDATAKU_GAGAL_PER_PENGGUNA = 20
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "rumahdataku.masuk.ip_klien"
# Client addresses of the reverse proxy (nginx on the same host), whose X-Real-IP header we trust.
PROXY_TEPERCAYA = [
    a.strip() for a in os.environ.get("PROXY_TEPERCAYA", "127.0.0.1,::1").split(",") if a.strip()
]
AXES_COOLOFF_MESSAGE = _("Terlalu banyak percobaan masuk yang gagal. Coba lagi 30 menit lagi.")
AXES_PERMALOCK_MESSAGE = _("Terlalu banyak percobaan masuk yang gagal. Hubungi pengelola server.")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["rumahdataku.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Production safety (HTTPS=0 turns the HTTPS parts off for a documented LAN-only install).
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
if not DEBUG and not HTTPS:
    # A documented LAN-only install (HTTPS=0, docs/DEPLOY.md): no TLS, so these four warnings of
    # `check --deploy` (HSTS, SSL redirect, secure session and CSRF cookies) are expected there.
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only our own files; no inline script or style at all.
# Charts are SVG files or <img>, never inline scripts; data reaches scripts through json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        # The offline app (luring/): its service worker and manifest, from our own origin only.
        "worker-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# Error reports (the DEBUG page aside) never show request data, local variables or the query
# string: personal data (UU 27/2022) must not reach e-mails or logs. A custom filter rather than
# @sensitive_post_parameters on each view, so a new view cannot forget it.
DEFAULT_EXCEPTION_REPORTER_FILTER = "rumahdataku.middleware.FilterLaporanGalat"
DEFAULT_EXCEPTION_REPORTER = "rumahdataku.middleware.LaporanGalatTanpaDataPribadi"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Masks 16-digit numbers (NIK, No KK) in every message and traceback that reaches the log.
    "filters": {"tanpa_nik": {"()": "rumahdataku.middleware.SaringNIK"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["tanpa_nik"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Domain settings marked "approx." in DOMAIN.md: kept here so a pokja can adjust them.
RUMAHDATAKU = {
    # KRS "terlalu tua": a PUS aged from..to (inclusive, whole years).
    "KRS_TERLALU_TUA": (35, 40),
    # KRS "terlalu muda": under this age.
    "KRS_TERLALU_MUDA_DI_BAWAH": 20,
    # A pregnancy open longer than this many months goes on the worklist.
    "HAMIL_MAKS_BULAN": 10,
    # Families not verified for this many months go on the worklist.
    "VERIFIKASI_BULAN": 12,
    # KRS: drinking-water sources that count as proper (DOMAIN.md §2): BKKBN's operational list
    # (kemasan/isi ulang, ledeng/PAM, sumur bor/pompa, sumur terlindung); BPS's list, which also
    # counts mata air terlindung and air hujan, is keluarga.kode.AIR_LAYAK_BPS.
    "AIR_LAYAK": ("kemasan", "ledeng", "sumur_bor", "sumur_terlindung"),
    # SIGA registers (OFFICIAL.md §3): the form code's edition suffix (K/0/BKB/20) and, ours,
    # the days a group founded during the year has to hand in its first K/0.
    "REGISTER_EDISI": "20",
    "K0_HARI_KELOMPOK_BARU": 30,
}
USE_THOUSAND_SEPARATOR = True
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder

# Family-assistance cut-offs OFFICIAL.md §5 marks "likely" (LiLA, Hb, age, BMI, 42 days, MAL, 4T):
# override any key of pendampingan/pengaturan.py's BAWAAN here.
RUMAHDATAKU_PENDAMPINGAN: dict = {}
