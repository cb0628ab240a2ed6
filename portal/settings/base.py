"""Settings shared by every environment. Values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "meetings",
    "documents",
    "contracts",
    "papers",
    "oparl",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.pagecache.PageCacheMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.ViewerMiddleware",
    "portal.middleware.StaffMFAMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database answers with the 503 page at once instead of hanging the worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: one all processes share, always (login rate limits, the page cache's purge version).
# Redis when configured (portal.cache.RedisCache: an unreachable Redis is a cache miss, never an
# error page), otherwise Django's database cache in the table `migrate` creates. Never a
# per-process memory cache outside the tests (`portal.checks`).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Built meeting packs (Sitzungsmappen, meetings/pack.py): PDFs and ZIPs of several megabytes, kept in
# files, not in Redis or the database. Their keys are digests of everything they are built from, so a
# change never serves an old pack; old entries expire or are culled. Tests use the default cache.
CACHES["meeting_packs"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("MEETING_PACK_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "meeting-packs")),
    "TIMEOUT": 7 * 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("MEETING_PACK_CACHE_ENTRIES", "300"))},
}

# Page cache for anonymous visitors (portal/pagecache.py): seconds an entry lives; 0 turns it off
# (the default outside production, so edits show at once while developing and testing).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# Stored query strings per path and content version (`?seite=2`, filters, search terms).
PAGE_CACHE_QUERY_VARIANTS = int(os.environ.get("PAGE_CACHE_QUERY_VARIANTS", "100"))

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:members_home"

# Sessions: cached database sessions with an idle timeout.
# Sessions live in the database alone: a logout or password change ends them in every process at
# once, and no cached copy can outlive it (or survive a cache outage).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(2 * 60 * 60)))
# Idle timeout: portal.middleware.IdleTimeoutMiddleware renews the session at most once per
# SESSION_REFRESH_SECONDS (instead of SESSION_SAVE_EVERY_REQUEST's write on every request).
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# django-allauth: e-mail login, closed signup (invitations only), mandatory verification.
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Integrationsportal] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "10/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Integrationsportal"

# Internationalisation: German first. The public pages are offered in the languages of
# PORTAL_LANGUAGES (codes from ALL_LANGUAGES, comma-separated); German is the source language
# and keeps unprefixed URLs, the others live under /<code>/ (portal/i18n.py).
LANGUAGE_CODE = "de"
ALL_LANGUAGES = {
    "de": _("Deutsch"),
    "en": _("Englisch"),
    "bg": _("Bulgarisch"),
    "ro": _("Rumänisch"),
    "tr": _("Türkisch"),
    "ar": _("Arabisch"),
    "uk": _("Ukrainisch"),
}
LANGUAGES = [("de", ALL_LANGUAGES["de"])] + [
    (code, ALL_LANGUAGES[code])
    for code in env_list("PORTAL_LANGUAGES", "en,bg,ro,tr,ar,uk")
    if code in ALL_LANGUAGES and code != "de"
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
# Dates and times in each language's convention ("25.11.2026, 18:00 Uhr" in German).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# Dates are typed the German way in every language (25.11.2026 18:00; ISO too): portal/formats.
FORMAT_MODULE_PATH = "portal.formats"
# The admin's date pickers write German dates and keep what was typed (portal/widgets.py).
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
USE_TZ = True

# Static and media files: collected to an ignored folder and served by whitenoise.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storage_options(environ=os.environ):
    """Uploaded files on S3-compatible object storage, when AWS_STORAGE_BUCKET_NAME is set.

    Objects are private (no public-read ACL, signed URLs only); documents never leave the
    bucket except through the serve view, which streams them after the access check.
    """
    return {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "location": environ.get("AWS_LOCATION", "media"),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, no-store"},
    }


if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage_options()}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Integrationsportal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Seconds before each new attempt at a mail the mail server did not take (then requeue_tasks).
MAIL_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600]

SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@example.org")

# Security headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin needs inline scripts and styles; it gets a relaxed policy of its own.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "frame-src": [_SELF],
    }
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# Wagtail
WAGTAIL_SITE_NAME = "Integrationsportal Hagen"
# The one base URL of every absolute link (OParl ids and web links, e-mails); when not given,
# portal.services.absolute_url uses the default Wagtail Site's root URL.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")
# OParl: the licence of the published data (System and Body) and the folder of the official
# OParl 1.1 JSON schemas the tests validate against (https://github.com/OParl/spec, schema/).
OPARL_LICENSE = os.environ.get("OPARL_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
OPARL_SCHEMA_DIR = os.environ.get("OPARL_SCHEMA_DIR", "")
# No Gravatar: a request to a third-party host (and blocked by the CSP); initials instead (portal/wagtail_hooks.py).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
    # The site search's own index, German-folded, kept by Wagtail's indexing (portal/search_index.py).
    "portal": {"BACKEND": "portal.search_index"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # German stemming: "Sitzungen" finds "Sitzung".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "german"
WAGTAILDOCS_DOCUMENT_MODEL = "documents.PortalDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# One field template for the whole site (portal/templates/portal/field.html).
FORM_RENDERER = "portal.forms.PortalFormRenderer"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "png", "jpg"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.PortalDocumentAdminForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]  # everything else downloads as an attachment
WAGTAILEMBEDS_FINDERS = []  # no third-party requests
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]

# Documents: upload limit in bytes, and an optional clamd socket for the virus scan of uploads.
DOCUMENTS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENTS_MAX_UPLOAD_SIZE", str(25 * 1024 * 1024)))
DOCUMENTS_CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
# Office files (zip archives) may unpack to at most this many bytes, at most this ratio of their
# packed size, with at most this many members (archive bombs are refused at upload).
DOCUMENTS_ARCHIVE_MAX_SIZE = int(os.environ.get("DOCUMENTS_ARCHIVE_MAX_SIZE", str(100 * 1024 * 1024)))
DOCUMENTS_ARCHIVE_MAX_RATIO = int(os.environ.get("DOCUMENTS_ARCHIVE_MAX_RATIO", "200"))
DOCUMENTS_ARCHIVE_MAX_MEMBERS = int(os.environ.get("DOCUMENTS_ARCHIVE_MAX_MEMBERS", "1000"))
# Text extraction runs in a child process with this much memory (bytes) and time (seconds).
DOCUMENTS_EXTRACTION_MEMORY_LIMIT = int(os.environ.get("DOCUMENTS_EXTRACTION_MEMORY_LIMIT", str(512 * 1024 * 1024)))
DOCUMENTS_EXTRACTION_TIMEOUT = int(os.environ.get("DOCUMENTS_EXTRACTION_TIMEOUT", "60"))

# Background tasks (django-tasks; Wagtail's search and reference indexing use them too).
# Tasks run at once in the request unless TASKS_BACKEND names another backend; production uses
# the database backend, whose worker runs as `manage.py db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
