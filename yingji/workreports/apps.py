from django.apps import AppConfig


class WorkreportsConfig(AppConfig):
    name = "yingji.workreports"
