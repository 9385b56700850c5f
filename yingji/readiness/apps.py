from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "yingji.readiness"
    label = "readiness"
    verbose_name = _("基层应急能力达标")

    def ready(self) -> None:
        from yingji.readiness import attention, menu, permissions  # noqa: F401
