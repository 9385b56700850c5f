from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkreportsConfig(AppConfig):
    name = "yingji.workreports"
    label = "workreports"
    verbose_name = _("工作报告")

    def ready(self) -> None:
        from yingji.workreports import attention, permissions, registers  # noqa: F401
