from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "yingji.teams"
    label = "teams"
    verbose_name = _("应急队伍")

    def ready(self) -> None:
        from yingji.teams import attention, permissions, registers  # noqa: F401
