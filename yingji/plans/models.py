"""Emergency plans, their hazard topics, attachments and lifecycle history (issue 3 §1)."""


from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.files import PrivateStorage
from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager, ScopedQuerySet
from yingji.plans import rules


class HazardTopic(models.Model):
    """Controlled, admin-extendable list of hazard topics a plan may cover."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    township_required = models.BooleanField(_("乡镇须编制"), default=False,
                                            help_text=_("每个乡镇(街道)都应有覆盖该灾种的预案(《“基层应急能力提升年”活动实施方案》)。"))

    class Meta:
        verbose_name = _("灾种")
        verbose_name_plural = _("灾种")
        ordering = ["-township_required", "name"]

    def __str__(self) -> str:
        return self.name


class Plan(DomainModel):
    class Kind(models.TextChoices):
        OVERALL = "overall", _("总体应急预案")
        SPECIAL = "special", _("专项应急预案")
        DEPARTMENT = "department", _("部门应急预案")
        GRASSROOTS = "grassroots", _("基层组织和单位应急预案")
        ENTERPRISE = "enterprise", _("企业应急预案")
        JOINT = "joint", _("联合应急预案")
        CATASTROPHE = "catastrophe", _("巨灾应急预案")
        COMBINED = "combined", _("村级多案合一预案")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交审议")
        DELIBERATED = "deliberated", _("已审议")
        FILING = "filing", _("已报上级备案")
        FILED = "filed", _("已备案")
        PUBLISHED = "published", _("已发布")
        REVISING = "revising", _("修订中")
        SUPERSEDED = "superseded", _("已废止")

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    organisation = models.ForeignKey("divisions.Organisation", verbose_name=_("编制单位"), on_delete=models.PROTECT,
                                     related_name="+")
    title = models.CharField(_("预案名称"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    kind = models.CharField(_("预案类型"), max_length=20, choices=Kind.choices)
    topics = models.ManyToManyField(HazardTopic, verbose_name=_("灾种"), blank=True, related_name="plans")
    version = models.CharField(_("版本"), max_length=20, default="1.0")
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    supersedes = models.ForeignKey("self", verbose_name=_("替代的预案"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="superseded_by")
    checked_contents = models.JSONField(_("已具备的内容"), default=list, blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)
    confidential = models.BooleanField(_("涉密"), default=False, help_text=_("涉密预案不在门户网站公开。"))
    # Internal: shown to staff only, never on the public portal.
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    issued_date = models.DateField(_("印发日期"), null=True, blank=True, editable=False)
    filed_date = models.DateField(_("备案日期"), null=True, blank=True, editable=False)
    published_date = models.DateField(_("发布日期"), null=True, blank=True, editable=False)
    # R4.4: the last periodic evaluation that found the plan still fit; the next one is due 3 years later.
    evaluated_date = models.DateField(_("评估日期"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["division__code", "title"]

    def __str__(self) -> str:
        return self.title

    # The township's own plans (seed 002: 街道(乡)应急预案, its overall and its hazard plans alike); units and
    # enterprises located in a township follow their own rules.
    TOWNSHIP_GOVERNMENT_KINDS = (Kind.OVERALL, Kind.SPECIAL, Kind.JOINT, Kind.CATASTROPHE)

    def required_contents(self) -> tuple[str, ...]:
        if self.kind == self.Kind.COMBINED:
            return rules.LEGAL_CONTENTS + rules.VILLAGE_CONTENTS
        if self.division.level == "township" and self.kind in self.TOWNSHIP_GOVERNMENT_KINDS:
            return rules.LEGAL_CONTENTS + rules.TOWNSHIP_CONTENTS
        return rules.LEGAL_CONTENTS


class PlanEvent(models.Model):
    """One lifecycle step: who moved the plan from which state to which, when, and why."""

    scope_code_field = "plan__division__code"
    plan = models.ForeignKey(Plan, verbose_name=_("预案"), on_delete=models.CASCADE, related_name="events")
    # Empty for steps the system takes itself (the demo loader).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                              related_name="+", null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Plan.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Plan.Status.choices)
    comment = models.TextField(_("说明"), blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("预案流转记录")
        verbose_name_plural = _("预案流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class PlanAttachment(DomainModel):
    """The plan's full text or its public version: PDF, DOCX, DOC or WPS, checked by content."""

    scope_code_field = "plan__division__code"

    class Kind(models.TextChoices):
        FULL = "full", _("预案全文")
        PUBLIC = "public", _("公开版本")
        EXPLANATION = "explanation", _("编制说明")

    plan = models.ForeignKey(Plan, verbose_name=_("预案"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), storage=PrivateStorage("plan-files", root_setting="YINGJI_PLAN_FILES_ROOT"),
                            upload_to="plans/%Y/%m/", max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"), default=0)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.FULL)
    public = models.BooleanField(_("对外公开"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("预案附件")
        verbose_name_plural = _("预案附件")
        ordering = ["plan", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name
