"""The channel layer's records: a dispatch (one message to many), its deliveries, the in-app inbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.scoping import AllObjectsManager


class Dispatch(models.Model):
    """One message sent to many recipients over several channels; `dedupe_key` makes sending idempotent."""

    scope_code_field = "division__code"

    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True)
    topic = models.CharField(_("主题类别"), max_length=50, db_index=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_id = models.CharField(max_length=40, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    total = models.PositiveIntegerField(_("投递总数"), default=0)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)

    objects = AllObjectsManager()

    class Meta:
        verbose_name = _("消息发送")
        verbose_name_plural = _("消息发送")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One message to one recipient over one channel; claimed before sending so it is sent once."""

    scope_code_field = "dispatch__division__code"

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("失败")

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="deliveries")
    recipient_key = models.CharField(_("接收对象"), max_length=120)
    channel = models.CharField(_("渠道"), max_length=20)
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.CharField(_("邮箱"), max_length=200, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    last_error = models.CharField(_("错误"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    objects = AllObjectsManager()

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "recipient_key", "channel"], name="delivery_once_per_recipient"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.recipient_key} / {self.channel}"


class Notification(models.Model):
    """The in-app inbox; one row per delivery, so a repeated send cannot add a second."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    delivery = models.OneToOneField(Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject


class LocalGatewayMessage(models.Model):
    """What the built-in SMS gateway accepted: the demo's and the tests' stand-in for a carrier.

    Like a real gateway it de-duplicates on the idempotency key it is given (the delivery id).
    """

    idempotency_key = models.CharField(max_length=64, unique=True)
    phone = models.CharField(max_length=30)
    text = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("本地短信网关记录")
        verbose_name_plural = _("本地短信网关记录")

    def __str__(self) -> str:
        return f"{self.phone}: {self.text[:20]}"
