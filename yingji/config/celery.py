"""The Celery application: `celery -A yingji.config worker` / `celery -A yingji.config beat`.

Tasks live in each capability's `tasks.py` as `@shared_task`; without CELERY_BROKER_URL they run
in-process (settings.base), so the demo needs no broker and no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.production")

app = Celery("yingji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
