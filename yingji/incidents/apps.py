from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "yingji.incidents"
    label = "incidents"
    verbose_name = _("突发事件信息报送")

    def ready(self) -> None:
        from django.conf import settings

        from yingji.incidents import attention, permissions, registers  # noqa: F401

        # The deadline scan runs every minute: a minute is the unit every reporting rule counts in.
        settings.CELERY_BEAT_SCHEDULE.update({
            "incidents-deadline-scan": {"task": "yingji.incidents.tasks.deadline_scan", "schedule": 60.0},
        })
