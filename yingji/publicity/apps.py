from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "yingji.publicity"
    label = "publicity"
    verbose_name = _("宣传教育")

    def ready(self) -> None:
        from yingji.publicity import permissions, registers  # noqa: F401
