"""Duty rosters, special duty periods, spot checks and the duty log (issue 5 §1)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.duty import rules


class SpecialPeriod(DomainModel):
    """A period of intensified duty declared for a division's subtree (holidays, flood season, …)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        FLOOD_SEASON = "flood_season", _("主汛期")
        SENSITIVE = "sensitive", _("敏感时期")
        MAJOR_EVENT = "major_event", _("重要会议和重大活动")

    division = models.ForeignKey("divisions.Division", verbose_name=_("适用区划"), on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    leaders_per_day = models.PositiveSmallIntegerField(_("每日带班领导人数"),
                                                       default=rules.SPECIAL_PERIOD_NORM.leaders_per_day)
    staff_per_day = models.PositiveSmallIntegerField(_("每日值班人员人数"),
                                                     default=rules.SPECIAL_PERIOD_NORM.staff_per_day)
    roster_due_days = models.PositiveSmallIntegerField(_("值班表提前报送天数"), default=rules.ROSTER_DUE_DAYS_BEFORE)

    class Meta:
        verbose_name = _("特殊值班时段")
        verbose_name_plural = _("特殊值班时段")
        ordering = ["-start_date"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="period_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.name}（{self.start_date:%Y-%m-%d}—{self.end_date:%Y-%m-%d}）"


class DutyRoster(DomainModel):
    """A duty organisation's roster for a span of days; filed with the level above, then frozen-with-log."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FILED = "filed", _("已报送")

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    organisation = models.ForeignKey("divisions.Organisation", verbose_name=_("值班单位"), on_delete=models.PROTECT,
                                     related_name="duty_rosters")
    period = models.ForeignKey(SpecialPeriod, verbose_name=_("特殊值班时段"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="rosters")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    duty_phone = models.CharField(_("值班电话"), max_length=30)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    filed_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                 editable=False, on_delete=models.PROTECT, related_name="+")
    changes_after_filing = models.PositiveIntegerField(_("报送后变更次数"), default=0, editable=False)

    class Meta:
        verbose_name = _("值班表")
        verbose_name_plural = _("值班表")
        ordering = ["-start_date", "division__code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="roster_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} {self.start_date:%Y-%m-%d}—{self.end_date:%Y-%m-%d}"


class DutyAssignment(DomainModel):
    """One person on duty for a span of time: the duty leader (带班领导) or a duty officer."""

    scope_code_field = "roster__division__code"

    class Role(models.TextChoices):
        LEADER = "leader", _("带班领导")
        STAFF = "staff", _("值班人员")

    roster = models.ForeignKey(DutyRoster, verbose_name=_("值班表"), on_delete=models.CASCADE,
                               related_name="assignments")
    person = models.ForeignKey("divisions.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("职责"), max_length=10, choices=Role.choices)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["starts_at", "role"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="assignment_times_ordered")]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="assignment_span")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person.name}"


class SpotCheck(DomainModel):
    """抽查 of a unit's duty by phone or on site (seeds 000, 001)."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话抽查")
        ONSITE = "onsite", _("现场督查")

    division = models.ForeignKey("divisions.Division", verbose_name=_("被查区划"), on_delete=models.PROTECT,
                                 related_name="+")
    organisation = models.ForeignKey("divisions.Organisation", verbose_name=_("被查单位"), on_delete=models.PROTECT,
                                     related_name="+")
    period = models.ForeignKey(SpecialPeriod, verbose_name=_("特殊值班时段"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="spot_checks")
    checked_at = models.DateTimeField(_("抽查时间"))
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    reached = models.BooleanField(_("电话接通"), default=True)
    rings = models.PositiveSmallIntegerField(_("响铃次数"), null=True, blank=True)
    on_post = models.BooleanField(_("在岗"), default=True)
    knew_procedure = models.BooleanField(_("熟悉处置流程"), default=True)
    findings = models.TextField(_("发现问题"), blank=True)
    checker = models.CharField(_("抽查人"), max_length=50)

    class Meta:
        verbose_name = _("值班抽查")
        verbose_name_plural = _("值班抽查")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.organisation.name} {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def passed(self) -> bool:
        return self.reached and self.on_post and self.knew_procedure


class DutyLogEntry(DomainModel):
    """值班日记: what was received and done — 接、报、传、跟 (RULES.md R5.4); open items pass to the next shift."""

    class Kind(models.TextChoices):
        CALL = "call", _("来电")
        EVENT = "event", _("事件信息")
        INSTRUCTION = "instruction", _("上级指示")
        HANDOVER = "handover", _("交接班")

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    organisation = models.ForeignKey("divisions.Organisation", verbose_name=_("值班单位"), on_delete=models.PROTECT,
                                     related_name="+")
    received_at = models.DateTimeField(_("时间"))
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    caller_name = models.CharField(_("来电人"), max_length=50, blank=True)
    caller_unit = models.CharField(_("来电单位"), max_length=100, blank=True)
    caller_phone = models.CharField(_("来电电话"), max_length=30, blank=True)
    content = models.TextField(_("内容"))
    actions = models.TextField(_("处理情况"), blank=True)
    on_duty = models.CharField(_("值班人"), max_length=50)
    is_open = models.BooleanField(_("待续办"), default=False)

    class Meta:
        verbose_name = _("值班日志")
        verbose_name_plural = _("值班日志")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
