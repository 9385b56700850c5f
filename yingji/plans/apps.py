from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yingji.plans"
    label = "plans"
    verbose_name = _("应急预案")

    def ready(self) -> None:
        from yingji.plans import attention, permissions, registers  # noqa: F401
