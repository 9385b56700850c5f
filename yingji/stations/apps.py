from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "yingji.stations"
    label = "stations"
    verbose_name = _("社区应急服务站")
