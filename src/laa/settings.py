"""Settings, read only from the environment, with secure defaults.

DEBUG is off unless asked for. With DEBUG off (production mode) a missing or
placeholder SECRET_KEY stops start-up with a message saying what to set.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LAA_VAR_DIR", PROJECT_DIR / "var"))

_DEV_SECRET = "insecure-development-key-not-for-production"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name) or str(default)
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number, {minimum} or more, not {value!r}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("LAA_TESTING", False) or "PYTEST_VERSION" in os.environ  # pytest sets it

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = _DEV_SECRET
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
elif not DEBUG and not TESTING and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names the site answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'laa.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# How long a request waits for another's write lock before it is answered 503 "busy,
# nothing saved, try again" (laa.web.edge): SQLite's busy timeout, PostgreSQL's lock_timeout.
LAA_DB_LOCK_TIMEOUT = env_int("LAA_DB_LOCK_TIMEOUT", 5, minimum=1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if str(DATABASES["default"]["NAME"]) != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Python's sqlite3 waits `timeout` seconds for a lock (its busy handler).
        "timeout": LAA_DB_LOCK_TIMEOUT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA busy_timeout={LAA_DB_LOCK_TIMEOUT * 1000};",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c lock_timeout={LAA_DB_LOCK_TIMEOUT * 1000}"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rules",
    "axes",  # sign-in throttling (laa.accounts.throttle)
    "ninja",  # serves the API docs' Swagger UI assets from our static files, not a CDN
    "laa.accounts",
    "laa.audit",
    "laa.places",
    "laa.catalogue",
    "laa.agreements",
    "laa.hub",
    "laa.negotiation",
    "laa.signoff",
    "laa.reviews",
    "laa.revisions",
    "laa.maa",
    "laa.performance",
    "laa.dashboards",
    "laa.web",
    "laa.api",
    "django_tasks",
    "django_tasks_db",  # the database backend's table of tasks and its `db_worker` command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "laa.web.edge.AnswerBusyDatabase",
    "laa.web.edge.RefuseControlCharacters",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/sign-in"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ROOT_URLCONF = "laa.urls"
WSGI_APPLICATION = "laa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "laa.web.jinja.environment",
            "autoescape": True,
            "auto_reload": DEBUG,
        },
    },
    {
        # Django admin only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# GOV.UK Frontend's CSS asks for /assets/fonts/... and /assets/images/..., so static
# files live under /assets/: the npm package's assets plus our own.
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
_GOVUK = PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [
    BASE_DIR / "web" / "static",
    _GOVUK / "assets",
    ("govuk", _GOVUK),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
# Where django.core.mail.backends.filebased.EmailBackend writes each e-mail (one file a run).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "laa@localhost")

# Security: secure by default, relaxed only for local development over plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): our own origin only, no inline script or style
# except the layout's few bits, which carry the request's nonce (cspNonce in templates).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in throttling (django-axes): after LAA_SIGN_IN_FAILURES failed sign-ins for one
# user name, or from one address, within LAA_SIGN_IN_LOCKOUT_MINUTES, sign-in is refused
# (429, a page saying when to try again, an audit event) until that long after the last.
AXES_FAILURE_LIMIT = env_int("LAA_SIGN_IN_FAILURES", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LAA_SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "laa.accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "laa.accounts.throttle.client_address"
AXES_VERBOSE = False
# The number of reverse proxies in front of the service that append to X-Forwarded-For
# (0: the address is the connection's own, REMOTE_ADDR).
LAA_PROXY_COUNT = env_int("LAA_PROXY_COUNT", 0)

# Background tasks (django-tasks, the backport of Django 6's tasks; docs/adr/0013): the
# database backend by default, so the embedded SQLite needs no other server; its worker
# is `laa db-worker` (started beside the web server by `laa serve`). LAA_TASKS_BACKEND:
# "database", "immediate" (each task runs at once, in the process that enqueues it), or
# the dotted path of another backend (e.g. django-tasks-rq's, when one database is not enough).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
LAA_TASKS_BACKEND = os.environ.get("LAA_TASKS_BACKEND") or "database"
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS.get(LAA_TASKS_BACKEND, LAA_TASKS_BACKEND),
        "QUEUES": ["default"],
    },
}
if "." not in TASKS["default"]["BACKEND"]:
    raise ImproperlyConfigured(
        f"LAA_TASKS_BACKEND must be database, immediate or a backend's dotted path, not {LAA_TASKS_BACKEND!r}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The demo and reference data files shipped with the package.
LAA_DEMO_LABEL = "Demonstration data"

# A fixed "today" (YYYY-MM-DD) for rehearsing the 2008 timetable; real time when unset.
LAA_TODAY = os.environ.get("LAA_TODAY") or None
# The site's address in e-mails (reminders link to the agreement's pages).
LAA_BASE_URL = os.environ.get("LAA_BASE_URL", "http://127.0.0.1:8000")
