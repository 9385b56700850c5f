from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "yingji.messaging"
    label = "messaging"
    verbose_name = _("消息通知")

    def ready(self) -> None:
        from yingji.messaging import navigation, permissions  # noqa: F401

        settings.CELERY_BEAT_SCHEDULE["messaging-retry-due"] = {
            "task": "yingji.messaging.tasks.retry_due", "schedule": 60.0,
        }
