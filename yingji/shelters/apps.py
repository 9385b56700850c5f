from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "yingji.shelters"
    label = "shelters"
    verbose_name = _("应急避难场所")

    def ready(self) -> None:
        from yingji.shelters import attention, permissions, registers  # noqa: F401
