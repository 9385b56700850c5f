"""Rescue teams (应急救援队伍) with their members, and the village information officers (信息员和网格员)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.divisions.validators import validate_phone
from yingji.teams.rules import Kind, Level, OfficerKind, Origin, Readiness, TrainingStatus


class Speciality(models.Model):
    """One entry of the controlled list in rules.SPECIALITIES (loaded by a data migration)."""

    code = models.CharField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专长")
        verbose_name_plural = _("专长")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.name)


class Team(DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="teams")
    name = models.CharField(_("队伍名称"), max_length=100)
    level = models.CharField(_("队伍层级"), max_length=15, choices=Level.choices)
    kind = models.CharField(_("队伍类别"), max_length=25, choices=Kind.choices)
    specialities = models.ManyToManyField(Speciality, verbose_name=_("专长"), blank=True, related_name="teams")
    leader = models.ForeignKey("divisions.Person", verbose_name=_("队长"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="led_teams")
    equipment = models.TextField(_("主要装备"), blank=True, help_text=_("每行一项，如“冲锋舟 2艘”。"))
    address = models.CharField(_("驻地"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    readiness = models.CharField(_("战备状态"), max_length=15, choices=Readiness.choices, default=Readiness.READY)
    duty_phone = models.CharField(_("值班电话"), max_length=30, blank=True, validators=[validate_phone])
    notes = models.TextField(_("备注"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("应急救援队伍")
        verbose_name_plural = _("应急救援队伍")
        ordering = ["division__code", "name", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="team_lat_lng_idx"),
                   models.Index(fields=["kind", "readiness"], name="team_kind_readiness_idx")]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], condition=Q(deleted_at__isnull=True),
                                    name="team_unique_name_in_division",
                                    violation_error_message=_("该区划下已有同名队伍。")),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(DomainModel):
    # The team's division, copied so membership lists are scoped by the same code range.
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    team = models.ForeignKey(Team, verbose_name=_("队伍"), on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("divisions.Person", verbose_name=_("人员"), on_delete=models.PROTECT,
                               related_name="team_memberships")
    origin = models.CharField(_("人员来源"), max_length=20, choices=Origin.choices)
    joined_on = models.DateField(_("入队日期"), null=True, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        ordering = ["team", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], condition=Q(deleted_at__isnull=True),
                                    name="teammember_once_per_team",
                                    violation_error_message=_("此人已是该队伍队员。")),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.person}"


class InfoOfficer(DomainModel):
    """A village's 信息员 or 网格员 (seed 002: at least one per village)."""

    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所在村(社区)"), on_delete=models.PROTECT,
                                 related_name="info_officers")
    person = models.ForeignKey("divisions.Person", verbose_name=_("人员"), on_delete=models.PROTECT,
                               related_name="info_officer_posts")
    kind = models.CharField(_("类别"), max_length=15, choices=OfficerKind.choices, default=OfficerKind.INFO_OFFICER)
    appointed_on = models.DateField(_("聘任日期"), null=True, blank=True)
    training_status = models.CharField(_("培训情况"), max_length=15, choices=TrainingStatus.choices,
                                       default=TrainingStatus.UNTRAINED)
    trained_on = models.DateField(_("最近培训日期"), null=True, blank=True)
    active = models.BooleanField(_("在岗"), default=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("信息员和网格员")
        verbose_name_plural = _("信息员和网格员")
        ordering = ["division__code", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["division", "person", "kind"], condition=Q(deleted_at__isnull=True),
                                    name="infoofficer_once_per_village",
                                    violation_error_message=_("此人已登记为该村的同类人员。")),
        ]

    def __str__(self) -> str:
        return f"{self.division} · {self.person}"
