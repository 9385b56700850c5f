"""Background jobs: the periodic deadline scan (Celery beat entry added in IncidentsConfig.ready)."""

from celery import shared_task

from yingji.incidents import services


@shared_task(name="yingji.incidents.tasks.deadline_scan")
def deadline_scan() -> dict[str, int]:
    """Idempotent: a re-run flags and notifies nothing twice."""
    return services.scan()
