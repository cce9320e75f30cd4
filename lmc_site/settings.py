"""Settings for the LMC site, driven by environment variables.

Development is the default and needs no environment. `DJANGO_ENV=production`
(set by wsgi.py, asgi.py and `make serve`) selects production, which refuses to
start without a proper secret key and never runs with DEBUG on.
"""

import hashlib
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: the embedded database lives here
VAR_DIR.mkdir(exist_ok=True)

ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


if PRODUCTION:
    if os.environ.get("DJANGO_DEBUG") == "1":
        sys.exit("Refusing to start: DJANGO_DEBUG=1 is not allowed in production.")
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if not SECRET_KEY:
        sys.exit("Refusing to start: set DJANGO_SECRET_KEY for production.")
    # The same rule as Django's deploy check (security.W009), enforced at start-up.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        sys.exit(
            "Refusing to start: DJANGO_SECRET_KEY must be at least 50 random characters"
            " and must not start with 'django-insecure'."
        )
    DEBUG = False
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
else:
    # A fixed key is fine for a development machine: production never reads it.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "development-only-key-not-for-production")
    DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "search",
    "lmc_site",
    "projects",
    "timeline",
    "starter_content",
    "images",
    "reversion",
    "editorial",
    "import_export",
]

# What every published item must cite (core/publishing.py): the content's own Source model.
PUBLICATION_SOURCE_MODEL = "projects.Source"

MIDDLEWARE = [
    # Outermost: a HEAD request gets every header a GET would, and no body (lmc_site/responses.py).
    "lmc_site.responses.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lmc_site.health.RequestIdMiddleware",
    "lmc_site.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # Above the page cache, so pages are stored uncompressed and compressed per client.
    "lmc_site.responses.TextGZipMiddleware",
    # Inside the header middleware above, so cached pages get fresh headers; outside the
    # session and the database, so a cached page needs neither.
    "lmc_site.cache.PublicPageCacheMiddleware",
    "lmc_site.health.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lmc_site.two_factor.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.integrity.ProtectedDeleteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lmc_site.urls"

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
                "lmc_site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "lmc_site.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://...) selects another server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers write at once (sign-ins, sessions, edits). A transaction takes the write
    # lock when it begins, and waits up to `timeout` seconds for it, instead of failing with
    # "database is locked" when a read turns into a write; WAL lets pages read meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Stored in UTC, shown in the region's time with the zone named in templates.
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files editors upload; `make backup` archives them with the database.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR", BASE_DIR / "backups"))
SERIALIZATION_MODULES = {"exactjson": "lmc_site.exact_json"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


def env_flag(name, default):
    return os.environ.get(name, default) == "1"


BEHIND_PROXY = False


# Security headers, on every response in every environment (issue 5).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)
# Pages carry no inline script or style, so no nonces: cached pages stay byte-identical.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}

# Uploaded pictures on S3-compatible storage instead of MEDIA_ROOT: optional, and it needs
# `pip install "django-storages[s3]"`. The keys come from the environment variables the S3
# client reads itself (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from this file.
MEDIA_BUCKET = os.environ.get("DJANGO_MEDIA_BUCKET", "")
if MEDIA_BUCKET:
    MEDIA_DOMAIN = os.environ.get("DJANGO_MEDIA_DOMAIN", "")
    if not MEDIA_DOMAIN:
        raise ImproperlyConfigured(
            "DJANGO_MEDIA_BUCKET needs DJANGO_MEDIA_DOMAIN: the host its files are served from."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_MEDIA_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_MEDIA_REGION") or None,
            "custom_domain": MEDIA_DOMAIN,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Pages then load pictures from that host, which the policy must allow.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"https://{MEDIA_DOMAIN}")

# Admin lockout (django-axes): the 6th try for one username from one address within
# 30 minutes of 5 failures is refused, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lmc_site.client_address.client_address"
# Superusers and Publishers give a code from an authenticator app after their password
# (lmc_site/two_factor.py). On in production; DJANGO_ADMIN_2FA=1 turns it on elsewhere.
ADMIN_REQUIRE_2FA = env_flag("DJANGO_ADMIN_2FA", "1" if PRODUCTION else "0")
OTP_TOTP_ISSUER = "LMC site"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Editors sign in again every 12 hours and whenever they close the browser.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if PRODUCTION:
    # Defaults suit a site served over HTTPS; a TLS-terminating proxy sets
    # DJANGO_BEHIND_PROXY=1 (see the README's "Deploying" section).
    SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", "1")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", "1")
    BEHIND_PROXY = env_flag("DJANGO_BEHIND_PROXY", "0")
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe these over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Where the admin lives; another path keeps it out of the way of scanners.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
SITE_NAME = "Lancang-Mekong Cooperation"
CORRECTIONS_EMAIL = os.environ.get("CORRECTIONS_EMAIL", "corrections@lmc-site.example")

# Anonymous public pages are cached (lmc_site/cache.py) for this many seconds; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))
# Pages live in the "pages" cache; "default" holds small, long-lived entries (the pages'
# generation, docs/caching.md) that a burst of new pages must never push out. In production both
# are files under DJANGO_CACHE_DIR, shared by every worker of one host; REDIS_URL shares one
# cache between several hosts. Development keeps local memory unless DJANGO_CACHE_DIR is set, so
# that restarting the server after editing a template never serves the page as it was before.
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR", VAR_DIR / "cache"))
PAGE_CACHE_ENTRIES = int(os.environ.get("DJANGO_PAGE_CACHE_ENTRIES", "20000"))
CACHE_ALIASES = ("default", "pages")
# Sites on different databases never share entries, even in one folder or one Redis.
_database = DATABASES["default"]
CACHE_KEY_PREFIX = hashlib.sha256(
    f"{_database['ENGINE']}|{_database.get('HOST')}|{_database.get('PORT')}|{_database['NAME']}".encode()
).hexdigest()[:12]
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "lmc_site.cache.SafeRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-{alias}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in CACHE_ALIASES
    }
elif PRODUCTION or "DJANGO_CACHE_DIR" in os.environ:
    CACHES = {
        "default": {
            "BACKEND": "lmc_site.cache.PruningFileCache",
            "LOCATION": CACHE_DIR / "default",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "pages": {
            "BACKEND": "lmc_site.cache.PruningFileCache",
            "LOCATION": CACHE_DIR / "pages",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES},
        },
    }
else:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in CACHE_ALIASES
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event on stdout, each with the id of the request it happened in.
    "filters": {"request_id": {"()": "lmc_site.health.RequestIdFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": sys.stdout,
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Spreadsheet import needs the right to add, export the right to view
# (editorial/spreadsheet_admin.py).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
