"""Shared settings. Every service comes from the environment, with embedded defaults.

A fresh checkout boots with zero environment variables: SQLite, the in-memory
channel layer, local-memory cache, console e-mail and database search.
"""

from pathlib import Path
from urllib.parse import urlparse

import environ
from csp.constants import NONE, SELF
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "intranet"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="koers-dev-only-secret-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    # Bilingual taxonomy fields (<app>/translation.py); before the admin, as its
    # documentation asks, so the admin sees the patched models.
    "modeltranslation",
    # Koers apps
    "accounts",
    "home",
    "profiles",
    "feed",
    "roadmaps",
    "purpose",
    "gatherings",
    "search",
    "inbox",
    "intervision",
    "api",
    "intranet.apps.IntranetConfig",  # page-cache invalidation (intranet/cache.py)
    # Wagtail
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
    "django_htmx",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # API
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in viewers' responses: Cache-Control: private, no-store (outside the
    # page cache, which still keeps members' pages under their own keys).
    "intranet.cache_control.PrivateResponsesMiddleware",
    # 400 for NUL and other control characters in path, query string or form fields.
    "intranet.strict_input.RejectControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (django-csp; intranet/csp.py for the admin's policy).
    "intranet.csp.KoersCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # request.htmx: in-place actions answer a fragment, plain POSTs a redirect.
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "intranet.ratelimit.RateLimitMiddleware",
    # Each viewer's own state (bell, menu, reactions, votes, follows) filled into the
    # shared HTML, outside the page cache (intranet/viewer_state.py).
    "intranet.viewer_state.ViewerStateMiddleware",
    # Last, so it wraps the view: the page cache for visitors and members (intranet/cache.py).
    "intranet.cache.PageCacheMiddleware",
]

# Content-Security-Policy: everything from this server, nothing inline (no CDN, no
# external font, no inline script, style or handler; see intranet/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [SELF],
    },
}

ROOT_URLCONF = "intranet.urls"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intranet.context_processors.koers",
            ],
        },
    },
]

WSGI_APPLICATION = "intranet.wsgi.application"
ASGI_APPLICATION = "intranet.asgi.application"

# --- Database -------------------------------------------------------------
# SQLite file by default; DATABASE_URL=postgres://... switches to PostgreSQL
# with psycopg 3 and its connection pool.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # A down database answers in seconds (503 page, intranet/outage.py), not after
    # a long connect; see docs/deployment.md "When a service fails".
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 3)
    if env.bool("DATABASE_POOL", default=True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            # How long a request waits for a connection: short, so an outage
            # shows the 503 page at once instead of holding every worker.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=3),
            # Connections opened while the database was read-only stay so;
            # renewing them bounds how long that outlives the outage.
            "max_lifetime": env.float("DATABASE_POOL_MAX_LIFETIME", default=300),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = (
            0  # the pool replaces persistent connections
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the ASGI server and management commands share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache ---------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis' pub/sub layer, told when it may have missed
            # messages (intranet/channel_layer.py, docs/realtime.md).
            "BACKEND": "intranet.channel_layer.KoersPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # After a Redis restart every pooled connection is dead;
                        # without a retry each one failed its next command once.
                        "retry": Retry(NoBackoff(), 1),
                        "retry_on_error": [RedisConnectionError],
                    }
                ],
                # Redis pub/sub channels ignore the database index: sites (and
                # test runs) sharing one Redis server on different databases
                # would hear each other's broadcasts under one prefix.
                "prefix": env(
                    "CHANNEL_LAYER_PREFIX",
                    default=f"koers{urlparse(REDIS_URL).path.strip('/') or '0'}",
                ),
            },
        }
    }
    CACHES = {
        "default": {
            # Redis down: every cache read misses and every write is dropped,
            # with a log line, so pages and posts still work (intranet/redis_cache.py).
            "BACKEND": "intranet.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="koers"),
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    # Sessions read from Redis on every request, written through to the database
    # (so a Redis restart signs nobody out).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "koers",
        }
    }

# --- E-mail -----------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Koers <noreply@koers.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the accessibility statement (/accessibility/) sends people who meet a barrier.
KOERS_ACCESSIBILITY_CONTACT = env(
    "KOERS_ACCESSIBILITY_CONTACT", default="accessibility@koers.local"
)

# --- Search -------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="koers")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Auth and accounts (django-allauth) ---------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# A duplicate address must be explained on the sign-up form (issue 2); sign-up and
# reset are rate limited per IP, which bounds what enumeration can learn.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    "login": "accounts.login.KoersLoginForm",
    "request_login_code": "accounts.login.KoersRequestLoginCodeForm",
}
# Sign in with a code sent by e-mail (no password to remember); it verifies the address.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Members are greeted by the name they gave, never by the username made from the address.
ACCOUNT_USER_DISPLAY = "accounts.display.member_name"
ACCOUNT_ADAPTER = "accounts.adapter.KoersAccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Koers] "
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False

# Optional single sign-on through OpenID Connect (e.g. Microsoft Entra, Keycloak).
OIDC_SERVER_URL = env("OIDC_SERVER_URL", default="")
# The organisation's own identity provider vouches for its addresses: an address it sends
# counts as verified even without an email_verified claim, so the first sign-in is one step.
# Off: a member whose provider does not say the address is verified confirms it by e-mail
# first, and becomes an employee only then.
KOERS_SSO_TRUST_EMAIL = env.bool("KOERS_SSO_TRUST_EMAIL", default=True)
SOCIALACCOUNT_ADAPTER = "accounts.adapter.KoersSocialAccountAdapter"


def sso_providers(
    *, server_url, client_id, secret, provider_id="sso", name="", trust_email=True
):
    """allauth's OpenID Connect provider settings for the organisation's SSO."""
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name or "Single sign-on",
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": server_url,
                        # PKCE (S256) always: certified providers may require it.
                        "oauth_pkce_enabled": True,
                        # Microsoft Entra ID sends no email_verified claim.
                        "verified_email": trust_email,
                    },
                }
            ]
        }
    }


SOCIALACCOUNT_PROVIDERS = (
    sso_providers(
        server_url=OIDC_SERVER_URL,
        client_id=env("OIDC_CLIENT_ID"),
        secret=env("OIDC_CLIENT_SECRET"),
        provider_id=env("OIDC_PROVIDER_ID", default="sso"),
        name=env("OIDC_PROVIDER_NAME", default="Single sign-on"),
        trust_email=KOERS_SSO_TRUST_EMAIL,
    )
    if OIDC_SERVER_URL
    else {}
)
# Members who sign in through SSO are employees.
KOERS_SSO_MAKES_EMPLOYEE = env.bool("KOERS_SSO_MAKES_EMPLOYEE", default=True)

# Verified addresses on these domains make a member an employee.
KOERS_STAFF_EMAIL_DOMAINS = env.list(
    "KOERS_STAFF_EMAIL_DOMAINS", default=["example.org"]
)

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
# Date formats by name per language ("3 dec 2026" in Dutch): intranet/formats/.
FORMAT_MODULE_PATH = ["intranet.formats"]
# Taxonomy (competences, roles, networks, promises, lanes) in both languages:
# ``<field>_en`` and ``<field>_nl`` columns from django-modeltranslation; reading
# ``<field>`` gives the viewer's language and falls back to the other one.
# Why this library: docs/bilingual-taxonomy.md.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "nl")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "nl")}

# --- Static and media -------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Behind nginx, protected media (intranet/media.py) are handed to an internal
# location with X-Accel-Redirect; without it Django streams the file itself.
KOERS_MEDIA_ACCEL_REDIRECT = env.bool("KOERS_MEDIA_ACCEL_REDIRECT", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ---------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Koers"
# No Gravatar: the admin draws initials locally (accounts/wagtail_hooks.py).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The site's public URL: every absolute link (e-mails, API `url` fields, Atom feeds) is
# built from it by intranet/site_url.py, never from the request's Host header.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Page privacy: "login" = community, the Employees group = staff (see intranet/audience.py).
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"shared_password": False}

# --- API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Personal access tokens first, so a request without credentials gets a 401 with
    # WWW-Authenticate; the site's session (with CSRF) for the browser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone may call; a read-scope token cannot write. Endpoints add their own rules.
    "DEFAULT_PERMISSION_CLASSES": ["accounts.tokens.TokenScope"],
    # JSON nesting is bounded (400, not a RecursionError); forms as DRF's defaults.
    # The API takes JSON only (bounded in depth, no control characters); the site's
    # forms are the place for uploads.
    "DEFAULT_PARSER_CLASSES": [
        "intranet.strict_input.BoundedJSONParser",
    ],
    # Per client IP for visitors, per member otherwise; scaled by KOERS_RATE_LIMIT_SCALE.
    "DEFAULT_THROTTLE_CLASSES": [
        "intranet.api.KoersAnonThrottle",
        "intranet.api.KoersUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "240/min"},
    "EXCEPTION_HANDLER": "intranet.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koers API",
    "DESCRIPTION": "Read and contribute to a Koers community.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
    # The docs page's script comes from this server, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PostKindEnum": "feed.models.Post.Kind",
        "ReactionKindEnum": "feed.models.Reaction.Kind",
        "SignalStatusEnum": "purpose.models.SignalStatus",
    },
}

# --- Koers -------------------------------------------------------------------------
# Rate limits, action: (count, seconds). KOERS_RATE_LIMIT_SCALE multiplies every
# count (e.g. 1000 for a load test from one address; never below 1).
_RATE_LIMIT_SCALE = max(1.0, env.float("KOERS_RATE_LIMIT_SCALE", default=1.0))
KOERS_RATE_LIMIT_SCALE = _RATE_LIMIT_SCALE
KOERS_RATE_LIMITS = {
    "post": (10, 60),
    "comment": (30, 60),
    "reaction": (120, 60),
    "endorse": (60, 60),
    "follow": (60, 60),
    "vote": (60, 60),
    "volunteer": (10, 60),
    "proposal": (5, 60),
    # Reads that cost a query each: per member, or per client IP for visitors.
    "search": (60, 60),
    "autocomplete": (240, 60),
}
KOERS_RATE_LIMITS = {
    action: (int(count * _RATE_LIMIT_SCALE), seconds)
    for action, (count, seconds) in KOERS_RATE_LIMITS.items()
}
# How many reverse proxies in front of Koers add to X-Forwarded-For (nginx: 1).
# Rate limits per visitor (search, sign-up) key on the client address it gives.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("KOERS_TRUSTED_PROXY_COUNT", default=0)
# Purpose Index aggregates are shown only for groups of at least this many people.
KOERS_PURPOSE_INDEX_MIN_GROUP = max(
    3, env.int("KOERS_PURPOSE_INDEX_MIN_GROUP", default=5)
)
# How many missed feed events a reconnecting client may replay before it must reload.
KOERS_FEED_REPLAY_LIMIT = env.int("KOERS_FEED_REPLAY_LIMIT", default=200)
# The live feed socket (docs/realtime.md): positions replayed below a client's
# cursor (live frames from several processes may arrive out of order), the
# per-socket message budget, and how often a socket renews its groups.
KOERS_FEED_REPLAY_OVERLAP = env.int("KOERS_FEED_REPLAY_OVERLAP", default=20)
KOERS_FEED_MESSAGE_BURST = env.int("KOERS_FEED_MESSAGE_BURST", default=20)
KOERS_FEED_MESSAGE_RATE = env.float("KOERS_FEED_MESSAGE_RATE", default=1.0)
# Seconds a socket that sent a bad frame is held, unread, before its close: else a
# hostile client makes the server do one handshake per bad frame, as fast as it
# can reconnect (docs/realtime.md).
KOERS_FEED_REFUSE_LINGER = env.float("KOERS_FEED_REFUSE_LINGER", default=1.0)
# Mount the trivial /bench/baseline view the benchmark compares every page with.
KOERS_BENCH_BASELINE = env.bool("KOERS_BENCH_BASELINE", default=False)
# How long a visitor's cached public page may live (edits invalidate it at once).
KOERS_PAGE_CACHE_SECONDS = env.int("KOERS_PAGE_CACHE_SECONDS", default=60)
# Content reported by this many distinct members is hidden until a manager
# reviews it (0 turns threshold hiding off).
KOERS_REPORT_HIDE_THRESHOLD = env.int("KOERS_REPORT_HIDE_THRESHOLD", default=3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
