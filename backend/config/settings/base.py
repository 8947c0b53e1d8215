"""Settings for every environment; production differs only through environment variables."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

from config.env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Keys Django's own `check --deploy` would call insecure (W009): short, low variety or generated-for-dev.
_INSECURE_KEY_PREFIXES = ("django-insecure", "change-me", "changeme", "dev-only")


def _secret(name: str, dev_default: str) -> str:
    value: str = env.str(name, default="")
    if DEBUG:
        return value or dev_default
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is off.")
    if len(value) < 50 or len(set(value)) < 5 or value.lower().startswith(_INSECURE_KEY_PREFIXES):
        raise ImproperlyConfigured(
            f"{name} is insecure: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    return value


def _whole_number(name: str, default: int, maximum: int, minimum: int = 0) -> int:
    raw = env.str(name, default=str(default)).strip()
    if not (raw.isascii() and raw.isdigit() and minimum <= int(raw) <= maximum):
        raise ImproperlyConfigured(
            f"{name}={raw!r}: use a whole number from {minimum} to {maximum} (default {default})."
        )
    return int(raw)


SECRET_KEY = _secret("DJANGO_SECRET_KEY", "django-insecure-dev-only-secret-key-do-not-use-in-production")
JWT_SIGNING_KEY = _secret("JWT_SIGNING_KEY", "dev-only-jwt-signing-key-separate-from-the-django-secret-key")
if JWT_SIGNING_KEY == SECRET_KEY:
    raise ImproperlyConfigured("JWT_SIGNING_KEY must differ from DJANGO_SECRET_KEY.")

BACKEND_PORT = env.int("BACKEND_PORT", default=8000)
FRONTEND_PORT = env.int("FRONTEND_PORT", default=3000)
FRONTEND_URL = env.str("FRONTEND_URL", default=f"http://localhost:{FRONTEND_PORT}")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CORS_ALLOWED_ORIGINS = env.list("DJANGO_CORS_ALLOWED_ORIGINS", default=[FRONTEND_URL])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[FRONTEND_URL])
# The API authenticates with bearer tokens, never cookies, so browsers get no credentialed CORS.
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/api/.*$"

# Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed: the Next.js server, nginx.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # django.contrib.admin with the sign-in of accounts.admin_site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "tokens",
    "usersessions",
    "audit",
    "notifications",
    "mfa",
    "social",
    "benchmarks",
]

# The Django admin (staff only; its sign-in has the API's limits and events). Off: its paths answer 404 like any
# unknown path. DJANGO_ADMIN_PATH moves it: one path segment, e.g. "staff-7f3a" serves /staff-7f3a/.
ADMIN_ENABLED = env.bool("DJANGO_ADMIN_ENABLED", default=True)
ADMIN_PATH = env.str("DJANGO_ADMIN_PATH", default="admin")
# The admin sign-in asks staff for their second factor (a TOTP or recovery code), and refuses staff without one.
ADMIN_REQUIRE_MFA = env.bool("DJANGO_ADMIN_REQUIRE_MFA", default=not DEBUG)
if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", ADMIN_PATH) or ADMIN_PATH in ("api", "static"):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_PATH={ADMIN_PATH!r}: use one path segment of letters, digits, '-' and '_' without slashes "
        "(e.g. staff-admin), other than 'api' and 'static'."
    )
# The OpenAPI schema (/api/schema/) and Swagger UI (/api/docs/): on by default only with debug on.
API_DOCS = env.bool("DJANGO_API_DOCS", default=DEBUG)

# The views bench/run.py measures under /api/bench/ (config/urls.py: do-nothing views, simplejwt peers, one password
# verification): never in a real deployment.
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)

MIDDLEWARE = [
    # The request id and the one log line and HTTP metrics per request (README "Observability"): outermost, so the
    # line covers every other middleware's answer too.
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    # /api/health/live and /ready for the kubelet, before host validation (whose Host is the pod IP) and DRF.
    # /metrics for Prometheus (off while METRICS_TOKEN is unset), for the same reasons as the probes below; first,
    # so that its own port (METRICS_PORT) answers nothing else.
    "core.middleware.MetricsEndpointMiddleware",
    "usersessions.api.health.HealthProbeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.middleware.ApiNoStoreMiddleware",
    # Sessions, Django's request.user and messages: the admin's, skipped for the token API (core.middleware).
    "core.middleware.PageSessionMiddleware",
    # Activates the language of Accept-Language (the Next.js server forwards the user's choice there): after the
    # sessions and CORS, before CommonMiddleware, as Django documents. The default and fallback is LANGUAGE_CODE.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.PageAuthenticationMiddleware",
    "core.middleware.PageMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the mail worker write concurrently: take the write lock up front and wait for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is unreachable, so requests answer 503 instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=3)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, reusing one client object per connection pool (core/cache.py).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="latchkey"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name")},
    },
    # Its minimum is accounts.validators.PASSWORD_MIN_LENGTH, which the frontend's forms mirror: no OPTIONS here.
    {"NAME": "accounts.validators.PasswordLengthValidator"},
    # Also the stand-in for the breach check below while the breach corpus cannot be reached.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.ContextWordsValidator"},
    {"NAME": "accounts.validators.BreachedPasswordValidator"},
]
# ASVS 6.2.12: the Pwned Passwords range API (k-anonymity: only the first 5 hex digits of the password's SHA-1 leave
# this server, and answers are padded). On by default with debug off; off in development, so `make dev` never waits
# on the internet. "" turns it off; a mirror of the range API (same path shape) may stand in for the public one.
BREACHED_PASSWORDS_URL = env.str(
    "BREACHED_PASSWORDS_URL", default="" if DEBUG else "https://api.pwnedpasswords.com/range/"
)
# Seconds for each step of the request (connect, send, read) and for the whole answer (accounts.validators); past it
# (or on any error) the common-password list above is all that is checked.
BREACHED_PASSWORDS_TIMEOUT = env.float("BREACHED_PASSWORDS_TIMEOUT", default=1.0)

# API messages and mails come from the catalogues in backend/locale (README "Languages"). LANGUAGES is the closed set
# a user's `language` may take; regional variants (de-AT, ar-EG) fall back to these.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The admin's and the API docs' assets are served by the app itself (WhiteNoise), so one container suffices.
# After `collectstatic` (the image runs it): hashed, compressed names from STATIC_ROOT. Without it (`make dev` with
# debug off), plain names straight from the apps' static folders, with a warning (core.checks), instead of a 500.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.staticfiles.ManifestOptionalStaticFilesStorage"},
}
STATIC_MANIFEST_PRESENT = (STATIC_ROOT / "staticfiles.json").is_file()
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_MANIFEST_PRESENT
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# JSON bodies above this size are refused with 413 before parsing.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["usersessions.authentication.SessionJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.negotiation.FirstRendererNegotiation",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "register": env.str("THROTTLE_RATE_REGISTER", default="20/hour"),
        "login": env.str("THROTTLE_RATE_LOGIN", default="10/min"),
        # Passwordless sign-in options: fetched on every visit of the login page (conditional UI).
        "passkey": env.str("THROTTLE_RATE_PASSKEY", default="60/min"),
        "refresh": env.str("THROTTLE_RATE_REFRESH", default="60/min"),
        "password_reset": env.str("THROTTLE_RATE_PASSWORD_RESET", default="5/hour"),
        "email": env.str("THROTTLE_RATE_EMAIL", default="10/hour"),
        "account": env.str("THROTTLE_RATE_ACCOUNT", default="20/hour"),
    },
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# Mail: printed to the console by default; EMAIL_URL picks SMTP (smtp+tls://user:pass@host:587) or another backend.
vars().update(env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://"))
if env.str("EMAIL_FILE_PATH", default=""):
    # One file per message, for browser tests that follow the emailed links.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Latchkey <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Mail leaves the request path through a database-backed queue; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Account lifecycle (read through accounts.conf.app_settings). Timeouts in seconds. Reset and email-change links grant
# a password or an address, so they live 10 minutes (ASVS 6.5.5) and at most an hour; a verification link grants only
# the verified flag and may live days. LINK_RESEND_WINDOW: how long after a reset link expired its page still offers
# to send a new one in one click (0: never); older links are just invalid (README "Emailed links").
PASSWORD_RESET_TIMEOUT = _whole_number("PASSWORD_RESET_TIMEOUT", 600, minimum=1, maximum=3600)
ACCOUNT_EMAIL_CHANGE_TIMEOUT = _whole_number("EMAIL_CHANGE_TIMEOUT", 600, minimum=1, maximum=3600)
ACCOUNT_EMAIL_VERIFICATION_TIMEOUT = _whole_number(
    "EMAIL_VERIFICATION_TIMEOUT", 3 * 24 * 3600, minimum=1, maximum=30 * 24 * 3600
)
ACCOUNT_LINK_RESEND_WINDOW = _whole_number("LINK_RESEND_WINDOW", 24 * 3600, maximum=30 * 24 * 3600)
# How long before a caller's deadline (X-Request-Deadline, core.deadline) a sign-in is already refused: the most the
# Next.js server's clock may run ahead of this one, plus the time an answer takes to get back. Only ever refuses.
REQUEST_DEADLINE_MARGIN_MS = env.int("REQUEST_DEADLINE_MARGIN_MS", default=1000)
ACCOUNT_EMAIL_VERIFICATION_REQUIRED = env.bool("ACCOUNT_EMAIL_VERIFICATION_REQUIRED", default=False)

# Two-factor authentication and passkeys (the mfa app). The relying party ID is the web app's domain; the origins
# are every origin the web app is served from (the browser reports the page's origin, not the API's).
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=urlsplit(FRONTEND_URL).hostname or "localhost")
WEBAUTHN_RP_NAME = env.str("WEBAUTHN_RP_NAME", default="Latchkey")
WEBAUTHN_ORIGINS = env.list("WEBAUTHN_ORIGINS", default=[FRONTEND_URL])

# Sign-in with other identity providers (social): only the environment configures them (the names are a contract).
# SOCIAL_PROVIDERS=corp,google,github enables them; per provider SOCIAL_<NAME>_CLIENT_ID and _CLIENT_SECRET, and for
# a generic OpenID Connect provider _ISSUER and _LABEL. `google`, `microsoft` and `github` are presets (social.conf).
# _TRUST_MFA=true: an ID token whose `amr` says "mfa" counts as our second factor too. _URL and _API_URL move the
# github preset to a GitHub Enterprise Server; _TENANT picks a Microsoft Entra tenant (default "common").
SOCIAL_PROVIDERS = {
    name: {
        option: env.str(f"SOCIAL_{name.upper().replace('-', '_')}_{option.upper()}", default="")
        for option in ("client_id", "client_secret", "issuer", "label", "trust_mfa", "url", "api_url", "tenant")
    }
    for name in env.list("SOCIAL_PROVIDERS", default=[])
    if name.strip()
}
# Seconds a provider may take to answer one request (discovery, token, JWKS, user API).
SOCIAL_HTTP_TIMEOUT = env.float("SOCIAL_HTTP_TIMEOUT", default=5.0)
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Latchkey")
# Step-up: seconds during which a sign-in or re-authentication allows sensitive changes (usersessions.stepup).
REAUTH_WINDOW = env.int("REAUTH_WINDOW", default=600)
# Pages of the Next.js app that emailed links open; links never point at the API.
ACCOUNT_FRONTEND_PATHS = {
    "verify_email": "/verify-email",
    "reset_password": "/reset-password",
    "confirm_email_change": "/confirm-email-change",
    "login": "/login",
    "forgot_password": "/forgot-password",
}
# Refuses unverified logins with 403 `email_not_verified`, but only after the password was right.
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailVerificationBackend"]

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env.int("JWT_ACCESS_TOKEN_LIFETIME", default=5 * 60)),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env.int("JWT_REFRESH_TOKEN_LIFETIME", default=7 * 24 * 3600)),
    # Rotation, reuse detection and revocation are done by the usersessions app, not simplejwt's blacklist.
    "ROTATE_REFRESH_TOKENS": True,
    "UPDATE_LAST_LOGIN": False,
    # ES256 keys live in the database (tokens app), encrypted with JWT_SIGNING_KEY, and are published as a JWKS.
    "ALGORITHM": "ES256",
    "AUTH_TOKEN_CLASSES": ("tokens.jwt.SessionAccessToken",),
    "AUDIENCE": env.str("JWT_AUDIENCE", default="latchkey-api"),
    "ISSUER": env.str("JWT_ISSUER", default="latchkey"),
    "LEEWAY": 0,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}

# A refresh token replayed within this many seconds of its rotation gets the same successor (parallel tabs);
# later, the replay is treated as theft and the session is revoked.
SESSION_REFRESH_GRACE_SECONDS = env.int("SESSION_REFRESH_GRACE_SECONDS", default=10)
# No session lives longer than this, however often it is refreshed; refresh tokens themselves expire after
# JWT_REFRESH_TOKEN_LIFETIME of inactivity.
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=30 * 24 * 3600)
# Security events (audit app) older than this many days are deleted by `manage.py cleanup_sessions`, in batches.
# 0 keeps them forever (the table then grows without bound); anything but a whole number up to 36500 (100 years)
# refuses to start.
SECURITY_EVENT_RETENTION_DAYS = _whole_number("SECURITY_EVENT_RETENTION_DAYS", 365, maximum=36500)
# With Redis: revocations are pushed to every process (pub/sub, acknowledged before the revoking request returns),
# so checking a token costs no round trip. Off: one Redis round trip per authenticated request.
SESSION_REVOCATION_PUSH = env.bool("SESSION_REVOCATION_PUSH", default=True)

SPECTACULAR_SETTINGS = {
    "TITLE": "Latchkey API",
    "DESCRIPTION": "Sign up, log in and manage a session with JSON Web Tokens.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI assets are served from this server, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_service_unavailable",
    ],
}

# Production hardening. TLS may terminate at a reverse proxy; then set DJANGO_SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Health checks and probes speak plain HTTP inside the cluster or container.
SECURE_REDIRECT_EXEMPT = [r"^api/health/((live|ready)/?)?$", r"^metrics/?$"]
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Observability (README "Observability"). Logs: one JSON object per line (python-json-logger) when LOG_FORMAT=json,
# the default with debug off; "plain" text lines for `make dev`. Every line carries the request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or plain.")
LOG_FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        # django.request passes the request object along: its repr holds the query string (emailed keys).
        "reserved_attrs": [*RESERVED_ATTRS, "request"],
    },
    "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdLogFilter"}},
    "formatters": {"default": LOG_FORMATTERS[LOG_FORMAT]},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Request bodies never reach the logs; django.request logs only the path and status. The request log
    # (core.middleware.RequestLogMiddleware) is the one line per request; runserver's own would be a second.
    # httpx logs each request's URL at INFO: for the breach check that is a prefix of the password's SHA-1.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

# Metrics: GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`, and 404 while it is unset.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# A port of its own for /metrics (backend/bin/serve-api binds it too): then only that port serves /metrics, and it
# serves nothing else, so a network policy can let the scraper reach it without reaching the API. 0: the API's port.
METRICS_PORT = env.int("METRICS_PORT", default=0)
# Where gunicorn's workers keep their metric values for each other (prometheus-client multiprocess mode; it reads
# the variable itself): backend/bin/serve-api sets it. Unset: one process, values in memory.
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
# Gauges computed at scrape time (callables returning a prometheus-client Collector).
METRICS_SCRAPE_COLLECTORS = ["notifications.metrics.MailQueueCollector"]

# Traces: OpenTelemetry, only when an OTLP endpoint is configured (the SDK is not even imported otherwise). The
# exporter reads the standard OTEL_* variables itself (OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER...).
OTEL_EXPORTER_OTLP_ENDPOINT = env.str("OTEL_EXPORTER_OTLP_ENDPOINT", default="")
OTEL_SERVICE_NAME = env.str("OTEL_SERVICE_NAME", default="latchkey-api")
