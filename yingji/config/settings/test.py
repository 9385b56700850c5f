"""Tests: SQLite unless DATABASE_URL points elsewhere; fast hashing; no network."""

import tempfile

from yingji.config.settings.base import *  # noqa: F403
from yingji.config.settings.base import DATABASES, env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not env.str("DATABASE_URL", default=""):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="yingji-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="yingji-static-")
ALLOWED_HOSTS = ["*"]
