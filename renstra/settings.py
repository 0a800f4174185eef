"""One settings module, driven by the environment (see .env.example).

SQLite is the embedded default; PostgreSQL when DATABASE_URL is set.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("RENSTRA_SHARED_DIR", BASE_DIR.parent / "shared"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Required when DEBUG is off. It is enforced where it matters rather than at import, so
# that commands which never sign anything (makemigrations, migrate) run without it: the
# WSGI/ASGI entry points refuse to start, `check --deploy` reports renstra.E001, and
# Django itself refuses to sign anything with an empty key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105  # nosec B105  # DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_prose_editor",
    # Before django_tasks_db: its `db_worker` command is renstra's (it also reclaims the
    # renders of workers that died); the first app listed wins a command's name.
    "renstra",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "stages",
    "participation",
    "legislation",
]

MIDDLEWARE = [
    # First: every log record of the request carries its id (X-Request-ID).
    "renstra.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renstra.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication: sessions of administrators and ratifiers need a TOTP code.
    "django_otp.middleware.OTPMiddleware",
    "renstra.security.TwoFactorRequiredMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renstra.urls"
WSGI_APPLICATION = "renstra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participation.context_processors.notifications",
                "legislation.context_processors.dprd_member",
            ],
        },
    },
]

# Persistent connections, checked before reuse: after a PostgreSQL restart the next
# request opens a new connection instead of failing on the dead one.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'renstra.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].pop("CONN_MAX_AGE", None)
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "renstra.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins of a locked-out username + address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous sees public pages only
GUARDIAN_RAISE_403 = False
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "renstra:plan_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Money and numbers are formatted explicitly (renstra filters); years and ids stay plain.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Media (PDFs, attachments): local disk by default; S3-compatible object storage
# (django-storages) when S3_BUCKET is set, so several web nodes and workers share it.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment
            # (boto3 reads them); MinIO, Ceph and other S3-compatible stores via the URL.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,  # files are private; downloads go through the views
            "file_overwrite": False,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
RENSTRA_IMPORT_MAX_BYTES = int(os.environ.get("RENSTRA_IMPORT_MAX_BYTES", 20 * 1024 * 1024))

# Background tasks (django.tasks) kept in the database: run `manage.py db_worker` (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# PDF rendering runs in a child process of the worker with these limits (WeasyPrint keeps
# the whole document in memory and does not give it back).
RENSTRA_RENDER_TIMEOUT = int(os.environ.get("RENSTRA_RENDER_TIMEOUT", 300))  # seconds
RENSTRA_RENDER_MAX_MB = int(os.environ.get("RENSTRA_RENDER_MAX_MB", 1500))  # address space
# A render child killed from outside (OOM killer, operator) is started again up to this many
# renders in all; timeouts, the memory limit and document errors are not retried.
RENSTRA_RENDER_ATTEMPTS = int(os.environ.get("RENSTRA_RENDER_ATTEMPTS", 3))
# A worker marks the row it renders every RENSTRA_RENDER_BEAT_SECONDS; a running row
# without a mark for three beats belongs to a worker that died (killed, its machine lost):
# every live worker puts such rows back in the queue (renstra/management/commands/db_worker.py).
RENSTRA_RENDER_BEAT_SECONDS = float(os.environ.get("RENSTRA_RENDER_BEAT_SECONDS", 10))
# A plain PDF is rendered in parts by up to RENSTRA_RENDER_WORKERS children at once (each
# with the limits above), the parts cached by content hash in RENSTRA_RENDER_CACHE_DIR
# (default: var/render-cache beside MEDIA_ROOT), least recently used pruned beyond
# RENSTRA_RENDER_CACHE_MB. RENSTRA_RENDER_IN_PARTS=0 renders in one pass.
RENSTRA_RENDER_IN_PARTS = os.environ.get("RENSTRA_RENDER_IN_PARTS", "1") != "0"
RENSTRA_RENDER_WORKERS = int(os.environ.get("RENSTRA_RENDER_WORKERS", 2))
RENSTRA_RENDER_CACHE_DIR = os.environ.get("RENSTRA_RENDER_CACHE_DIR", "")
RENSTRA_RENDER_CACHE_MB = int(os.environ.get("RENSTRA_RENDER_CACHE_MB", 1024))
# Where the QR code on a document points (the worker has no request to ask); empty: the
# address the document was requested from.
RENSTRA_PUBLIC_URL = os.environ.get("RENSTRA_PUBLIC_URL", "").rstrip("/")
RENSTRA_VERIFY_MAX_BYTES = int(os.environ.get("RENSTRA_VERIFY_MAX_BYTES", 50 * 1024 * 1024))
# Comments on consultations (participation): attachment size, how many comments/replies
# (and, separately, reports) one person may send per period, reports that hide a comment
# until a moderator decides.
RENSTRA_COMMENT_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("RENSTRA_COMMENT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
)
RENSTRA_COMMENT_RATE = (
    int(os.environ.get("RENSTRA_COMMENT_RATE_COUNT", 10)),
    int(os.environ.get("RENSTRA_COMMENT_RATE_SECONDS", 600)),
)
RENSTRA_COMMENT_REPORT_THRESHOLD = int(os.environ.get("RENSTRA_COMMENT_REPORT_THRESHOLD", 3))

# Mail (account confirmation, notifications): Django's MAILERS, from the environment.
# Development prints mail to the console; otherwise SMTP through EMAIL_HOST.
_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", 25)),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "renstra@localhost")
# Participation: registration documents (bytes), confirmation link validity (days).
PARTICIPATION_DOCUMENT_MAX_BYTES = int(
    os.environ.get("PARTICIPATION_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)
)
PARTICIPATION_CONFIRM_DAYS = int(os.environ.get("PARTICIPATION_CONFIRM_DAYS", 3))

# A cache every web process shares (sessions, login throttling, rate limits) when
# REDIS_URL is set; local memory otherwise (one process: development, tests).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "renstra"),
            # Fail fast when Redis is away: a request waits seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if REDIS_URL:
    # Sessions read from the shared cache, written through to the database (survive a
    # Redis restart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Login throttling and lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for
# the same username from the same address, that pair is locked out for the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 0.25))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "renstra.security.client_ip"
AXES_VERBOSE = False
# How many reverse proxies sit in front of the application and append to
# X-Forwarded-For (0: the client connects directly; 1: one nginx or load balancer).
RENSTRA_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# Second factor (django-otp, TOTP): administrators (superusers, region_admin) and
# ratifiers must enrol and enter a code after logging in before reaching any page.
RENSTRA_REQUIRE_2FA = env_bool("RENSTRA_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Renstra")

# Worker heartbeat (the /health/ endpoint): a small task the db_worker runs; the worker
# counts as alive while its last heartbeat is younger than three intervals.
RENSTRA_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("RENSTRA_WORKER_HEARTBEAT_SECONDS", 60))

# Security headers. HTTPS-only settings switch on with SECURE_SSL=1 (behind TLS).
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer probes each node over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto (the proxy must
# overwrite the header from clients). X-Forwarded-Host only when the proxy sets it (opt-in).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL and env_bool("BEHIND_PROXY", True) else None
)
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The nonce is only for the rich-text editor's import map (an inline
    # <script type="importmap">, which browsers cannot load from a file); it is sent only
    # on pages that render one. Every script proper is still a file from 'self'.
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Structured logs: one JSON object per line on stderr (LOG_FORMAT=json, the default
# without DEBUG), each with the request id; plain text for development.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "renstra.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "renstra.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "renstra.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        # Django's own error log goes to the root handler (JSON); no duplicate handler.
        "django": {"level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Plan settings: period lengths the application accepts (domain.md §1: never hard-code five).
RENSTRA_MIN_YEARS = 3
RENSTRA_MAX_YEARS = 6

# Due dates (domain.md §3): days a stage may take before the next step is due. Shown on
# the stage timeline, overdue highlighted, never enforced as a hard stop.
RENSTRA_DUE_DAYS = {
    "rancangan": 14,  # Forum PD about two weeks after the head of region's circular
    "forum_pd": 10,  # submission to Bappeda about ten days after the forum
    "diajukan": 14,  # Bappeda's verification about two weeks
    "verifikasi": 14,
    "rancangan_akhir": 30,  # ratification about one month after the RPJMD by-law
}
