from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlywarningConfig(AppConfig):
    name = "yingji.earlywarning"
    label = "earlywarning"
    verbose_name = _("预警信息")

    def ready(self) -> None:
        from yingji.earlywarning import attention, permissions, registers  # noqa: F401
