from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "yingji.response"
    label = "response"
    verbose_name = _("应急响应与指挥")

    def ready(self) -> None:
        from yingji.response import attention, permissions, registers  # noqa: F401
