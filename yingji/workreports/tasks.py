from celery import shared_task
from django.utils import timezone

from yingji.workreports import services


@shared_task(name="yingji.workreports.tasks.schedule_current_year")
def schedule_current_year() -> int:
    """Keep this year's due reports complete: new divisions, templates and campaigns get theirs (idempotent)."""
    return services.schedule(timezone.localdate().year)
