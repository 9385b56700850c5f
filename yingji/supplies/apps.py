from django.apps import AppConfig


class SuppliesConfig(AppConfig):
    name = "yingji.supplies"
