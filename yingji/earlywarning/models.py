"""Warnings (预警信息) as CAP messages, broadcast endpoints, public subscribers, risk bulletins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.divisions.models import Division, Organisation
from yingji.divisions.validators import validate_phone
from yingji.earlywarning.rules import LEVELS, HazardType, Level


class EarlyWarning(DomainModel):
    """One warning message. An update or a cancellation is a new message that references the
    one before it (CAP msgType Update/Cancel with <references>); issued messages never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已审核")
        ISSUED = "issued", _("已发布")
        UPDATED = "updated", _("已更新")      # superseded by an issued Update
        LIFTED = "lifted", _("已解除")        # R2.8: threat over, warning lifted
        CANCELLED = "cancelled", _("已撤销")  # withdrawn (a draft discarded, or issued in error)

    class MsgType(models.TextChoices):
        ALERT = "Alert", _("首发")
        UPDATE = "Update", _("更新")
        CANCEL = "Cancel", _("解除/撤销")

    class Certainty(models.TextChoices):
        OBSERVED = "Observed", _("已发生")
        LIKELY = "Likely", _("很可能(≥50%)")
        POSSIBLE = "Possible", _("可能(<50%)")

    division = models.ForeignKey(Division, verbose_name=_("发布区划"), on_delete=models.PROTECT,
                                 related_name="+")
    issuer = models.ForeignKey(Organisation, verbose_name=_("发布单位"), on_delete=models.PROTECT,
                               related_name="+")
    areas = models.ManyToManyField(Division, verbose_name=_("可能影响的范围"), related_name="warnings")
    hazard_type = models.CharField(_("预警类别"), max_length=20, choices=HazardType.choices)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    headline = models.CharField(_("标题"), max_length=120)
    onset = models.DateTimeField(_("起始时间"))
    expires = models.DateTimeField(_("截止时间"))
    description = models.TextField(_("警示事项"))
    measures = models.TextField(_("应当采取的措施"))
    certainty = models.CharField(_("可能性"), max_length=10, choices=Certainty.choices, default=Certainty.LIKELY)
    contact = models.CharField(_("联系电话"), max_length=50, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    msg_type = models.CharField(_("消息类型"), max_length=10, choices=MsgType.choices, default=MsgType.ALERT,
                                editable=False)
    previous = models.ForeignKey("self", verbose_name=_("引用的上一条消息"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="followers", editable=False)
    identifier = models.CharField(_("预警信息唯一标识"), max_length=40, blank=True, editable=False)
    sent = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    reason = models.CharField(_("解除/撤销原因"), max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        verbose_name = _("预警信息")
        verbose_name_plural = _("预警信息")
        ordering = ["-sent", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires"], name="ew_status_expires_idx")]
        constraints = [
            models.UniqueConstraint(fields=["identifier"], condition=~Q(identifier=""),
                                    name="ew_identifier_unique"),
            models.CheckConstraint(condition=Q(expires__gt=models.F("onset")), name="ew_expires_after_onset",
                                   violation_error_message=_("截止时间必须晚于起始时间。")),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="ew_level_1_to_4"),
            models.CheckConstraint(condition=Q(msg_type="Alert") | Q(previous__isnull=False),
                                   name="ew_update_cancel_reference_previous"),
            models.CheckConstraint(condition=Q(status__in=["draft", "approved", "cancelled"]) | ~Q(identifier=""),
                                   name="ew_issued_has_identifier"),
        ]

    def __str__(self) -> str:
        return self.headline

    @property
    def level_info(self):
        return LEVELS[self.level]

    @property
    def colour(self) -> str:
        return str(self.level_info.colour)

    @property
    def colour_hex(self) -> str:
        return self.level_info.hex

    @property
    def is_published(self) -> bool:
        return bool(self.identifier)


class BroadcastEndpoint(DomainModel):
    """An emergency-broadcast terminal or village loudspeaker (seed 002: 应急广播、大喇叭)."""

    class Kind(models.TextChoices):
        EMERGENCY_BROADCAST = "emergency_broadcast", _("应急广播")
        LOUDSPEAKER = "loudspeaker", _("大喇叭")
        SIREN = "siren", _("警报器")
        DISPLAY = "display", _("电子显示屏")

    division = models.ForeignKey(Division, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("终端地址"), max_length=100,
                               help_text=_("广播平台中的终端编号或地址"))
    keeper = models.CharField(_("管理人"), max_length=50, blank=True)
    keeper_phone = models.CharField(_("管理人电话"), max_length=30, blank=True, validators=[validate_phone])
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("广播终端")
        verbose_name_plural = _("广播终端")
        ordering = ["division__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["address"], condition=Q(deleted_at__isnull=True),
                                    name="ew_endpoint_address_unique",
                                    violation_error_message=_("该终端地址已登记。")),
        ]

    def __str__(self) -> str:
        return self.name


class PublicSubscriber(DomainModel):
    """A member of the public who asked for warnings of a division by SMS, confirmed by a code."""

    division = models.ForeignKey(Division, verbose_name=_("订阅区划"), on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("手机"), max_length=20, validators=[validate_phone])
    confirmation_code = models.CharField(_("确认码"), max_length=6, editable=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("公众订阅")
        verbose_name_plural = _("公众订阅")
        ordering = ["division__code", "phone"]
        constraints = [
            models.UniqueConstraint(fields=["division", "phone"], condition=Q(deleted_at__isnull=True),
                                    name="ew_subscriber_once_per_division",
                                    violation_error_message=_("该手机号已订阅此区划。")),
        ]

    def __str__(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}" if len(self.phone) >= 7 else self.phone

    @property
    def phone_masked(self) -> str:
        return str(self)


class RiskBulletin(DomainModel):
    """月度风险提示 (seed 003): drafted from the month's data, edited and published by the bureau."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    division = models.ForeignKey(Division, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"))
    title = models.CharField(_("标题"), max_length=120)
    overview = models.TextField(_("总体形势"), blank=True)
    alarms_text = models.TextField(_("监测报警情况"), blank=True)
    hazards_text = models.TextField(_("隐患排查情况"), blank=True)
    incidents_text = models.TextField(_("突发事件情况"), blank=True)
    seasonal_text = models.TextField(_("季节性风险提示"), blank=True)
    measures = models.TextField(_("防范措施建议"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        verbose_name = _("月度风险提示")
        verbose_name_plural = _("月度风险提示")
        ordering = ["-year", "-month", "division__code"]
        constraints = [
            models.UniqueConstraint(fields=["division", "year", "month"], condition=Q(deleted_at__isnull=True),
                                    name="ew_bulletin_once_per_month",
                                    violation_error_message=_("该区划本月的风险提示已存在。")),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="ew_bulletin_month_valid"),
        ]

    def __str__(self) -> str:
        return self.title
