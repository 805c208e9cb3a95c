"""Test settings: fast hashing, captured e-mail, same services as the environment says."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ACCOUNT_RATE_LIMITS = False
# The live-server tests (Channels, browser) need a file-based SQLite test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(env.path("KOERS_TEST_SQLITE", default="test-db.sqlite3"))
    }
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests render every page (they inspect response.context and count queries). The
# page cache's own tests and the permission matrix switch it on (settings fixture).
KOERS_PAGE_CACHE_SECONDS = 0
