from django.apps import AppConfig


class EarlywarningConfig(AppConfig):
    name = "yingji.earlywarning"
