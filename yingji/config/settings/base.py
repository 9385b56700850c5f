"""Settings shared by every deployment; demo, test and production adjust them."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from yingji.config.env import BASE_DIR, data_dir, env

DATA_DIR = data_dir()

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "yingji.core",
    "yingji.audit",
    "yingji.divisions",
    "yingji.api",
    # capabilities (MISSION.md): plans, drills, training & publicity; resources; duty & reporting;
    # monitoring & warnings
    "yingji.plans",
    "yingji.drills",
    "yingji.training",
    "yingji.publicity",
    "yingji.teams",
    "yingji.experts",
    "yingji.shelters",
    "yingji.supplies",
    "yingji.resources",
    "yingji.messaging",
    "yingji.duty",
    "yingji.incidents",
    "yingji.workreports",
    "yingji.monitoring",
    "yingji.earlywarning",
    "yingji.hazards",
    "yingji.response",
    # readiness (六有/七有) is scored from all the registers above
    "yingji.readiness",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yingji.divisions.middleware.ActiveDivisionMiddleware",
    "yingji.divisions.middleware.UserLanguageMiddleware",
    "yingji.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yingji.config.urls"
WSGI_APPLICATION = "yingji.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yingji.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'yingji.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a long import writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "divisions.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# 等保2.0 身份鉴别 a/b (RULES.md §11.2): complex passwords, limited failed logins, idle logout.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "yingji.divisions.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
AXES_FAILURE_LIMIT = env.int("YINGJI_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("YINGJI_LOCKOUT_MINUTES", default=10))
# Locking per account, not per address: offices share one NAT address on the government intranet,
# and an address lock would shut a whole township out after one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

SESSION_COOKIE_AGE = env.int("YINGJI_IDLE_TIMEOUT_SECONDS", default=600)
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(DATA_DIR / "media"))

NINJA_PAGINATION_CLASS = "ninja.pagination.PageNumberPagination"
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

YINGJI_PAGE_SIZE = 20
YINGJI_EXPORT_MAX_ROWS = env.int("YINGJI_EXPORT_MAX_ROWS", default=100_000)
YINGJI_IMPORT_MAX_ROWS = env.int("YINGJI_IMPORT_MAX_ROWS", default=10_000)
YINGJI_IMPORT_MAX_BYTES = env.int("YINGJI_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Plan attachments (PDF/DOCX/DOC/WPS) are kept outside MEDIA_ROOT, served only by a permission-checked view.
YINGJI_PLAN_ATTACHMENT_MAX_BYTES = env.int("YINGJI_PLAN_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
YINGJI_PLAN_FILES_ROOT = env.str("YINGJI_PLAN_FILES_ROOT", default="")  # empty: <data dir>/plan-files

# Rate limits and lockouts must be shared by every web worker: Redis in production, memory in the demo.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

YINGJI_BEHIND_PROXY = env.bool("YINGJI_BEHIND_PROXY", default=False)  # trust X-Real-IP for audit addresses

# Without a broker (the demo, a laptop) background jobs run in-process, at the call; with one,
# `celery -A yingji.config worker` and `… beat` run them (docs/deployment.md).
CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-job leaves it for another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}  # capabilities add their periodic jobs in their AppConfig.ready()
MQTT_URL = env.str("MQTT_URL", default="")

# Channel layer (yingji/messaging): an HTTP SMS gateway taking {"phone", "text"}; empty = the built-in
# local gateway that only records messages (demo, tests).
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
MESSAGING_HTTP_TIMEOUT = env.int("MESSAGING_HTTP_TIMEOUT", default=10)
MESSAGING_MAX_ATTEMPTS = env.int("MESSAGING_MAX_ATTEMPTS", default=5)
MESSAGING_CLAIM_LEASE_SECONDS = 300
# Early warnings (yingji/earlywarning): the broadcast platform (应急广播/大喇叭) and the CAP identity.
YINGJI_BROADCAST_URL = env.str("YINGJI_BROADCAST_URL", default="")
# An intranet tile server, e.g. "https://tiles.example.gov.cn/{z}/{x}/{y}.png"; empty: maps draw points on a
# plain background (no tile service is reachable from most government intranets).
YINGJI_MAP_TILE_URL = env.str("YINGJI_MAP_TILE_URL", default="")
YINGJI_CAP_INSTITUTION_CODE = env.str("YINGJI_CAP_INSTITUTION_CODE", default="000")  # GB/T 4657 code
YINGJI_CAP_SENDER_DOMAIN = env.str("YINGJI_CAP_SENDER_DOMAIN", default="yingji.local")
# Incident reporting: how long before a deadline its owner is reminded.
INCIDENTS_NEAR_DEADLINE_MINUTES = env.int("INCIDENTS_NEAR_DEADLINE_MINUTES", default=30)  # a claim older than this belonged to a worker that died

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"axes": {"level": "ERROR"}},
}
NINJA_MAX_PER_PAGE_SIZE = NINJA_PAGINATION_MAX_PER_PAGE_SIZE
