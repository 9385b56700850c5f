from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "yingji.monitoring"
    label = "monitoring"
    verbose_name = _("安全风险监测")

    def ready(self) -> None:
        from django.conf import settings

        from yingji.monitoring import attention, permissions, registers  # noqa: F401

        settings.CELERY_BEAT_SCHEDULE.update({
            "monitoring-offline-scan": {"task": "yingji.monitoring.tasks.offline_scan", "schedule": 60.0},
            "monitoring-escalate": {"task": "yingji.monitoring.tasks.escalate", "schedule": 60.0},
            "monitoring-downsample": {"task": "yingji.monitoring.tasks.downsample", "schedule": 3600.0},
        })
