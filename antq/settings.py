"""antq settings: one file, read from environment variables.

Every value has a safe local default (SQLite in ./var, DEBUG on for the demo)
and every helper refuses a value it cannot understand, so a typo in production
fails at start-up instead of running with a surprise.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true/false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_proxies(name: str, default: str):
    """Trusted reverse proxies (antq.core.proxies): a number of hops, or
    comma-separated addresses and networks."""
    from antq.core.proxies import parse_trusted_proxies

    raw = os.environ.get(name, default)
    try:
        return parse_trusted_proxies(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a number of proxies or addresses/networks such as "
            f"127.0.0.1,10.0.0.0/8; got {raw!r}"
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("ANTQ_DEBUG", True)
# Django's English debug pages for 404/500 instead of antq's own (a developer's
# choice; the demo shows antq's pages: core.middleware.OwnErrorPagesMiddleware).
ANTQ_DEBUG_PAGES = env_bool("ANTQ_DEBUG_PAGES", False)
# A production deployment: `antq load_demo` refuses it (the demo's accounts
# have a published password). On whenever debug is off.
PRODUCTION = env_bool("ANTQ_PRODUCTION", not DEBUG)
DEV_SECRET_KEY = "antq-insecure-local-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("ANTQ_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("ANTQ_SECRET_KEY is required when ANTQ_DEBUG is off")
    SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ANTQ_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ANTQ_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "antq.core",
    "antq.units",
    "antq.accounts",
    "antq.audit",
    "antq.documents",
    "antq.assessments",
    "antq.indicators",
    "antq.activities",
    "antq.forces",
    "antq.community",
    "antq.plans",
    "antq.awards",
    "antq.reminders",
    "antq.maps",
    "antq.reports",
    "antq.api",
    "antq.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "antq.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "antq.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "antq.accounts.middleware.SessionRenewalMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "antq.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "antq.audit.middleware.AuditContextMiddleware",
    "antq.core.middleware.WritesAllOrNothingMiddleware",
    "antq.core.middleware.RefusalMiddleware",
    "antq.core.middleware.OwnErrorPagesMiddleware",
]

if os.environ.get("ANTQ_STANDBY_URL"):
    # after the session and before anything reads: decides primary or standby
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "antq.core.routing.ReadRoutingMiddleware",
    )

ROOT_URLCONF = "antq.urls"
WSGI_APPLICATION = "antq.wsgi.application"

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
                "antq.accounts.context_processors.session_expiry",
                "antq.reminders.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: SQLite in ./var by default (WAL, immediate transactions so two
# writers queue instead of failing), PostgreSQL when DATABASE_URL says so.
VAR_DIR = Path(env_str("ANTQ_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'antq.sqlite3'}")
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=60)
except Exception as exc:  # dj-database-url raises several types for bad URLs
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # 64 MiB of page cache a connection (SQLite's default is 2 MiB): an
        # import's index inserts then stay in memory (bench/import.py: 52,000 →
        # 70,000 rows/s for the raw insert alone).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _database["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL")
DATABASES = {"default": _database}

# Several app nodes (docs/scaling.md): each setting below is off unless its
# variable is set, so one machine runs exactly as before.
# PgBouncer in transaction mode hands each transaction any server connection:
# no server-side cursor may outlive its transaction.
PGBOUNCER = env_bool("ANTQ_PGBOUNCER", False)
# A streaming standby for reads (antq.core.routing): GET requests read from
# it while its replay lag is under the bound, and a client who has just
# written reads from the primary for ANTQ_PIN_SECONDS.
STANDBY_URL = env_str("ANTQ_STANDBY_URL", "")
STANDBY_MAX_LAG_SECONDS = env_int("ANTQ_STANDBY_MAX_LAG_SECONDS", 5, minimum=0)
PIN_SECONDS = env_int("ANTQ_PIN_SECONDS", 15, minimum=1)
if STANDBY_URL:
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("ANTQ_STANDBY_URL needs DATABASE_URL on PostgreSQL")
    try:
        DATABASES["standby"] = dj_database_url.parse(STANDBY_URL, conn_max_age=60)
    except Exception as exc:
        raise ImproperlyConfigured(f"ANTQ_STANDBY_URL is not a valid URL: {exc}") from None
    DATABASES["standby"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["antq.core.routing.ReadRouter"]
# the load balancer's health check speaks plain HTTP to each node
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if PGBOUNCER or STANDBY_URL:
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = PGBOUNCER
        # a connection left by a failover is replaced, not used and failed
        _alias["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after a period of inactivity; the page warns before that.
SESSION_IDLE_MINUTES = env_int("ANTQ_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The idle clock restarts at most once a minute (accounts.middleware.
# SessionRenewalMiddleware), not with a session write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ANTQ_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Login throttling: after this many failures for one user name (or from one
# address) inside the window, further attempts are refused until it passes.
LOGIN_MAX_FAILURES = env_int("ANTQ_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("ANTQ_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
API_TOKEN_DAYS = env_int("ANTQ_API_TOKEN_DAYS", 30, minimum=1)
# How long a process keeps a token's owner without reading it again (0: never):
# a revocation or lock made in another process is seen within this bound.
API_TOKEN_CACHE_SECONDS = env_int("ANTQ_API_TOKEN_CACHE_SECONDS", 30, minimum=0)
# Password checks at once per machine (antq.core.slots): a sign-in past them
# waits up to SIGNIN_WAIT_SECONDS (the API's token call one second), then is
# told to try again, so sign-ins never take every worker from the saves.
SIGNIN_SLOTS = env_int("ANTQ_SIGNIN_SLOTS", max(1, (os.cpu_count() or 2) // 2), minimum=1)
SIGNIN_WAIT_SECONDS = env_int("ANTQ_SIGNIN_WAIT_SECONDS", 5, minimum=0)
SIGNIN_LOCK_DIR = env_str("ANTQ_SIGNIN_LOCK_DIR", str(VAR_DIR / "run"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["antq.formats"]
TIME_ZONE = env_str("ANTQ_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("ANTQ_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads and generated documents: ANTQ_MEDIA_ROOT on a filesystem every app
# node shares (NFS, CephFS), or an S3-compatible store when ANTQ_S3_BUCKET is
# set (django-storages; docs/scaling.md).
S3_BUCKET = env_str("ANTQ_S3_BUCKET", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # generated documents: versioned paths, so an existing file is replaced
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"allow_overwrite": True},
    },
}

if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("ANTQ_S3_ENDPOINT_URL", "") or None,
        "access_key": env_str("ANTQ_S3_ACCESS_KEY", "") or None,
        "secret_key": env_str("ANTQ_S3_SECRET_KEY", "") or None,
        "region_name": env_str("ANTQ_S3_REGION", "") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3}}
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "file_overwrite": True, "location": "documents"},
    }

# Uploaded spreadsheets are read in memory; this bounds them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UNIT_IMPORT_MAX_BYTES = env_int("ANTQ_UNIT_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind a TLS proxy (production): HTTPS only, HSTS, secure cookies. The proxy
# must set X-Forwarded-Proto; antq trusts it only when ANTQ_TLS says so.
TLS = env_bool("ANTQ_TLS", False)
if TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("ANTQ_SSL_REDIRECT", TLS)
# Which reverse proxies' X-Forwarded-For is believed (antq.core.proxies): the
# client address it yields keys the sign-in throttle and the audit log. The
# default trusts the documented nginx on the same machine; a number counts
# proxy hops instead (only when antq is reachable through them alone).
TRUSTED_PROXIES = env_proxies("ANTQ_TRUSTED_PROXIES", "127.0.0.1,::1")
SECURE_HSTS_SECONDS = env_int("ANTQ_HSTS_SECONDS", 31_536_000 if TLS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ANTQ_HSTS_INCLUDE_SUBDOMAINS", TLS)
SECURE_HSTS_PRELOAD = env_bool("ANTQ_HSTS_PRELOAD", TLS)

# Content-Security-Policy: only antq's own files run; no inline script, no
# foreign origin (machines are offline anyway). The dashboard alone adds
# 'unsafe-eval' and inline styles, which Vega's charts need (reports.views).
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

# Two-factor sign-in (TOTP): required for system and unit administrators,
# optional for everyone else (accounts.middleware).
OTP_TOTP_ISSUER = env_str("ANTQ_OTP_ISSUER", "antq")
TWO_FACTOR_REQUIRED = env_bool("ANTQ_TWO_FACTOR_REQUIRED", True)

# Long work (imports, document batches, restating) runs as tasks of django-tasks
# on its ORM backend: the queue is a table of this database, run by `antq worker`.
TASKS = {"default": {"BACKEND": env_str("ANTQ_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# This node's name in the jobs' `worker` column (the host name by default);
# give each worker node its own in a cluster. A job whose worker on another
# node has sent no heartbeat for ANTQ_JOB_SILENCE_SECONDS is reaped; with
# ANTQ_JOB_REAP_SECONDS every worker looks for such jobs that often and
# queues them again (0: only when a worker starts, and failed, not retried).
NODE_NAME = env_str("ANTQ_NODE_NAME", "")
JOB_SILENCE_SECONDS = env_int("ANTQ_JOB_SILENCE_SECONDS", 300, minimum=2)
JOB_REAP_SECONDS = env_int("ANTQ_JOB_REAP_SECONDS", 0, minimum=0)

# Reminders: the daily job (`antq send_reminders`) tells people about deadlines
# this many days ahead; e-mail goes through SMTP when ANTQ_EMAIL_HOST is set,
# else to the console (the demo). ANTQ_SITE_URL makes the links in e-mails.
ANTQ_REMINDER_DAYS = env_int("ANTQ_REMINDER_DAYS", 3, minimum=1)
ANTQ_SITE_URL = env_str("ANTQ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = env_str("ANTQ_EMAIL_HOST", "")
EMAIL_PORT = env_int("ANTQ_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("ANTQ_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("ANTQ_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ANTQ_EMAIL_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("ANTQ_EMAIL_FROM", "antq <antq@localhost>")

# API calls per token per minute; over it the API answers 429 in Vietnamese.
API_RATE_PER_MINUTE = env_int("ANTQ_API_RATE_PER_MINUTE", 600, minimum=1)

# The shared store of the API rate limits (antq.core.cache): a table of antq's
# database, shared by every web worker of one machine (created by `antq
# migrate`); Redis when ANTQ_REDIS_URL is set, for several machines (it needs
# the `redis` package: pip install "redis>=5").
REDIS_URL = env_str("ANTQ_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "antq.core.cache.DatabaseCache",
            "LOCATION": "antq_cache",
            # counters of every token of a busy minute, never culled early
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Years in the Tổ bảo vệ ANTT (predecessor forces included) for the Kỷ niệm
# chương "Bảo vệ an ninh Tổ quốc" (TT 20/2025/TT-BCA: 15 men, 10 women).
ANTQ_MEDAL_YEARS = {
    "male": env_int("ANTQ_MEDAL_YEARS_MEN", 15, minimum=1),
    "female": env_int("ANTQ_MEDAL_YEARS_WOMEN", 10, minimum=1),
}

# Digitally signed PDFs (antq.documents.signing): each issuing body's PKCS#12
# file is <code>.p12 in this folder (default var/signing), its passphrase in
# <code>.pass beside it or ANTQ_SIGNING_PASSPHRASE; ANTQ_SIGNING_TRUST lists
# PEM files of the certificate authorities whose signatures verification trusts.
ANTQ_SIGNING_DIR = env_str("ANTQ_SIGNING_DIR", "")
ANTQ_SIGNING_PASSPHRASE = env_str("ANTQ_SIGNING_PASSPHRASE", "")
ANTQ_SIGNING_TRUST = env_list("ANTQ_SIGNING_TRUST", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ANTQ_LOG_LEVEL", "WARNING")},
}
