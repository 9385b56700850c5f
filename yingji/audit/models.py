"""Audit trail: who changed what, when, from where, with field-level before/after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.scoping import AllObjectsManager


class AuditEntry(models.Model):
    """One recorded event. Written once by `audit.record()`; never edited or deleted by the app."""

    scope_code_field = "division_code"

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    model_label = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_pk = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    division_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    success = models.BooleanField(_("成功"), default=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)

    objects = AllObjectsManager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model_label", "object_pk", "-at"], name="audit_object_idx"),
            models.Index(fields=["division_code", "-at"], name="audit_division_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
