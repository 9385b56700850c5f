"""Production: refuses to start without the settings that must never default."""

from django.core.exceptions import ImproperlyConfigured

from yingji.config.settings.base import *  # noqa: F403
from yingji.config.settings.base import env

for required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not env.str(required, default=""):
        raise ImproperlyConfigured(f"{required} must be set in production")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
