from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "yingji.teams"
