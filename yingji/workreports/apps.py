from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkreportsConfig(AppConfig):
    name = "yingji.workreports"
    label = "workreports"
    verbose_name = _("工作报告")

    def ready(self) -> None:
        from django.conf import settings

        from yingji.workreports import attention, permissions, registers  # noqa: F401

        settings.CELERY_BEAT_SCHEDULE.update({
            "workreports-schedule": {"task": "yingji.workreports.tasks.schedule_current_year", "schedule": 3600.0},
        })
