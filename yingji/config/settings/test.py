"""Tests: SQLite unless DATABASE_URL points elsewhere; fast hashing; no network."""

import tempfile
from pathlib import Path

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
# Each test gets its own MEDIA_ROOT (conftest.py); STATIC_ROOT only has to exist for whitenoise.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "yingji-test-media"
STATIC_ROOT = Path(tempfile.gettempdir()) / "yingji-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
ALLOWED_HOSTS = ["*"]
