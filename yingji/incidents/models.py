"""Events, their reports (首报/续报/终报/补报), receipts up the chain, and reporting obligations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.exceptions import ApplicationError
from yingji.core.files import PrivateStorage, random_name
from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.incidents.rules import SUBTYPE_CHOICES, Category, Severity

LEVEL_CHOICES = [
    ("village", _("村(社区)")), ("township", _("乡镇(街道)")), ("county", _("县")), ("city", _("市")),
    ("province", _("省")),
]


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WRITTEN = "written", _("书面")


class ReportKind(models.TextChoices):
    FIRST = "first", _("首报")
    FOLLOWUP = "followup", _("续报")
    FINAL = "final", _("终报(核报)")
    SUPPLEMENTARY = "supplementary", _("补报")


class DeadlineRule(models.Model):
    """One reporting time limit as data (RULES.md §3, §12), editable because provinces set stricter ones.

    Blank category/severity/sub-type match any; a rule with `province_code` applies only in that
    province's subtree. The obligation's due time is the earliest of all matching rules.
    """

    class Clock(models.TextChoices):
        KNOWN = "known", _("自事件知悉时起")
        RECEIVED = "received", _("自本级接报时起")

    code = models.CharField(_("规则编号"), max_length=40, unique=True)
    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices, default=ReportKind.FIRST)
    category = models.CharField(_("事件类别"), max_length=20, choices=Category.choices, blank=True)
    subtype = models.CharField(_("事件子类"), max_length=30, choices=SUBTYPE_CHOICES, blank=True)
    severity = models.CharField(_("事件级别"), max_length=1, choices=Severity.choices, blank=True)
    min_dead_missing = models.PositiveIntegerField(_("死亡失踪人数下限"), null=True, blank=True)
    from_level = models.CharField(_("报告层级"), max_length=10, choices=LEVEL_CHOICES)
    to_level = models.CharField(_("接收层级"), max_length=10, choices=LEVEL_CHOICES)
    channel = models.CharField(_("报告方式"), max_length=10, choices=Channel.choices, default=Channel.WRITTEN)
    minutes = models.PositiveIntegerField(_("时限(分钟)"), null=True, blank=True)
    at_times = models.CharField(_("每日定时(北京时间)"), max_length=60, blank=True,
                                help_text=_("如 08:00,17:00；与分钟时限二选一"))
    clock = models.CharField(_("起算时间"), max_length=10, choices=Clock.choices, default=Clock.RECEIVED)
    province_code = models.CharField(_("适用省份代码"), max_length=2, blank=True,
                                     help_text=_("留空为全国默认；填两位省级代码则仅在该省适用"))
    source = models.CharField(_("依据"), max_length=300)
    forecast = models.BooleanField(_("适用于预测预警信息"), default=False,
                                   help_text=_("只适用于可能发生的重大事件的预测预警信息；其他规则只适用于已发生的事件"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("报告时限规则")
        verbose_name_plural = _("报告时限规则")
        ordering = ["kind", "from_level", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(minutes__isnull=False) & Q(at_times="")) | (Q(minutes__isnull=True) & ~Q(at_times="")),
                name="deadline_rule_minutes_or_times",
                violation_error_message=_("时限(分钟)与每日定时必须且只能填写一项。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.source}"

    def clean(self) -> None:
        import datetime

        from django.core.exceptions import ValidationError

        from yingji.incidents.rules import LEVELS

        errors = {}
        if self.from_level and self.to_level and LEVELS.index(self.to_level) <= LEVELS.index(self.from_level):
            errors["to_level"] = [_("接收层级必须高于报告层级。")]
        for value in filter(None, (t.strip() for t in self.at_times.split(","))):
            try:
                datetime.time.fromisoformat(value)
            except ValueError:
                errors["at_times"] = [_("每日定时格式应为 HH:MM，以逗号分隔。")]
        if errors:
            raise ValidationError(errors)


class Event(DomainModel):
    """A 突发事件 in a division: what, where, when it happened and when it became known, its grade."""

    class Status(models.TextChoices):
        OPEN = "open", _("处置中")
        CLOSED = "closed", _("已终报")

    division = models.ForeignKey("divisions.Division", verbose_name=_("事发区划"), on_delete=models.PROTECT,
                                 related_name="incident_events")
    title = models.CharField(_("事件名称"), max_length=200)
    category = models.CharField(_("事件类别"), max_length=20, choices=Category.choices)
    subtype = models.CharField(_("事件子类"), max_length=30, choices=SUBTYPE_CHOICES, blank=True)
    severity = models.CharField(_("事件级别"), max_length=1, choices=Severity.choices, default=Severity.GENERAL)
    severity_suggested = models.CharField(_("建议级别"), max_length=1, choices=Severity.choices, blank=True)
    severity_reason = models.TextField(_("定级理由"), blank=True)
    address = models.CharField(_("详细地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    occurred_at = models.DateTimeField(_("发生时间"))
    known_at = models.DateTimeField(_("知悉时间"))
    source = models.CharField(_("信息来源"), max_length=200)
    is_forecast = models.BooleanField(_("预测预警信息"), default=False,
                                      help_text=_("尚未发生、可能引发重大突发事件的预测预警信息"))
    deaths = models.PositiveIntegerField(_("死亡"), default=0)
    missing = models.PositiveIntegerField(_("失踪"), default=0)
    injured = models.PositiveIntegerField(_("受伤"), default=0)
    serious_injuries = models.PositiveIntegerField(_("重伤"), default=0)
    trapped = models.PositiveIntegerField(_("被困"), default=0)
    economic_loss = models.DecimalField(_("直接经济损失(元)"), max_digits=14, decimal_places=2, default=0,
                                        validators=[MinValueValidator(0)])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("突发事件")
        verbose_name_plural = _("突发事件")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["occurred_at"], name="incident_event_occurred_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(known_at__gte=models.F("occurred_at")), name="event_known_after_occurred",
                                   violation_error_message=_("知悉时间不能早于发生时间。")),
        ]

    def __str__(self) -> str:
        return self.title


def report_photo_path(instance: Report, filename: str) -> str:
    return random_name("incidents", filename)


class Report(DomainModel):
    """One report in an event's chain. Submitted reports are immutable: corrections are new reports."""

    event = models.ForeignKey(Event, verbose_name=_("事件"), on_delete=models.PROTECT, related_name="reports")
    division = models.ForeignKey("divisions.Division", verbose_name=_("报告单位区划"), on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    sequence = models.PositiveIntegerField(_("序号"))
    channel = models.CharField(_("报告方式"), max_length=10, choices=Channel.choices, default=Channel.WRITTEN)
    submitted_at = models.DateTimeField(_("报送时间"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报账号"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    reporter_name = models.CharField(_("报告人"), max_length=50)
    reporter_phone = models.CharField(_("联系电话"), max_length=30)
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    source = models.CharField(_("信息来源"), max_length=200)
    nature = models.TextField(_("事件性质和简要经过"))
    scope = models.TextField(_("影响范围"), blank=True)
    deaths = models.PositiveIntegerField(_("死亡"), default=0)
    missing = models.PositiveIntegerField(_("失踪"), default=0)
    injured = models.PositiveIntegerField(_("受伤"), default=0)
    serious_injuries = models.PositiveIntegerField(_("重伤"), default=0)
    trapped = models.PositiveIntegerField(_("被困"), default=0)
    economic_loss = models.DecimalField(_("直接经济损失(元)"), max_digits=14, decimal_places=2, default=0)
    trend = models.TextField(_("发展趋势"), blank=True)
    measures = models.TextField(_("已采取的措施及效果"), blank=True)
    next_steps = models.TextField(_("下一步工作"), blank=True)
    # Beside MEDIA_ROOT with no URL: served only by a view that checks the user may see the event.
    photo = models.FileField(_("现场照片"), storage=PrivateStorage("incident-photos"), upload_to=report_photo_path,
                             blank=True, max_length=255)
    client_key = models.UUIDField(_("客户端提交标识"), null=True, blank=True, editable=False)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("事件报告")
        verbose_name_plural = _("事件报告")
        ordering = ["event", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["client_key"], name="report_client_key_unique"),
            models.UniqueConstraint(fields=["event", "sequence"], name="report_sequence_unique"),
            models.CheckConstraint(condition=Q(economic_loss__gte=0), name="report_loss_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_kind_display()} #{self.sequence}"

    def save(self, *args, **kwargs):
        # Defence in depth behind the services: a stored report is never rewritten.
        if self.pk is not None:
            raise ApplicationError(_("已报送的报告不可修改；如需更正请报送续报。"), code="immutable")
        super().save(*args, **kwargs)


class Receipt(DomainModel):
    """A report arriving at a level: received, acknowledged (签收), or more information asked for."""

    report = models.ForeignKey(Report, verbose_name=_("报告"), on_delete=models.PROTECT, related_name="receipts")
    division = models.ForeignKey("divisions.Division", verbose_name=_("接收单位区划"), on_delete=models.PROTECT,
                                 related_name="+")
    received_at = models.DateTimeField(_("接报时间"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    info_requested = models.TextField(_("要求补充的信息"), blank=True)
    forwarded_at = models.DateTimeField(_("上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接报记录")
        verbose_name_plural = _("接报记录")
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "division"], name="receipt_once_per_level")]

    def __str__(self) -> str:
        return f"{self.report} → {self.division}"


class Obligation(DomainModel):
    """A level owes a report of a kind to the level above by `due_at` (UTC)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待报")
        ON_TIME = "on_time", _("按时")
        LATE = "late", _("迟报")
        MISSING = "missing", _("漏报")
        CANCELLED = "cancelled", _("已撤销")

    event = models.ForeignKey(Event, verbose_name=_("事件"), on_delete=models.PROTECT, related_name="obligations")
    division = models.ForeignKey("divisions.Division", verbose_name=_("报告单位区划"), on_delete=models.PROTECT,
                                 related_name="+")
    target = models.ForeignKey("divisions.Division", verbose_name=_("接收单位区划"), on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    channel = models.CharField(_("报告方式"), max_length=10, choices=Channel.choices)
    rule = models.ForeignKey(DeadlineRule, verbose_name=_("依据规则"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(_("起算时间"))
    due_at = models.DateTimeField(_("截止时间"))
    fulfilled_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    report = models.ForeignKey(Report, verbose_name=_("报送的报告"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    minutes_late = models.PositiveIntegerField(_("迟报分钟数"), null=True, blank=True)
    flagged_at = models.DateTimeField(_("判定时间"), null=True, blank=True)
    near_notified_at = models.DateTimeField(_("临期提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告义务")
        verbose_name_plural = _("报告义务")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="obligation_status_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["event", "division", "target", "kind", "channel"],
                                    condition=Q(fulfilled_at__isnull=True) & ~Q(status="cancelled"),
                                    name="obligation_one_pending_per_hop"),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.division} → {self.target} · {self.get_kind_display()}"
