"""Settings for the referat archive, all from the environment.

- DATABASE_URL set: that PostgreSQL server is used and nothing is started.
- DATABASE_URL unset: the archive's embedded PostgreSQL in ARCHIVE_DATA_DIR (default ./var).
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


ARCHIVE_DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DEBUG = env_bool("DEBUG")
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if DATABASE_URL and not DEBUG:
        # A real server in production without a key would sign sessions with something guessable.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            'string (e.g. python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    # Local archive on the embedded database: keep one generated key beside the data so that
    # logins survive a restart.
    key_file = ARCHIVE_DATA_DIR / "secret_key"
    try:
        if not key_file.exists():
            ARCHIVE_DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
    except OSError:
        # A data folder that cannot be written holds no database either: what needs one says
        # so in one sentence (archive.db.server.check_writable); this process signs nothing
        # that must outlive it.
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "axes",
    "procrastinate.contrib.django",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL in the address or a parameter is a 400 before anything reads it.
    "archive.middleware.OddInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "archive.middleware.AdminLanguageMiddleware",
    # Database down, disk full: the 503 page in the visitor's language. Before the CSRF check,
    # so that it is the one to read an upload's body.
    "archive.middleware.OutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "archive.middleware.DiskWarningMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meetings.pages.context.place",
                "meetings.pages.seo.addresses",
            ],
        },
    },
]

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    # A server that does not answer is a 503 in seconds, not a worker held for minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    from archive.db.server import DATABASE_NAME, USER

    # HOST and PORT are filled in by the backend once the embedded server runs.
    DATABASES = {
        "default": {
            "ENGINE": "archive.db",
            "NAME": DATABASE_NAME,
            "USER": USER,
            "HOST": "",
            # A connection per request costs a few ms on every page: keep it, checked first.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"connect_timeout": 5},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = ARCHIVE_DATA_DIR / "media"

# A referat that does not say whose it is (a file given to `ingest` or uploaded) belongs to
# this municipality unless told otherwise; by name or slug.
ARCHIVE_DEFAULT_MUNICIPALITY = os.environ.get("ARCHIVE_DEFAULT_MUNICIPALITY", "Lejre Kommune")
# Where the open-data dumps are written (meetings/opendata/export.py).
ARCHIVE_EXPORT_DIR = Path(os.environ.get("ARCHIVE_EXPORT_DIR", ARCHIVE_DATA_DIR / "exports"))

# Harvesting municipalities' portals (meetings/harvest/). The User-Agent names the archive and
# ARCHIVE_CONTACT, so that a portal's staff can reach whoever runs it.
ARCHIVE_CONTACT = os.environ.get("ARCHIVE_CONTACT", "mailto:webmaster@localhost")
# At least this long between one answer and the next request to a portal (and at least as
# long as the answer took).
ARCHIVE_HARVEST_PAUSE_SECONDS = float(os.environ.get("ARCHIVE_HARVEST_PAUSE_SECONDS", 0.1))
ARCHIVE_HARVEST_TIMEOUT_SECONDS = float(os.environ.get("ARCHIVE_HARVEST_TIMEOUT_SECONDS", 30))
# Tries after the first, waiting 2, 4, 8 … seconds (and what Retry-After asks), at most 5 min.
ARCHIVE_HARVEST_RETRIES = int(os.environ.get("ARCHIVE_HARVEST_RETRIES", 4))
ARCHIVE_HARVEST_BACKOFF_SECONDS = float(os.environ.get("ARCHIVE_HARVEST_BACKOFF_SECONDS", 2))
ARCHIVE_HARVEST_MAX_BACKOFF_SECONDS = 300
# Meetings held in the last this many days are fetched again on every harvest (referater are
# corrected and decisions released soon after a meeting) …
ARCHIVE_HARVEST_RECHECK_DAYS = int(os.environ.get("ARCHIVE_HARVEST_RECHECK_DAYS", 30))
# … and this many older ones, those checked longest ago, on each harvest.
ARCHIVE_HARVEST_RECHECK_PER_RUN = int(os.environ.get("ARCHIVE_HARVEST_RECHECK_PER_RUN", 10))
# When municipalities with a portal are harvested: a cron line (minute hour day month weekday).
ARCHIVE_HARVEST_CRON = os.environ.get("ARCHIVE_HARVEST_CRON", "0 * * * *")

# Background work runs on procrastinate, on the same PostgreSQL; `serve` starts its worker.
PROCRASTINATE_IMPORT_PATHS = ["meetings.harvest.tasks", "meetings.opendata.tasks"]

# Referater are untrusted uploads: bound what one file may cost.
ARCHIVE_MAX_UPLOAD_BYTES = int(os.environ.get("ARCHIVE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
ARCHIVE_MAX_PDF_PAGES = int(os.environ.get("ARCHIVE_MAX_PDF_PAGES", 500))
ARCHIVE_PDF_TIMEOUT_SECONDS = float(os.environ.get("ARCHIVE_PDF_TIMEOUT_SECONDS", 30))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("HTTPS"):
    # Behind TLS (the proxy sets X-Forwarded-Proto): cookies only over HTTPS, plain HTTP
    # redirected, and browsers told to come back over HTTPS only (HSTS) for this long.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The container's own health check asks over plain HTTP on 127.0.0.1.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a request to the browser makers, for whoever owns the domain to make;
        # not asking is a choice, not a mistake, so `check --deploy` does not warn about it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# No inline script or style anywhere (templates and static files keep theirs in files), so the
# policy allows only the archive's own files. `frame-ancestors` says what X_FRAME_OPTIONS says;
# the original file of an upload is sent with its own `sandbox` policy (meetings/admin.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Admin login throttling by django-axes: this many failed logins for one username from one
# address lock that pair out for this many minutes, counted in the database (shared by every
# web worker). The address is REMOTE_ADDR: X-Forwarded-For is whatever a guesser wants it
# to be unless a proxy we trust sets it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_LOGIN_MAX_FAILURES", 5))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("ARCHIVE_LOGIN_LOCKOUT_MINUTES", 15))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Uploads past ARCHIVE_MAX_UPLOAD_BYTES are not spooled to disk (meetings/upload_handlers.py).
FILE_UPLOAD_HANDLERS = [
    "meetings.publishing.upload_handlers.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Alerts: feeds, calendars and e-mail alerts (meetings/alerts/) -----------------------------
# Mail goes through SMTP when EMAIL_HOST is set (Django's standard settings, from the
# environment); without it, each mail is written as a file under ARCHIVE_DATA_DIR/mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_PORT = int(
    os.environ.get("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Referatarkivet <referatarkivet@localhost>"
)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = ARCHIVE_DATA_DIR / "mail"
# The archive's public address, for what is written where no request is at hand (the links in
# mails, the open-data dumps):
# `https://referater.example.dk`. Unset: the first of ALLOWED_HOSTS, on PORT without HTTPS.
_site_host = next((h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")), "")
ARCHIVE_SITE_URL = os.environ.get("ARCHIVE_SITE_URL", "").strip().rstrip("/") or (
    f"https://{_site_host or 'localhost'}"
    if env_bool("HTTPS")
    else f"http://{_site_host or '127.0.0.1'}:{os.environ.get('PORT', '8000')}"
)
# Requests to follow something (each sends a confirmation mail) per address and per client
# address in an hour: the form cannot be used to flood someone's mailbox.
ARCHIVE_ALERTS_PER_ADDRESS_PER_HOUR = int(os.environ.get("ARCHIVE_ALERTS_PER_ADDRESS_PER_HOUR", 3))
ARCHIVE_ALERTS_PER_IP_PER_HOUR = int(os.environ.get("ARCHIVE_ALERTS_PER_IP_PER_HOUR", 5))
PROCRASTINATE_IMPORT_PATHS = [*PROCRASTINATE_IMPORT_PATHS, "meetings.alerts.tasks"]
# --- end of alerts ------------------------------------------------------------------------------
