"""Incident response (应急响应): the response with its level history and command structure, tasks, the
resources committed, the situation log, online opinion, press releases and the after-action review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.response.rules import (
    CommitmentKind,
    Level,
    OpinionKind,
    OpinionStatus,
    PressStatus,
    Status,
    TaskPhase,
    TaskStatus,
)


class AppendOnly(Exception):
    """A level change or a situation entry is history: never edited, never deleted."""


class Response(DomainModel):
    """One response to an incident event, run by a county or township (L1 Art. 72: matters, level,
    expected duration and measures are stated when it starts)."""

    division = models.ForeignKey("divisions.Division", verbose_name=_("响应单位区划"), on_delete=models.PROTECT,
                                  related_name="+")
    event = models.ForeignKey("incidents.Event", verbose_name=_("突发事件"), on_delete=models.PROTECT,
                              related_name="responses")
    title = models.CharField(_("响应名称"), max_length=200)
    level = models.CharField(_("响应级别"), max_length=1, choices=Level.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE,
                              editable=False)
    matters = models.TextField(_("响应事项"))
    measures = models.TextField(_("应急处置措施"), blank=True)
    expected_until = models.DateTimeField(_("预计期限"), null=True, blank=True)
    commander = models.CharField(_("总指挥"), max_length=100)
    deputy_commander = models.CharField(_("副总指挥"), max_length=200, blank=True)
    command_post = models.CharField(_("指挥部地点"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("启动时间"), editable=False)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("启动人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("终止理由"), blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("复盘时间"), null=True, blank=True, editable=False)
    review_summary = models.TextField(_("复盘总结"), blank=True, editable=False)
    # L1 Art. 87: once handling ends, the government assesses the impact and losses, draws up a recovery
    # and reconstruction plan and reports it to the government above.
    loss_assessment = models.TextField(_("影响和损失调查评估"), blank=True, editable=False)
    recovery_plan = models.TextField(_("恢复重建计划"), blank=True, editable=False)
    recovery_reported_at = models.DateTimeField(_("恢复重建计划报送时间"), null=True, blank=True, editable=False)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("应急响应")
        verbose_name_plural = _("应急响应")
        ordering = ["status", "-started_at", "-id"]
        indexes = [models.Index(fields=["status", "started_at"], name="response_status_started_idx")]
        constraints = [
            # One running response per event: a second start for the same event is refused by the database
            # too, whatever two offices do at the same moment.
            models.UniqueConstraint(fields=["event"], condition=Q(status="active", deleted_at__isnull=True),
                                    name="response_one_active_per_event",
                                    violation_error_message=_("该事件已有正在进行的应急响应。")),
            models.CheckConstraint(condition=Q(status="active") | Q(ended_at__isnull=False),
                                   name="response_ended_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class LevelChange(models.Model):
    """The start and every upgrade or downgrade of a response, with its reason (append-only)."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="level_changes")
    from_level = models.CharField(_("原级别"), max_length=1, choices=Level.choices, blank=True)
    to_level = models.CharField(_("新级别"), max_length=1, choices=Level.choices)
    reason = models.TextField(_("理由"))
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("响应级别调整")
        verbose_name_plural = _("响应级别调整")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_level_display() or '—'} → {self.get_to_level_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("level changes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("level changes are append-only")


class WorkingGroup(DomainModel):
    """A working group of the command post (工作组), led by a person and/or an organisation."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="groups")
    name = models.CharField(_("工作组"), max_length=50)
    duties = models.CharField(_("职责"), max_length=300, blank=True)
    lead_person = models.CharField(_("组长"), max_length=100, blank=True)
    lead_organisation = models.ForeignKey("divisions.Organisation", verbose_name=_("牵头单位"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("指挥部工作组")
        ordering = ["response", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "name"], condition=Q(deleted_at__isnull=True),
                                    name="response_group_unique_name",
                                    violation_error_message=_("该响应已有同名工作组。")),
        ]

    def __str__(self) -> str:
        return self.name


class Task(DomainModel):
    """A task given to a working group, an organisation or a team, with a deadline and feedback."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="tasks")
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("任务要求"), blank=True)
    group = models.ForeignKey(WorkingGroup, verbose_name=_("承办工作组"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="tasks")
    organisation = models.ForeignKey("divisions.Organisation", verbose_name=_("承办单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("teams.Team", verbose_name=_("承办队伍"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField(_("完成时限"))
    phase = models.CharField(_("阶段"), max_length=10, choices=TaskPhase.choices, default=TaskPhase.RESPONSE)
    status = models.CharField(_("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED,
                              editable=False)
    assigned_at = models.DateTimeField(_("下达时间"), editable=False)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True, editable=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True, editable=False)
    feedback = models.TextField(_("反馈情况"), blank=True, editable=False)

    class Meta:
        verbose_name = _("响应任务")
        verbose_name_plural = _("响应任务")
        ordering = ["status", "deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="response_task_due_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_at__isnull=False),
                                   name="response_task_done_has_time"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def assignee(self) -> str:
        names = [str(x) for x in (self.group, self.organisation, self.team) if x is not None]
        return "、".join(names)


class Commitment(DomainModel):
    """A resource committed to the response: a team, an expert, a dispatch order or a shelter opened."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="commitments")
    kind = models.CharField(_("资源类型"), max_length=10, choices=CommitmentKind.choices)
    team = models.ForeignKey("teams.Team", verbose_name=_("救援队伍"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey("experts.Expert", verbose_name=_("专家"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    engagement = models.ForeignKey("experts.ExpertEngagement", verbose_name=_("专家参与记录"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    order = models.ForeignKey("supplies.DispatchOrder", verbose_name=_("物资调拨单"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    shelter = models.ForeignKey("shelters.Shelter", verbose_name=_("避难场所"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    occupancy = models.PositiveIntegerField(_("安置人数"), null=True, blank=True)
    note = models.CharField(_("任务说明"), max_length=200, blank=True)
    committed_at = models.DateTimeField(_("调派时间"), editable=False)
    released_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("调派资源")
        verbose_name_plural = _("调派资源")
        ordering = ["kind", "committed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="team", team__isnull=False) | Q(kind="expert", expert__isnull=False)
                           | Q(kind="order", order__isnull=False) | Q(kind="shelter", shelter__isnull=False)),
                name="response_commitment_has_resource"),
        ]

    def __str__(self) -> str:
        return str(self.resource)

    @property
    def resource(self):
        return {CommitmentKind.TEAM: self.team, CommitmentKind.EXPERT: self.expert,
                CommitmentKind.ORDER: self.order, CommitmentKind.SHELTER: self.shelter}[self.kind]


class SituationEntry(models.Model):
    """One entry of the situation log (态势): when, who said it, what. Append-only; corrections are new
    entries."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="situation")
    at = models.DateTimeField(_("时间"))
    source = models.CharField(_("信息来源"), max_length=100)
    text = models.TextField(_("态势内容"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("态势信息")
        verbose_name_plural = _("态势信息")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("situation entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("situation entries are append-only")


class OpinionEntry(DomainModel):
    """An online opinion about the event (舆情), of one of seed 003's five kinds, and how it was handled."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="opinions")
    kind = models.CharField(_("舆情类型"), max_length=15, choices=OpinionKind.choices)
    platform = models.CharField(_("发现渠道"), max_length=100)
    summary = models.TextField(_("舆情内容"))
    found_at = models.DateTimeField(_("发现时间"))
    status = models.CharField(_("状态"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.OPEN,
                              editable=False)
    handling = models.TextField(_("处置情况"), blank=True, editable=False)
    handled_at = models.DateTimeField(_("处置时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("舆情")
        verbose_name_plural = _("舆情")
        ordering = ["-found_at", "-pk"]

    def __str__(self) -> str:
        return self.summary[:40]


class PressRelease(DomainModel):
    """A press release (新闻发布): draft → approved → published; a published release never changes."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="press_releases")
    number = models.CharField(_("发文字号"), max_length=50, blank=True, help_text=_("如：东应急发〔2026〕12号"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    issuer = models.CharField(_("发布单位"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=PressStatus.choices, default=PressStatus.DRAFT,
                              editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("新闻发布")
        verbose_name_plural = _("新闻发布")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="response_press_published_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewFinding(DomainModel):
    """A finding of the after-action review (复盘); it may send a plan into revision through the plans
    service, the same step a drill finding takes."""

    scope_code_field = "response__division__code"

    response = models.ForeignKey(Response, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="findings")
    text = models.TextField(_("发现的问题"))
    recommendation = models.TextField(_("改进建议"), blank=True)
    plan = models.ForeignKey("plans.Plan", verbose_name=_("转入修订的预案"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="response_findings")
    revision_at = models.DateTimeField(_("启动修订时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("复盘发现")
        verbose_name_plural = _("复盘发现")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:40]
