"""Periodic work reports that lower levels submit to the level above (issue 5 §5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.divisions.models import Division
from yingji.workreports import rules


class ReferenceQuerySet(models.QuerySet):
    """Templates are reference data read by every level: visible to any signed-in user."""

    def visible_to(self, user):
        return self if user is not None and getattr(user, "is_authenticated", False) else self.none()

    def within(self, division):
        return self


class ReportTemplate(models.Model):
    """A kind of periodic report: its sections, cadence, who submits it and when it is due."""

    class Cadence(models.TextChoices):
        QUARTERLY = "quarterly", _("每季度")
        WEEKLY = "weekly", _("每周（活动期间）")
        ANNUAL = "annual", _("每年")
        ONCE = "once", _("一次（活动结束后）")

    code = models.SlugField(_("模板编号"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    cadence = models.CharField(_("报送周期"), max_length=10, choices=Cadence.choices)
    levels = models.JSONField(_("报送层级"), default=list, help_text=_("如 [\"township\", \"county\"]"))
    sections = models.JSONField(_("栏目"), default=list, help_text=_("栏目标题列表，如 [\"工作动态\", \"组织体系\"]"))
    due_days = models.PositiveSmallIntegerField(_("期末后报送天数"))
    source = models.CharField(_("依据"), max_length=300)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ReferenceQuerySet.as_manager()
    all_objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        valid = set(Division.Level.values)
        if not isinstance(self.levels, list) or not self.levels or not set(self.levels) <= valid:
            raise ValidationError({"levels": _("报送层级须为以下值的列表：%s") % "、".join(sorted(valid))})
        if (not isinstance(self.sections, list) or not self.sections
                or not all(isinstance(s, str) and s.strip() for s in self.sections)
                or len(set(self.sections)) != len(self.sections)):
            raise ValidationError({"sections": _("栏目须为不重复、非空的标题列表。")})


class Campaign(DomainModel):
    """An activity over a span of dates in a division's subtree, with weekly progress reports (seed 002)."""

    division = models.ForeignKey("divisions.Division", verbose_name=_("活动区划"), on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField(_("活动名称"), max_length=100)
    template = models.ForeignKey(ReportTemplate, verbose_name=_("报告模板"), on_delete=models.PROTECT,
                                 related_name="campaigns",
                                 limit_choices_to={"cadence__in": ["weekly", "once"]})
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("专项活动")
        verbose_name_plural = _("专项活动")
        ordering = ["-start_date"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                              name="workreports_campaign_dates_ordered")]

    def __str__(self) -> str:
        return self.name


class ReportDue(DomainModel):
    """One report a division owes for one period."""

    template = models.ForeignKey(ReportTemplate, verbose_name=_("报告模板"), on_delete=models.PROTECT,
                                 related_name="dues")
    division = models.ForeignKey("divisions.Division", verbose_name=_("报送区划"), on_delete=models.PROTECT,
                                 related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name=_("专项活动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="dues")
    period_label = models.CharField(_("报告期"), max_length=40)
    period_start = models.DateField(_("报告期开始"))
    period_end = models.DateField(_("报告期结束"))
    due_date = models.DateField(_("报送期限"))

    class Meta:
        verbose_name = _("应报报告")
        verbose_name_plural = _("应报报告")
        ordering = ["-due_date", "division__code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "division", "period_start"],
                                    name="workreports_one_due_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")) & Q(due_date__gte=F("period_end")),
                                   name="workreports_due_dates_ordered"),
        ]
        indexes = [models.Index(fields=["due_date"], name="workreports_due_date")]

    def __str__(self) -> str:
        return f"{self.division.name} {self.period_label}{self.template.name}"


def _attachment_size(file) -> None:
    if file.size > rules.ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("附件不能超过 %(mb)d MB。") % {"mb": rules.ATTACHMENT_MAX_BYTES // (1024 * 1024)})


class Submission(DomainModel):
    """The one submission of a due report; immutable once made (corrections are follow-up notes)."""

    due = models.OneToOneField(ReportDue, verbose_name=_("应报报告"), on_delete=models.PROTECT,
                               related_name="submission")
    division = models.ForeignKey("divisions.Division", verbose_name=_("报送区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    submitted_at = models.DateTimeField(_("报送时间"), editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    content = models.JSONField(_("内容"), default=dict)
    attachment = models.FileField(
        _("附件"), upload_to="workreports/%Y/%m/", blank=True,
        validators=[FileExtensionValidator(rules.ATTACHMENT_EXTENSIONS), _attachment_size])
    days_late = models.PositiveSmallIntegerField(_("迟报天数"), default=0, editable=False)

    class Meta:
        verbose_name = _("报告报送")
        verbose_name_plural = _("报告报送")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return str(self.due)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class SubmissionNote(DomainModel):
    """A follow-up note on a submitted report: the way to correct it."""

    submission = models.ForeignKey(Submission, verbose_name=_("报告报送"), on_delete=models.PROTECT,
                                   related_name="notes")
    division = models.ForeignKey("divisions.Division", verbose_name=_("报送区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    text = models.TextField(_("补充说明"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        verbose_name = _("补充说明")
        verbose_name_plural = _("补充说明")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]
