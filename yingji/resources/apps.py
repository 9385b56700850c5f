from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "yingji.resources"
    label = "resources"
    verbose_name = _("应急资源一张图")

    def ready(self) -> None:
        from yingji.resources import permissions, views  # noqa: F401
