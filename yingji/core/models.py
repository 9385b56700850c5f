"""Base classes for domain records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.scoping import AllObjectsManager, ScopedManager


class DomainModel(models.Model):
    """A record that belongs to a division, is audited and is soft-deleted.

    Subclasses declare `division` (or another path) and set `scope_code_field` accordingly.
    """

    scope_code_field = "division__code"

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
