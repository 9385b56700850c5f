"""Drills and their evaluations (issue 3 §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel


class Drill(DomainModel):
    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("综合演练")
        REAL = "real", _("实战演练")
        TABLETOP = "tabletop", _("桌面推演")
        DOUBLE_BLIND = "double_blind", _("双盲演练")
        PULL = "pull", _("实兵拉动")
        CROSS_REGION = "cross_region", _("跨区域拉动演练")
        JOINT = "joint", _("联合演练")
        EVACUATION = "evacuation", _("疏散演练")

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    organiser = models.ForeignKey("divisions.Organisation", verbose_name=_("组织单位"), on_delete=models.PROTECT,
                                  related_name="+")
    title = models.CharField(_("演练名称"), max_length=200)
    plans = models.ManyToManyField("plans.Plan", verbose_name=_("演练的预案"), blank=True, related_name="drills")
    kind = models.CharField(_("演练类型"), max_length=20, choices=Kind.choices)
    scenario = models.CharField(_("灾害情景"), max_length=200, blank=True)
    date = models.DateField(_("日期"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), default=60)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    teams = models.PositiveIntegerField(_("参演队伍数"), default=0)
    people = models.PositiveIntegerField(_("参演人数"), default=0)
    public_participants = models.PositiveIntegerField(_("群众参与人数"), default=0)
    announced = models.BooleanField(_("事先通知"), default=True)
    score = models.PositiveSmallIntegerField(_("评估得分"), null=True, blank=True)
    findings = models.TextField(_("发现的问题"), blank=True)

    class Meta:
        verbose_name = _("演练")
        verbose_name_plural = _("演练")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title
