from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "yingji.training"
    label = "training"
    verbose_name = _("培训与证书")

    def ready(self) -> None:
        from yingji.training import attention, permissions, registers  # noqa: F401
