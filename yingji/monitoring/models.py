"""Monitored sites, their sensors, readings (raw + hourly aggregates), alarms and ingest rejections."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.monitoring.rules import Level

# Site and sensor codes are levels of the MQTT topic: "/" would split a level, "+" and "#" are wildcards.
topic_segment = RegexValidator(r"^[A-Za-z0-9-]+$", _("只能使用字母、数字和短横线(编码是MQTT主题的一级)。"),
                               code="topic_segment")


class Sector(models.TextChoices):
    CHEMICALS = "chemicals", _("危险化学品")
    TAILINGS = "tailings", _("尾矿库")
    MINE = "mine", _("金属非金属矿山")
    METALLURGY = "metallurgy", _("冶金工贸")
    FIREWORKS = "fireworks", _("烟花爆竹")
    GEOLOGICAL = "geological", _("地质灾害隐患点")
    RESERVOIR = "reservoir", _("水库塘坝")
    OTHER = "other", _("其他")


class HazardSourceGrade(models.TextChoices):
    NONE = "", _("非重大危险源")
    GRADE_1 = "1", _("一级重大危险源")
    GRADE_2 = "2", _("二级重大危险源")
    GRADE_3 = "3", _("三级重大危险源")
    GRADE_4 = "4", _("四级重大危险源")


class Site(DomainModel):
    """A monitored enterprise or site (监测点位)."""

    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="monitoring_sites")
    code = models.CharField(_("点位编码"), max_length=40, unique=True, validators=[topic_segment],
                            help_text=_("字母、数字、短横线，用于MQTT主题"))
    name = models.CharField(_("名称"), max_length=200)
    sector = models.CharField(_("行业类别"), max_length=20, choices=Sector.choices)
    hazard_grade = models.CharField(_("重大危险源等级"), max_length=1, choices=HazardSourceGrade.choices,
                                    blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=50)
    responsible_phone = models.CharField(_("责任人电话"), max_length=30, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("监测点位")
        verbose_name_plural = _("监测点位")
        ordering = ["division__code", "code"]

    def __str__(self) -> str:
        return self.name


class SensorKind(models.TextChoices):
    GAS = "gas", _("气体浓度")
    TANK_LEVEL = "tank_level", _("储罐液位")
    TEMPERATURE = "temperature", _("温度")
    PRESSURE = "pressure", _("压力")
    SATURATION_LINE = "saturation_line", _("尾矿库浸润线")
    DISPLACEMENT = "displacement", _("位移")
    WATER_LEVEL = "water_level", _("水位")
    RAINFALL = "rainfall", _("雨量")


class Sensor(DomainModel):
    """A sensor at a site with its four thresholds (RULES.md R2.1 colours), hysteresis and valid range."""

    scope_code_field = "division__code"

    site = models.ForeignKey(Site, verbose_name=_("监测点位"), on_delete=models.PROTECT, related_name="sensors")
    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    code = models.CharField(_("传感器编码"), max_length=60, unique=True, validators=[topic_segment])
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("监测类型"), max_length=20, choices=SensorKind.choices)
    unit = models.CharField(_("单位"), max_length=20)
    interval_seconds = models.PositiveIntegerField(_("采样间隔(秒)"), default=60, validators=[MinValueValidator(1)])
    rising = models.BooleanField(_("超上限报警"), default=True, help_text=_("不勾选则为低于下限报警(如水位过低)"))
    blue = models.FloatField(_("蓝色阈值"), null=True, blank=True)
    yellow = models.FloatField(_("黄色阈值"), null=True, blank=True)
    orange = models.FloatField(_("橙色阈值"), null=True, blank=True)
    red = models.FloatField(_("红色阈值"), null=True, blank=True)
    hysteresis = models.FloatField(_("回差"), default=0, validators=[MinValueValidator(0)])
    rate_limit = models.FloatField(_("变化速率上限(每分钟)"), null=True, blank=True)
    valid_min = models.FloatField(_("量程下限"))
    valid_max = models.FloatField(_("量程上限"))
    # Evaluation state, written only by the ingest service.
    level = models.CharField(_("当前级别"), max_length=10, choices=Level.choices, blank=True, editable=False)
    last_value = models.FloatField(_("最新值"), null=True, blank=True, editable=False)
    last_reading_at = models.DateTimeField(_("最新数据时间"), null=True, blank=True, editable=False)
    offline_after = models.DateTimeField(_("离线判定时间"), null=True, blank=True, editable=False)
    online = models.BooleanField(_("在线"), default=False, editable=False)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("传感器")
        verbose_name_plural = _("传感器")
        ordering = ["site__code", "code"]
        indexes = [models.Index(fields=["online", "offline_after"], name="monitoring_sensor_offline_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_min__lt=models.F("valid_max")), name="sensor_valid_range",
                                   violation_error_message=_("量程下限必须小于上限。")),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    @property
    def thresholds(self) -> dict[str, float | None]:
        return {Level.BLUE: self.blue, Level.YELLOW: self.yellow, Level.ORANGE: self.orange, Level.RED: self.red}

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        values = [v for v in (self.blue, self.yellow, self.orange, self.red) if v is not None]
        ordered = sorted(values) if self.rising else sorted(values, reverse=True)
        if values != ordered:
            raise ValidationError(_("阈值应按 蓝<黄<橙<红 递进(低限报警则递减)。"))


class Reading(models.Model):
    """A raw reading. (sensor, ts) is unique, so a redelivered MQTT message is stored once."""

    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="readings")
    ts = models.DateTimeField(_("时间"))
    value = models.FloatField(_("数值"))

    class Meta:
        verbose_name = _("监测数据")
        verbose_name_plural = _("监测数据")
        constraints = [models.UniqueConstraint(fields=["sensor", "ts"], name="reading_sensor_ts")]

    def __str__(self) -> str:
        return f"{self.sensor_id}@{self.ts:%Y-%m-%d %H:%M:%S} {self.value}"


class HourlyAggregate(models.Model):
    """Readings of one sensor in one hour, kept after the raw readings are pruned."""

    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="hourly")
    hour = models.DateTimeField(_("小时"))
    count = models.PositiveIntegerField(_("条数"))
    minimum = models.FloatField(_("最小值"))
    maximum = models.FloatField(_("最大值"))
    mean = models.FloatField(_("平均值"))

    class Meta:
        verbose_name = _("小时汇总")
        verbose_name_plural = _("小时汇总")
        constraints = [models.UniqueConstraint(fields=["sensor", "hour"], name="aggregate_sensor_hour")]

    def __str__(self) -> str:
        return f"{self.sensor_id}@{self.hour:%Y-%m-%d %H}"


class Alarm(DomainModel):
    """A threshold or offline alarm. At most one unresolved alarm per sensor, kind and level."""

    scope_code_field = "division__code"

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", _("超阈值")
        RATE = "rate", _("变化速率")
        OFFLINE = "offline", _("离线")

    class Status(models.TextChoices):
        OPEN = "open", _("待确认")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        HANDLED = "handled", _("已处置")
        RESOLVED = "resolved", _("已解除")

    sensor = models.ForeignKey(Sensor, verbose_name=_("传感器"), on_delete=models.PROTECT, related_name="alarms")
    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField(_("报警类型"), max_length=10, choices=Kind.choices, default=Kind.THRESHOLD)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    value = models.FloatField(_("触发值"), null=True, blank=True)
    threshold = models.FloatField(_("阈值"), null=True, blank=True)
    peak = models.FloatField(_("峰值"), null=True, blank=True)
    raised_at = models.DateTimeField(_("报警时间"))
    cleared_at = models.DateTimeField(_("恢复正常时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=15, choices=Status.choices, default=Status.OPEN)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(_("处置时间"), null=True, blank=True)
    measures = models.TextField(_("处置措施"), blank=True)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    cause = models.TextField(_("原因"), blank=True)
    false_alarm = models.BooleanField(_("误报"), default=False)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("监测报警")
        verbose_name_plural = _("监测报警")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["status", "raised_at"], name="monitoring_alarm_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["sensor", "kind", "level"], condition=~Q(status="resolved"),
                                    name="alarm_one_open_per_sensor_level",
                                    violation_error_message=_("该传感器此级别已有未解除的报警。")),
        ]

    def __str__(self) -> str:
        return f"{self.sensor_id} {self.get_level_display()} {self.raised_at:%Y-%m-%d %H:%M}"


class Rejection(models.Model):
    """Ingest rejections counted per reason, with the last offending sample for the operator."""

    class Reason(models.TextChoices):
        MALFORMED = "malformed", _("JSON格式错误")
        UNKNOWN_SENSOR = "unknown_sensor", _("未知传感器")
        NOT_NUMERIC = "not_numeric", _("数值非数字")
        OUT_OF_RANGE = "out_of_range", _("超出物理量程")
        BAD_TIME = "bad_time", _("时间戳缺失或过远")

    reason = models.CharField(_("原因"), max_length=20, choices=Reason.choices, unique=True)
    count = models.PositiveBigIntegerField(_("次数"), default=0)
    last_at = models.DateTimeField(_("最近一次"), null=True)
    last_sample = models.CharField(_("最近样本"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("接入拒收统计")
        verbose_name_plural = _("接入拒收统计")
        ordering = ["reason"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.count}"
