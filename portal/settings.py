"""Settings of the CBS Microdata klantportaal, read from the environment.

Every variable is listed in `.env.example`. Helpers fail loudly on malformed values.
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.logs import logging_config
from portal.secret_key import HOW_TO_MAKE_ONE, secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# True under pytest: fast hashing, no manifest for static files, no HTTPS redirects.
TESTING = env_bool("TESTING", "pytest" in sys.modules)
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me" if DEBUG or TESTING else None)

# Without DEBUG the portal does not start with a key others may know (portal/secret_key.py).
if not DEBUG and not TESTING and (_key_problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(f"{_key_problem} {HOW_TO_MAKE_ONE}")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # in the visitor's language

INSTALLED_APPS = [
    "portal",
    "accounts",
    "projects",
    "requests_inbox",
    "awareness",
    "agreements",
    "changes",
    "messaging",
    "institutions",
    "reports",
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "portal.usersessions.UserSessionsConfig",  # allauth.usersessions, sign-in purge in one query
    "django_ckeditor_5",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: every log line of a request carries its id; one line per request.
    "portal.logs.RequestLogMiddleware",
    # Prometheus: requests by view and status, their time and database queries (/metrics).
    "portal.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy, Cross-Origin-Resource-Policy; no-store for signed-in pages.
    "portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's usersessions tracking, writing "last seen" at most once a minute.
    "portal.middleware.UserSessionsMiddleware",
    # Messages before the two below: they tell the user why they were sent elsewhere.
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout before MFA: an idle session ends before anything else is asked of it.
    "portal.middleware.IdleSessionTimeoutMiddleware",
    "portal.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost: an empty 405 from require_POST & co. becomes a page in the user's language.
    "portal.middleware.MethodNotAllowedPageMiddleware",
    # Every call to /api/v1/ made with a token is recorded with its answer's status.
    "institutions.middleware.ApiCallMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
                "messaging.context_processors.messaging",
            ],
            # Django's i18n tags ({% translate %}, {% blocktranslate %}) and our own helpers in
            # every template, without a {% load %} (ADR 0017).
            "builtins": ["django.templatetags.i18n", "portal.templatetags.portal"],
        },
    }
]

# The same templates without HTML escaping, for plain-text mail (portal/mail.py renders the .txt
# and subject templates with it): a name like O'Brien stays O'Brien, not O&#x27;Brien.
TEMPLATES.append(
    {**TEMPLATES[0], "NAME": "text", "OPTIONS": {**TEMPLATES[0]["OPTIONS"], "autoescape": False}}
)

# Database: SQLite under var/ for a zero-setup first run, PostgreSQL (psycopg 3) via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite:")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite: URL.")
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A database that is down, restarting or frozen answers a request with the 503 page
        # within DB_CONNECT_TIMEOUT seconds, never a hung request (portal.views.server_error):
        # one connection attempt that long, and a kept connection's health check no longer
        # (portal/postgresql/base.py). A statement running longer than DB_STATEMENT_TIMEOUT is
        # stopped by the server (0: no limit; bin/release migrates without one).
        DATABASES["default"]["ENGINE"] = "portal.postgresql"
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5),
            options="-c statement_timeout=" + str(env_int("DB_STATEMENT_TIMEOUT", 20) * 1000),
        )
    if DATABASES["default"]["ENGINE"] == "portal.postgresql" and env_bool(
        "DB_PREPARED_STATEMENTS", True
    ):
        # Parameters bound by the server and statements prepared from their second run on the
        # connection: PostgreSQL then plans a query once per connection, not on every request
        # (planning was most of the database's time for the portal's short queries).
        # Set DB_PREPARED_STATEMENTS=0 behind a pooler that cannot keep prepared statements
        # (PgBouncer in transaction mode before 1.21). ADR 0009.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.PortalAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's first recommended configuration (19 MiB, t=2, p=1; portal/hashers.py):
# 0.02-0.03 s of CPU a sign-in, so a burst of sign-ins leaves the other pages served
# (benchmarks/README.md, Login). PBKDF2 stays second: a hash made with it still verifies and is
# replaced by an Argon2id one at that person's next sign-in. Tests hash with MD5 (speed).
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else [
        "portal.hashers.PortalArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
# Invitation links (set your password) are single use and expire after this many seconds.
PASSWORD_RESET_TIMEOUT = env_int("INVITATION_TIMEOUT_SECONDS", 3 * 24 * 3600)

# django-allauth: email login, no open sign-up, MFA.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_DISPLAY = "accounts.adapters.login_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
# A new email address is confirmed with a code mailed to it. (allauth refuses link verification
# for accounts with MFA, which MFA_REQUIRED makes every account.)
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Changing the sign-in address (and the second factors, allauth.mfa's default) asks for the
# password again when the last one is older than five minutes; every such check, and the
# password change's current password, is the portal's one re-authentication (accounts.reauth).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_FORMS = {"change_password": "accounts.reauth.ChangePasswordForm"}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per client: 10 wrong passwords a minute. Per account and client address ("key",
    # accounts.adapters): after 5 in a minute the account pauses for that address for at most
    # that minute; the whole account only on failures from several addresses (accounts.throttle).
    # The owner is mailed, at most once an hour.
    "login_failed": "10/m/ip,5/m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "1/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "CBS Microdata Services"
MFA_FORMS = {
    "add_webauthn": "accounts.mfa_forms.PortalAddWebAuthnForm",
    "edit_webauthn": "accounts.mfa_forms.PortalEditWebAuthnForm",
}
# When true, a signed-in user without MFA is taken to set it up before anything else.
MFA_REQUIRED = env_bool("MFA_REQUIRED", False)
USERSESSIONS_TRACK_ACTIVITY = True

# Sessions end after this many seconds without a request.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"  # every time shown is Dutch time (portal.dutch_time)
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded documents are private: never under STATIC_ROOT, never served by URL; only through
# views that check permission. DOCUMENTS_STORAGE_BACKEND can point at S3 (django-storages).
STORAGES = {
    "default": {
        "BACKEND": env("DOCUMENTS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": "/private-not-served/"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":
    # S3-compatible storage shared by every app server (django-storages). Private: no public ACL,
    # served only through the permission-checked views; short timeouts so a storage outage is a
    # message beside the upload field, not a hung request.
    from botocore.config import Config as _S3Config

    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME", "klantportaal-documents"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", "") or None,
        "region_name": env("AWS_S3_REGION_NAME", "") or None,
        "access_key": env("AWS_ACCESS_KEY_ID", "") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", "") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "client_config": _S3Config(
            connect_timeout=env_int("AWS_S3_TIMEOUT", 10),
            read_timeout=env_int("AWS_S3_TIMEOUT", 10),
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    }
FILE_UPLOAD_PERMISSIONS = 0o640
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
# Together (portal/uploads.py validate_upload_totals): files and bytes in one request, and the
# documents one project may hold. The web server's body limit must allow a request's total
# (README, Deployment); Django refuses more than DATA_UPLOAD_MAX_NUMBER_FILES outright.
MAX_UPLOAD_FILES = env_int("MAX_UPLOAD_FILES", 10)
MAX_UPLOAD_REQUEST_SIZE = env_int("MAX_UPLOAD_REQUEST_SIZE", 25 * 1024 * 1024)
MAX_PROJECT_UPLOAD_SIZE = env_int("MAX_PROJECT_UPLOAD_SIZE", 500 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * MAX_UPLOAD_FILES
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
WHITENOISE_USE_FINDERS = TESTING

# The weekly summary mail of open work to each CBS staff member (portal/work_summary.py).
WORK_SUMMARY_WEEKLY = env_bool("WORK_SUMMARY_WEEKLY", True)

# Mail (Django 6.1 MAILERS). Tests use locmem; development prints to the console; production SMTP.
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CBS Microdata Services <microdata@cbs.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The mail outbox (portal.mail): a failed send is tried again after MAIL_RETRY_SECONDS, doubling
# each time, at most MAIL_MAX_ATTEMPTS times; then it waits in the admin to be sent again. A send
# claimed by a worker that died is taken over when its claim runs out (a few SMTP timeouts).
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
MAIL_CLAIM_SECONDS = 3 * env_int("EMAIL_TIMEOUT", 30) + 5
# CBS's own mailbox: told of customers' actions on projects without a CBS contact person, and
# of questions to Klantenservice.
CBS_MAILBOX = env("CBS_MAILBOX", "microdata@cbs.nl")
# Absolute base of links in emails (invitations, actions, reminders). Unset, it is the address
# the development server listens on (``PORT``, as bin/demo takes it), so the demo's mail links
# reach the demo also when it runs elsewhere than 127.0.0.1:8000.
_SERVER_ADDRESS = os.environ.get("PORT") or "127.0.0.1:8000"
if ":" not in _SERVER_ADDRESS:  # PORT=8300: 127.0.0.1:8300, as bin/demo reads it
    _SERVER_ADDRESS = f"127.0.0.1:{_SERVER_ADDRESS}"
PORTAL_BASE_URL = env("PORTAL_BASE_URL", f"http://{_SERVER_ADDRESS}")
# /.well-known/security.txt (RFC 9116): where to report a vulnerability (a mailto: or https:
# address), the disclosure policy's address (optional) and until when the file holds (an ISO
# 8601 date or date and time; empty: 180 days from the day it is read). portal.views.security_txt.
SECURITY_CONTACT = env("SECURITY_CONTACT", f"mailto:{CBS_MAILBOX}")
SECURITY_POLICY_URL = env("SECURITY_POLICY_URL", "")
SECURITY_TXT_EXPIRES = env("SECURITY_TXT_EXPIRES", "")
if SECURITY_TXT_EXPIRES:
    try:
        datetime.datetime.fromisoformat(SECURITY_TXT_EXPIRES)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SECURITY_TXT_EXPIRES must be an ISO 8601 date, not {SECURITY_TXT_EXPIRES!r}."
        ) from exc

# Django's Tasks framework: immediate in development and tests, database worker in production.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
    }
}


def cache_from_url(url: str, *, local: bool) -> dict:
    """CACHE_URL as a Django cache: redis://… (shared), db:// (the database table "cache"),
    locmem:// (this process only: the rate limits and messaging's kept unread counts then hold per
    process, so only for a single process). Empty: memory in development and tests, the database in
    production, so that rate limits are shared by every worker and server without Redis too."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            # Django's Redis cache; while Redis is away, each process's memory (portal/cache.py).
            "BACKEND": "portal.cache.RedisWithFallbackCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "klantportaal"),
            # A Redis that is away answers within seconds, not a hung request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    if url == "db://" or (not url and not local):
        # Django's default of 300 entries would cull the rate limits and each user's kept unread
        # counts (messaging/unread.py, three entries a user) once a few hundred people are busy.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if url == "locmem://" or not url:
        # As above: what is kept until a write (portal.kept) has a stamp per person and project
        # besides, some hundred for Mijn instelling's lists of one institution.
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    raise ImproperlyConfigured(f"CACHE_URL must be redis://…, db:// or locmem://, not {url!r}.")


# The rate limits (allauth's and accounts/throttle.py) are kept in this cache.
CACHES = {
    "default": cache_from_url(env("CACHE_URL", ""), local=DEBUG or TESTING),
    # Fragments of pages ({% cache … using="fragments" %}: the page frame in base.html, Home's
    # rows): each process's own memory, no query or round trip. Their keys hold everything they
    # show (language, the links shown, the current page, the counts and rows), so nothing kept is
    # ever stale and each worker fills its own.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Behind this many proxies of our own, the client address is the one they put in
# X-Forwarded-For (allauth's get_client_ip, used by every rate limit). 0: REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)

# Security headers. The Content Security Policy allows no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by portal.middleware.SecurityHeadersMiddleware (Django has no setting for these two).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Features the portal never uses are off (security keys keep their default: this site only).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Framing is denied; only the inline PDF views opt in to being framed by our own pages.
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
_secure_cookies = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid" if _secure_cookies else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if _secure_cookies else "csrftoken"
LANGUAGE_COOKIE_NAME = "__Host-language" if _secure_cookies else "django_language"
LANGUAGE_COOKIE_SECURE = _secure_cookies
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Flash messages: a cookie like the session's (Secure, HttpOnly, SameSite, __Host- prefix).
MESSAGE_STORAGE = "portal.message_storage.MessageStorage"
MESSAGE_COOKIE_NAME = "__Host-messages" if _secure_cookies else "messages"

# Rich text: CKEditor 5 without image upload (the sanitizer drops images from other origins).
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "underline",
                "strikethrough",
                "|",
                "bulletedList",
                "numberedList",
                "|",
                "link",
                "blockQuote",
                "|",
                "undo",
                "redo",
            ]
        },
        "language": "nl",
    }
}
# The editor's own image upload is not routed at all (its URLs are not included).

# JSON lines on stdout, UTC, with the request id and the user id (portal/logs.py).
LOGGING = logging_config(env("LOG_LEVEL", "WARNING" if TESTING else "INFO"))

# Errors to Sentry or GlitchTip, nothing personal in them (portal/errors.py); empty: not sent.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN and not TESTING:
    from portal import errors as _errors

    _errors.init(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"))

# Readiness details (/readyz) and the metrics (/metrics) for callers with
# "Authorization: Bearer <MONITORING_TOKEN>" (empty: staff only).
MONITORING_TOKEN = env("MONITORING_TOKEN", "")

# Awareness test (awareness app): a pass is valid for this many days after the day it was taken.
AWARENESS_VALIDITY_DAYS = env_int("AWARENESS_VALIDITY_DAYS", 365)
# Years a closed project's archive is kept before its documents and personal data are removed
# (CBS's rule: five); CBS may set another period when closing or extend it on request.
ARCHIVE_YEARS = env_int("ARCHIVE_YEARS", 5)
# The register of personal data (portal.privacy): how long each kind is kept. Signed project
# agreements are contracts, kept this many years after the project's end (its closing day).
AGREEMENT_YEARS = env_int("AGREEMENT_YEARS", 7)
# A declined account request is removed this many days after the decision.
ACCOUNT_REQUEST_DAYS = env_int("ACCOUNT_REQUEST_DAYS", 30)
# The recipients, subject and text of a sent mail are removed this many days after sending.
MAIL_BODY_DAYS = env_int("MAIL_BODY_DAYS", 30)
# A question to Klantenservice is removed this many days after its last message.
QUESTION_DAYS = env_int("QUESTION_DAYS", 730)
# A person who left their institution (Uit dienst melden) is anonymised this many days later,
# once no project archive still needs their data.
PERSON_LEFT_DAYS = env_int("PERSON_LEFT_DAYS", 365)
# The back office's own change log (Django admin) is removed after this many days.
ADMIN_LOG_DAYS = env_int("ADMIN_LOG_DAYS", 365)
# The log of calls to an institution's API (with the caller's address) after this many days.
API_LOG_DAYS = env_int("API_LOG_DAYS", 365)
# "Mijn gegevens downloaden": at most this many downloads per person an hour.
PERSONAL_DOWNLOADS_PER_HOUR = env_int("PERSONAL_DOWNLOADS_PER_HOUR", 3)
