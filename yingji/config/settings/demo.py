"""The demo: SQLite under the data directory, safe defaults, one machine."""

from yingji.config.settings.base import *  # noqa: F403
from yingji.config.settings.base import DATA_DIR, env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = SECRET_KEY or env.str("SECRET_KEY", default="")  # noqa: F405
if not SECRET_KEY:
    # A demo on a fresh machine still gets a secret that nobody else has: generated once, kept.
    from django.core.management.utils import get_random_secret_key

    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
