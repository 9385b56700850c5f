"""Publicity events (宣传教育活动, RULES.md R9.3) and the materials each distributed."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.publicity.rules import EventKind, MaterialKind, Target
from yingji.training.models import YearMixin


class PublicityEvent(YearMixin, DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="publicity_events")
    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("活动形式"), max_length=20, choices=EventKind.choices)
    target = models.CharField(_("七进对象"), max_length=20, choices=Target.choices)
    date = models.DateField(_("活动日期"))
    place = models.CharField(_("活动地点"), max_length=200, blank=True)
    organiser = models.ForeignKey("divisions.Organisation", verbose_name=_("组织单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("参与人次"), default=0)
    summary = models.TextField(_("活动简况"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动台账")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["division", "date"], name="publicity_division_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class MaterialLine(DomainModel):
    """Materials an event distributed, one line per kind; scoped by the event's division."""

    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    event = models.ForeignKey(PublicityEvent, verbose_name=_("宣传活动"), on_delete=models.PROTECT,
                              related_name="lines")
    kind = models.CharField(_("资料类别"), max_length=20, choices=MaterialKind.choices,
                            default=MaterialKind.BROCHURE)
    count = models.PositiveIntegerField(_("发放数量(份)"), validators=[MinValueValidator(1)])

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("宣传资料发放")
        verbose_name_plural = _("宣传资料发放")
        ordering = ["event_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_kind_display()} {self.count}"

    def clean_fields(self, exclude=None):
        if self.event_id:
            self.division_id = self.event.division_id
        super().clean_fields(exclude=exclude)
