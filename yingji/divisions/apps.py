from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DivisionsConfig(AppConfig):
    name = "yingji.divisions"
    label = "divisions"
    verbose_name = _("组织与辖区")

    def ready(self) -> None:
        from yingji.divisions import permissions, registers  # noqa: F401
