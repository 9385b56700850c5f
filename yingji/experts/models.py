"""The emergency expert pool (应急管理专家库, seed 003) and each expert's participation log (seed 004)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.divisions.validators import validate_phone
from yingji.experts.rules import Availability, EngagementKind, Level


class Domain(models.Model):
    """One entry of the controlled list in rules.DOMAINS (loaded by a data migration)."""

    code = models.CharField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专业领域")
        verbose_name_plural = _("专业领域")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.name)


class Expert(DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="experts")
    name = models.CharField(_("姓名"), max_length=50)
    domains = models.ManyToManyField(Domain, verbose_name=_("专业领域"), related_name="experts")
    title = models.CharField(_("职称"), max_length=50, blank=True)
    organisation = models.CharField(_("工作单位"), max_length=200, blank=True)
    level = models.CharField(_("专家级别"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    office_phone = models.CharField(_("办公电话"), max_length=30, blank=True, validators=[validate_phone])
    # Never on a public page or in the API for the public; masked in lists and exports.
    private_mobile = models.CharField(_("本人手机"), max_length=20, blank=True, validators=[validate_phone])
    availability = models.CharField(_("可参与程度"), max_length=15, choices=Availability.choices,
                                    default=Availability.AVAILABLE)
    notes = models.TextField(_("备注"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("应急专家")
        verbose_name_plural = _("应急专家库")
        ordering = ["division__code", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ExpertEngagement(DomainModel):
    # The expert's division, copied so the log is scoped like the pool.
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="engagements")
    kind = models.CharField(_("参与方式"), max_length=20, choices=EngagementKind.choices)
    date = models.DateField(_("日期"))
    subject = models.CharField(_("事项"), max_length=200)
    notes = models.TextField(_("情况记录"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("专家参与记录")
        verbose_name_plural = _("专家参与记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.expert} · {self.subject}"
