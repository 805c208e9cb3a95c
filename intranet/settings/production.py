"""Production settings: refuse to start without real secrets, and tighten security.

`manage.py check --deploy` is clean with SECRET_KEY, ALLOWED_HOSTS and
WAGTAILADMIN_BASE_URL set (tests/intranet/test_settings.py proves it).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

from .base import *  # noqa: F403
from .base import env

DEBUG = False
try:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY and ALLOWED_HOSTS in the environment."
    ) from exc
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("koers-dev"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a long random value (50+ characters)."
    )
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's host names (not '*')."
    )

# Every absolute link (password reset, API `url` fields, feeds) is built from the
# site URL (intranet/site_url.py), so it must be set, served here, and https.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="")
_site = urlsplit(WAGTAILADMIN_BASE_URL)
_site_host = split_domain_port(_site.netloc)[0]
if not (_site.scheme in ("http", "https") and _site_host):
    raise ImproperlyConfigured(
        "Production needs WAGTAILADMIN_BASE_URL, the site's public URL "
        "(e.g. https://intranet.example.org)."
    )
if not validate_host(_site_host, ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"The host of WAGTAILADMIN_BASE_URL ({_site_host}) must be in ALLOWED_HOSTS."
    )
# Plain http only for a loopback site (deploy/topology's local proxy).
if _site.scheme != "https" and _site_host not in ("127.0.0.1", "localhost", "[::1]"):
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be an https:// URL.")

CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)
LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")  # noqa: F405
