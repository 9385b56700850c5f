"""Drills, their evaluation, attachments and improvement actions (issue 3 §2)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.files import PrivateStorage, random_name
from yingji.core.models import DomainModel
from yingji.core.scoping import ScopedQuerySet


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

    class JointFocus(models.TextChoices):
        """Seed 004: 队伍调动、物资保障、交通运输等综合联动演练."""

        TEAMS = "teams", _("队伍调动")
        SUPPLIES = "supplies", _("物资保障")
        TRANSPORT = "transport", _("交通运输")
        COMBINED = "combined", _("综合联动")

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    organiser = models.ForeignKey("divisions.Organisation", verbose_name=_("组织单位"), on_delete=models.PROTECT,
                                  related_name="drills_organised")
    participants = models.ManyToManyField("divisions.Organisation", verbose_name=_("参演单位"), blank=True,
                                          related_name="drills_joined")
    title = models.CharField(_("演练名称"), max_length=200)
    plans = models.ManyToManyField("plans.Plan", verbose_name=_("演练的预案"), blank=True, related_name="drills")
    kind = models.CharField(_("演练类型"), max_length=20, choices=Kind.choices)
    joint_focus = models.CharField(_("联动内容"), max_length=20, choices=JointFocus.choices, blank=True,
                                   help_text=_("联合演练必填"))
    scenario = models.CharField(_("灾害情景"), max_length=200, blank=True)
    date = models.DateField(_("日期"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), default=60)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    teams = models.PositiveIntegerField(_("参演队伍数"), default=0)
    people = models.PositiveIntegerField(_("参演人数"), default=0)
    public_participants = models.PositiveIntegerField(_("群众参与人数"), default=0)
    announced = models.BooleanField(_("事先通知"), default=True,
                                    help_text=_("双盲演练不预先告知时间、地点和事件类型"))
    process = models.TextField(_("演练过程"), blank=True)
    score = models.PositiveSmallIntegerField(_("评估得分"), null=True, blank=True,
                                             validators=[MaxValueValidator(100)])
    findings = models.TextField(_("发现的问题"), blank=True)
    evaluator = models.CharField(_("评估人（单位）"), max_length=100, blank=True)
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("演练")
        verbose_name_plural = _("演练")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="drill_date_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.JOINT and not self.joint_focus:
            errors["joint_focus"] = _("联合演练须选择联动内容。")
        elif self.kind != self.Kind.JOINT and self.joint_focus:
            errors["joint_focus"] = _("只有联合演练填写联动内容。")
        # Seed 004 defines 双盲 as not announced in advance (time, place and event type).
        if self.kind == self.Kind.DOUBLE_BLIND and self.announced:
            errors["announced"] = _("双盲演练不能事先通知。")
        if errors:
            raise ValidationError(errors)


def _attachment_path(instance: DrillAttachment, filename: str) -> str:
    return random_name("drills", filename)


class DrillAttachment(DomainModel):
    """A photo or PDF of a drill; stored outside any public URL and served by a permission-checked view."""

    scope_code_field = "drill__division__code"

    drill = models.ForeignKey(Drill, verbose_name=_("演练"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), storage=PrivateStorage("drill-files"), upload_to=_attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("演练附件")
        verbose_name_plural = _("演练附件")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ImprovementAction(DomainModel):
    """An action a drill's evaluation calls for, tracked until it is done."""

    scope_code_field = "drill__division__code"

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        DONE = "done", _("已完成")

    drill = models.ForeignKey(Drill, verbose_name=_("演练"), on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("整改事项"))
    owner = models.CharField(_("责任单位（人）"), max_length=100, blank=True)
    owner_person = models.ForeignKey("divisions.Person", verbose_name=_("责任人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN,
                              editable=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    result = models.TextField(_("完成情况"), blank=True, editable=False)

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("演练整改措施")
        ordering = ["status", "deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="drill_action_status_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                   name="drill_action_done_has_date"),
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def clean(self) -> None:
        if not self.owner and not self.owner_person_id:
            raise ValidationError({"owner": _("请填写责任单位（人）或选择责任人。")})

    @property
    def owner_display(self) -> str:
        names = [self.owner] if self.owner else []
        if self.owner_person_id:
            names.append(self.owner_person.name)
        return " ".join(names)


class PlanRevisionTrigger(models.Model):
    """A drill finding that sent a plan it exercised into revision; the plan's own history has the same step."""

    scope_code_field = "drill__division__code"

    drill = models.ForeignKey(Drill, verbose_name=_("演练"), on_delete=models.PROTECT,
                              related_name="revision_triggers")
    plan = models.ForeignKey("plans.Plan", verbose_name=_("预案"), on_delete=models.PROTECT,
                             related_name="drill_revision_triggers")
    finding = models.TextField(_("触发修订的问题"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("演练触发的预案修订")
        verbose_name_plural = _("演练触发的预案修订")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.drill} → {self.plan}"
