"""The hazard register (隐患排查治理台账) and public reports (隐患举报) awaiting triage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.files import PrivateStorage, random_name
from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.hazards.rules import Category, FoundBy, Grade, Kind, RiskLevel, Status

# Hazard and public-report photos share one private storage (beside MEDIA_ROOT, no URL, served only by a
# view that checks the record may be seen): a report accepted into the register hands its photo on.
PHOTO_STORAGE = PrivateStorage("hazard-photos")


def hazard_photo_path(instance: Hazard, filename: str) -> str:
    return random_name("hazards", filename)


def report_photo_path(instance: PublicReport, filename: str) -> str:
    return random_name("hazard-reports", filename)


class Hazard(DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="hazards")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.HIDDEN_HAZARD)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("情况描述"), blank=True)
    address = models.CharField(_("位置"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    grade = models.CharField(_("隐患等级"), max_length=10, choices=Grade.choices, default=Grade.GENERAL)
    risk_level = models.CharField(_("风险等级"), max_length=15, choices=RiskLevel.choices, default=RiskLevel.LOW)
    found_by = models.CharField(_("发现方式"), max_length=15, choices=FoundBy.choices, default=FoundBy.INSPECTION)
    found_at = models.DateTimeField(_("发现时间"))
    alarm = models.ForeignKey("monitoring.Alarm", verbose_name=_("关联报警"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="hazards")
    responsible_unit = models.CharField(_("责任单位"), max_length=200, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    responsible_phone = models.CharField(_("责任人电话"), max_length=30, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    # Major hazards (RULES.md R6.2): report contents.
    state_and_cause = models.TextField(_("隐患现状及产生原因"), blank=True)
    harm_analysis = models.TextField(_("危害程度和整改难易程度分析"), blank=True)
    remediation_plan = models.TextField(_("治理方案"), blank=True)
    reported_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=15, choices=Status.choices, default=Status.OPEN)
    progress = models.TextField(_("整改进展"), blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("验收销号时间"), null=True, blank=True)
    verified_by = models.CharField(_("验收人"), max_length=50, blank=True)
    photo = models.FileField(_("现场照片"), storage=PHOTO_STORAGE, upload_to=hazard_photo_path, blank=True,
                             max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患排查治理台账")
        ordering = ["-found_at", "-id"]
        indexes = [models.Index(fields=["status", "deadline"], name="hazard_status_deadline_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="hazard_closed_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class PublicReport(DomainModel):
    """An anonymous 隐患举报 from the public, triaged by the office into the register."""

    scope_code_field = "division__code"

    class Status(models.TextChoices):
        NEW = "new", _("待核实")
        ACCEPTED = "accepted", _("已登记入账")
        REJECTED = "rejected", _("不予受理")

    division = models.ForeignKey("divisions.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                                 related_name="+")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.OTHER)
    address = models.CharField(_("位置"), max_length=200)
    text = models.TextField(_("举报内容"), max_length=2000)
    contact = models.CharField(_("联系方式(可不填)"), max_length=50, blank=True)
    photo = models.FileField(_("照片"), storage=PHOTO_STORAGE, upload_to=report_photo_path, blank=True,
                             max_length=255)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW)
    hazard = models.OneToOneField(Hazard, verbose_name=_("登记的隐患"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="public_report")
    triage_note = models.TextField(_("核实意见"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("群众隐患举报")
        verbose_name_plural = _("群众隐患举报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.address} {self.text[:20]}"
