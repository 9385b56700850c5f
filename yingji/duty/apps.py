from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "yingji.duty"
