from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    name = "yingji.drills"
    label = "drills"
    verbose_name = _("应急演练")

    def ready(self) -> None:
        from yingji.drills import attention, permissions, registers  # noqa: F401
