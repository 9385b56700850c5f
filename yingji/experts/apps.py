from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "yingji.experts"
    label = "experts"
    verbose_name = _("应急专家")

    def ready(self) -> None:
        from yingji.experts import permissions, registers  # noqa: F401
