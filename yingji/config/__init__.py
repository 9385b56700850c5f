# Loaded with Django so that every `@shared_task` binds to yingji's Celery app and its settings.
from yingji.config.celery import app as celery_app

__all__ = ["celery_app"]
