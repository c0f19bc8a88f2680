"""foiatrack settings: one flat file, configured through environment variables.

With nothing set, the app runs on an embedded default: a SQLite file under var/
and Celery tasks executed in-process. With DATABASE_URL and REDIS_URL it runs on
PostgreSQL, Redis and real Celery workers. Every variable is listed in the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    """Read a yes/no variable; refuse anything that is not clearly one or the other."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    """Read a whole-number variable; refuse anything else."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: a fixed key is harmless while DEBUG is on and nothing is public.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

# Rotation: the previous key(s) here keep sessions and signed links valid meanwhile.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS", "")

# Reverse proxies in front of the app that append the client's address to X-Forwarded-For
# (one for the compose file's TLS proxy). 0: the header is ignored and so is
# X-Forwarded-Proto; the connecting address is the client (foiatrack.core.client_ip).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

VAR_DIR = BASE_DIR / "var"
if not os.environ.get("DATABASE_URL"):
    # The embedded default keeps its SQLite file here; a fresh clone has no var/ yet.
    VAR_DIR.mkdir(exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "foiatrack.core",
    "foiatrack.foia",
    "foiatrack.received",
    "foiatrack.pipeline",
    "foiatrack.loop",
    "foiatrack.api",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A 30-digit id in a URL is a 404, not a database overflow (500).
    "foiatrack.security.IdsInRangeMiddleware",
    # A full disk (ENOSPC) is a 507 with a sentence, not a bare 500.
    "foiatrack.core.disk_full.DiskFullMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "foiatrack.urls"
WSGI_APPLICATION = "foiatrack.wsgi.application"

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
                "foiatrack.core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'foiatrack.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# A view that sends each role where it works (core.landing).
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads hold agencies' raw files: kept outside the static roots, never served publicly.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Largest received file accepted, in bytes (default 512 MiB).
FOIATRACK_MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", 512 * 1024 * 1024)
# A field delivered but filled in fewer than this share of rows is "unusable" (issue 9).
FOIATRACK_MIN_FILL_RATE = envint("MIN_FILL_PERCENT", 20) / 100
# Uploads are streamed to disk, never held whole in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Django's own handlers, the temporary-file one removing its partial file on a full disk.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "foiatrack.core.disk_full.DiskFullSafeTemporaryFileUploadHandler",
]
# Largest JSON body the API parses, in bytes (default 64 KiB); larger ones answer 400.
API_MAX_JSON_BYTES = envint("API_MAX_JSON_BYTES", 64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "foiatrack@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    # A cache that reads as empty while Redis is down, so a broker restart never breaks pages.
    CACHES = {
        "default": {
            "BACKEND": "foiatrack.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous visitors' public pages and API answers are cached whole (core.public_cache)
# under a version of the data they show; this bounds how long a change the version does
# not track (an agency's address edited in the admin, say) can take to show.
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 60)

# Celery. Without REDIS_URL tasks run in-process (eagerly) so the app works end to end.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it finished, so a killed worker's job is redelivered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 30 * 60)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 35 * 60)
# Redis redelivers unacknowledged jobs after this; it must exceed the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Jobs are sent from inside requests (after commit): while the broker is down a send must
# fail fast, leaving the row queued for the sweeper, not hold a web worker. One retry
# covers a pooled connection Redis dropped; the audit, link and rebuild tasks also ignore
# results (see their decorators), so no result subscription is retried 20 x 1 s.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = envint("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
# The table sweeper (received.tasks.sweep_tables_task): a running audit whose heartbeat is
# older than TABLE_STALE_SECONDS lost its worker and is queued again, at most
# TABLE_MAX_ATTEMPTS times per run; a table queued for TABLE_QUEUED_STALE_SECONDS has its
# job sent again, in case the broker lost it.
FOIATRACK_TABLE_STALE_SECONDS = envint("TABLE_STALE_SECONDS", 120)
FOIATRACK_TABLE_QUEUED_STALE_SECONDS = envint("TABLE_QUEUED_STALE_SECONDS", 300)
FOIATRACK_TABLE_MAX_ATTEMPTS = envint("TABLE_MAX_ATTEMPTS", 3)
CELERY_BEAT_SCHEDULE: dict = {
    "received-sweep-tables": {
        "task": "foiatrack.received.sweep_tables",
        "schedule": envint("TABLE_SWEEP_SECONDS", 60),
    },
    # The same for link runs (pipeline.services.link_runs_sweep), with the same limits.
    "pipeline-sweep-link-runs": {
        "task": "foiatrack.pipeline.tasks.sweep_link_runs",
        "schedule": envint("TABLE_SWEEP_SECONDS", 60),
    },
    # Daily at 07:00 local time; the task is idempotent, so a missed or repeated run is safe.
    "foia-overdue-reminders": {
        "task": "foiatrack.foia.send_overdue_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # A safety net: audits and link runs already queue a rebuild; this catches any missed.
    "pipeline-coverage-recompute": {
        "task": "foiatrack.pipeline.tasks.coverage_recompute",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Tasks (import paths) queued with table_id=… and requested_at=… once an audit is saved.
FOIATRACK_AFTER_AUDIT_TASKS = [
    "foiatrack.pipeline.tasks.coverage_recompute",
    # Issue 19: a request answered again is compared with its previous delivery.
    "foiatrack.pipeline.reconciliation_tasks.after_audit_task",
]

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header lets DRF answer 401 (not 403) without credentials.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "foiatrack.api.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "foiatrack.api.schema.ApiAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bounded in size (API_MAX_JSON_BYTES) and depth before it is parsed: a small body
    # nested thousands deep would otherwise be a RecursionError (500).
    "DEFAULT_PARSER_CLASSES": [
        "foiatrack.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "foiatrack.api.pagination.DescribedPageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "foiatrack.api.errors.api_exception_handler",
    # Anonymous clients only; logged-in users and tokens are not limited.
    "DEFAULT_THROTTLE_CLASSES": ["foiatrack.api.throttles.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    # Our throttle reads the address through core.client_ip; this keeps DRF's own
    # get_ident (any other throttle) from trusting a forged X-Forwarded-For.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# API tokens (foiatrack.core.tokens) last this many days, then answer 401.
API_TOKEN_LIFETIME_DAYS = envint("API_TOKEN_LIFETIME_DAYS", 90)
if not 1 <= API_TOKEN_LIFETIME_DAYS <= 3650:
    raise ImproperlyConfigured("API_TOKEN_LIFETIME_DAYS must be between 1 and 3650")
SPECTACULAR_SETTINGS = {
    "TITLE": "foiatrack API",
    "DESCRIPTION": "FOIA request tracking, received-data audits and justice-pipeline gap reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's Swagger UI is served from our static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "foiatrack.foia.models.Status",
        "TableStatusEnum": "foiatrack.api.schema.TABLE_STATUS_CHOICES",
        "StageEnum": "foiatrack.stages.STAGE_CHOICES",
        "FieldCodeEnum": "foiatrack.audit.field_catalogue.FIELD_CHOICES",
    },
}

# Security. Off in DEBUG; on by default otherwise so `check --deploy` is clean.
# Only a trusted proxy may say the client spoke HTTPS: without one, any client could.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# Login rate limit (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one username
# from one address, that pair is refused (HTTP 429) for LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address behind TRUSTED_PROXY_COUNT proxies, as the API throttle sees it.
AXES_CLIENT_IP_CALLABLE = "foiatrack.core.client_ip.client_address"
AXES_RESET_ON_SUCCESS = True
# No start-up banner on stderr: management commands promise a one-line error there
# (`audit_file` exits 2 with exactly one line for an unreadable file).
AXES_VERBOSE = False
# A styled page (429) that says how long the lock lasts, instead of a bare line.
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Content-Security-Policy (django-csp): our own scripts and styles only, never inline ones,
# no plugins, no framing, forms post only to us.
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
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Mail (foiatrack.mail, issue 18) -------------------------------------------------
# Letters go out through EMAIL_BACKEND (SMTP above; a provider through django-anymail, e.g.
# EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend with ANYMAIL_* settings). Replies come
# back to request-<id>-<token>@FOIA_MAIL_DOMAIN; unset, sending is refused with a message.
INSTALLED_APPS += ["anymail", "foiatrack.mail"]
FOIA_MAIL_DOMAIN = os.environ.get("FOIA_MAIL_DOMAIN", "")
FOIA_MAIL_FROM_NAME = os.environ.get("FOIA_MAIL_FROM_NAME", "foiatrack")
# imap://user@host:143/INBOX or imaps://user@host:993/INBOX; the password never in the URL.
FOIA_IMAP_URL = os.environ.get("FOIA_IMAP_URL", "")
FOIA_IMAP_PASSWORD = os.environ.get("FOIA_IMAP_PASSWORD", "")
FOIA_IMAP_POLL_SECONDS = envint("FOIA_IMAP_POLL_SECONDS", 120)
# Larger attachments are refused with a note (the message itself is kept whole).
FOIA_MAIL_MAX_ATTACHMENT_BYTES = envint("FOIA_MAIL_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
if FOIA_IMAP_URL:
    CELERY_BEAT_SCHEDULE["mail-fetch"] = {
        "task": "foiatrack.mail.fetch_mail",
        "schedule": FOIA_IMAP_POLL_SECONDS,
    }
# django-anymail: nothing by default. Inbound webhooks need ANYMAIL_WEBHOOK_SECRET (basic
# auth) and, for providers that sign, their signing key (e.g. MAILGUN_WEBHOOK_SIGNING_KEY).
ANYMAIL: dict = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and value
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {
    "LetterKindEnum": "foiatrack.mail.models.LETTER_KINDS",
    "MailKindEnum": "foiatrack.mail.models.MESSAGE_KINDS",
}
