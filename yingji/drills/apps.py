from django.apps import AppConfig


class DrillsConfig(AppConfig):
    name = "yingji.drills"
