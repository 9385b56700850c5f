"""/api/v1/monitoring: sites and sensors (list, create, detail, change, delete), readings (series and the
HTTP batch ingest), alarms and their workflow, ingest rejections, the yearly figure. Scoped like every
other endpoint; writes go through the services."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import division_in_scope, filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.monitoring import permissions, selectors, services
from yingji.monitoring.models import Alarm, Sector, SensorKind
from yingji.monitoring.registers import ALARMS, SENSORS, SITES
from yingji.monitoring.rules import Level

router = Router(tags=["monitoring"])

SCOPED_ROUTES = [
    ("monitoring.site", "/monitoring/sites", "/monitoring/sites/{pk}"),
    ("monitoring.sensor", "/monitoring/sensors", "/monitoring/sensors/{pk}"),
    ("monitoring.alarm", "/monitoring/alarms", "/monitoring/alarms/{pk}"),
]
STRICT = ConfigDict(extra="forbid")
# One HTTP batch holds at most this many readings.
MAX_BATCH = 5000


class SiteOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    code: str
    name: str
    sector: str
    hazard_grade: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    responsible_person: str
    responsible_phone: str


class SiteIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    code: str = Field(..., pattern=r"^[A-Za-z0-9-]{1,40}$")
    name: str
    sector: Sector
    hazard_grade: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    responsible_person: str
    responsible_phone: str = ""


class SitePatch(Schema):
    """The fields to change; a changed code changes the site's MQTT topics (yingji/<division>/<site>/…)."""

    model_config = STRICT
    division: str | None = Field(None, pattern=r"^\d{12}$")
    code: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{1,40}$")
    name: str | None = None
    sector: Sector | None = None
    hazard_grade: str | None = None
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    responsible_person: str | None = None
    responsible_phone: str | None = None


class SiteFilters(Schema):
    division: str | None = None
    q: str | None = None
    sector: Sector | None = None


class SensorOut(Schema):
    id: int
    site: str = Field(..., alias="site.code")
    division: str = Field(..., alias="division.code")
    code: str
    name: str
    kind: str
    unit: str
    interval_seconds: int
    rising: bool
    blue: float | None
    yellow: float | None
    orange: float | None
    red: float | None
    hysteresis: float
    rate_limit: float | None
    valid_min: float
    valid_max: float
    level: str
    last_value: float | None
    last_reading_at: datetime.datetime | None
    online: bool


class SensorIn(Schema):
    model_config = STRICT
    site: str = Field(..., description="the site's code, within the caller's subtree")
    code: str = Field(..., pattern=r"^[A-Za-z0-9-]{1,60}$")
    name: str
    kind: SensorKind
    unit: str
    interval_seconds: int = Field(60, ge=1)
    rising: bool = True
    blue: float | None = None
    yellow: float | None = None
    orange: float | None = None
    red: float | None = None
    hysteresis: float = Field(0, ge=0)
    rate_limit: float | None = Field(None, gt=0)
    valid_min: float
    valid_max: float


class SensorPatch(Schema):
    """The fields to change. Thresholds sent as null are removed; the new thresholds apply from the
    sensor's next reading."""

    model_config = STRICT
    site: str | None = Field(None, description="the site's code, within the caller's subtree")
    code: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{1,60}$")
    name: str | None = None
    kind: SensorKind | None = None
    unit: str | None = None
    interval_seconds: int | None = Field(None, ge=1)
    rising: bool | None = None
    blue: float | None = None
    yellow: float | None = None
    orange: float | None = None
    red: float | None = None
    hysteresis: float | None = Field(None, ge=0)
    rate_limit: float | None = Field(None, gt=0)
    valid_min: float | None = None
    valid_max: float | None = None


# Sent as null, these clear the value; any other field sent as null is ignored.
NULLABLE_SENSOR_FIELDS = {"blue", "yellow", "orange", "red", "rate_limit"}
NULLABLE_SITE_FIELDS = {"latitude", "longitude"}


class SensorFilters(Schema):
    division: str | None = None
    q: str | None = None
    kind: SensorKind | None = None
    level: Level | None = None


class PointOut(Schema):
    ts: datetime.datetime
    value: float


class BatchOut(Schema):
    stored: int
    rejected: dict[str, int]
    alarms: list[int]


class AlarmOut(Schema):
    id: int
    sensor: str = Field(..., alias="sensor.code")
    site: str = Field(..., alias="sensor.site.code")
    division: str = Field(..., alias="division.code")
    kind: str
    level: str
    value: float | None
    threshold: float | None
    peak: float | None
    raised_at: datetime.datetime
    cleared_at: datetime.datetime | None
    status: str
    escalated_at: datetime.datetime | None
    acknowledged_at: datetime.datetime | None
    handled_at: datetime.datetime | None
    measures: str
    resolved_at: datetime.datetime | None
    cause: str
    false_alarm: bool


class AlarmFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: Alarm.Status | None = None
    level: Level | None = None
    kind: Alarm.Kind | None = None


class AlarmStepIn(Schema):
    model_config = STRICT
    measures: str = ""
    cause: str = ""
    false_alarm: bool = False


class YearlyOut(Schema):
    division: str
    year: int
    effective_alarms: int
    hazards_resolved: int
    total: int


class RejectionOut(Schema):
    reason: str
    count: int
    last_at: datetime.datetime | None
    last_sample: str


@router.get("/monitoring/sites", response={200: list[SiteOut], **READ_ERRORS})
@paginated
def site_list(request, filters: Query[SiteFilters]):
    require(request, SITES.capability, Action.VIEW)
    qs = within_division(SITES.base_queryset(request.user), request.user, filters.division)
    return filtered(SITES, qs, filter_params(filters))


@router.post("/monitoring/sites", response={201: SiteOut, **WRITE_ERRORS})
def site_create(request, payload: SiteIn):
    require(request, SITES.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    return Status(201, services.site_create(actor=request.user, data=data))


@router.get("/monitoring/sites/{pk}", response={200: SiteOut, **READ_ERRORS})
def site_get(request, pk: int):
    site = SITES.access(request.user, pk)
    require(request, SITES.capability, Action.VIEW)
    return site


def _changes(payload: Schema, nullable: set[str]) -> dict:
    """The fields the client sent: null clears a nullable field and is ignored for the others."""
    sent = payload.dict(exclude_unset=True)
    return {k: v for k, v in sent.items() if v is not None or k in nullable}


@router.patch("/monitoring/sites/{pk}", response={200: SiteOut, **WRITE_ERRORS})
def site_update(request, pk: int, payload: SitePatch):
    site = SITES.access(request.user, pk)
    require(request, SITES.capability, Action.CHANGE)
    data = _changes(payload, NULLABLE_SITE_FIELDS)
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    return services.site_update(actor=request.user, obj=site, data=data)


@router.delete("/monitoring/sites/{pk}", response={204: None, **WRITE_ERRORS})
def site_delete(request, pk: int):
    site = SITES.access(request.user, pk)
    require(request, SITES.capability, Action.DELETE)
    services.site_delete(actor=request.user, obj=site)
    return Status(204, None)


@router.get("/monitoring/sensors", response={200: list[SensorOut], **READ_ERRORS})
@paginated
def sensor_list(request, filters: Query[SensorFilters]):
    require(request, SENSORS.capability, Action.VIEW)
    qs = within_division(SENSORS.base_queryset(request.user), request.user, filters.division)
    return filtered(SENSORS, qs, filter_params(filters))


@router.post("/monitoring/sensors", response={201: SensorOut, **WRITE_ERRORS})
def sensor_create(request, payload: SensorIn):
    """A sensor at a site of the caller's subtree; thresholds checked as in the form and the Excel import."""
    require(request, SENSORS.capability, Action.ADD)
    data = {**payload.dict(), "site": _site_by_code(request, payload.site)}
    return Status(201, services.sensor_create(actor=request.user, data=data))


def _site_by_code(request, code: str):
    site = SITES.base_queryset(request.user).filter(code=code).first()
    if site is None:
        raise field_error("site", _("辖区内没有此编码的监测点位。"), code="not_found")
    return site


@router.get("/monitoring/sensors/{pk}", response={200: SensorOut, **READ_ERRORS})
def sensor_get(request, pk: int):
    sensor = SENSORS.access(request.user, pk)
    require(request, SENSORS.capability, Action.VIEW)
    return sensor


@router.patch("/monitoring/sensors/{pk}", response={200: SensorOut, **WRITE_ERRORS})
def sensor_update(request, pk: int, payload: SensorPatch):
    """Thresholds, hysteresis, rate limit and range are checked as in the form (蓝<黄<橙<红, min < max)."""
    sensor = SENSORS.access(request.user, pk)
    require(request, SENSORS.capability, Action.CHANGE)
    data = _changes(payload, NULLABLE_SENSOR_FIELDS)
    if "site" in data:
        data["site"] = _site_by_code(request, data["site"])
    return services.sensor_update(actor=request.user, obj=sensor, data=data)


@router.delete("/monitoring/sensors/{pk}", response={204: None, **WRITE_ERRORS})
def sensor_delete(request, pk: int):
    """A deleted sensor's readings are refused from then on (counted as unknown_sensor)."""
    sensor = SENSORS.access(request.user, pk)
    require(request, SENSORS.capability, Action.DELETE)
    services.soft_delete(actor=request.user, obj=sensor)
    return Status(204, None)


@router.get("/monitoring/sensors/{pk}/readings", response={200: list[PointOut], **READ_ERRORS})
def sensor_readings(request, pk: int, start: datetime.datetime | None = None, end: datetime.datetime | None = None):
    """Raw readings for spans up to two days, hourly means beyond (a year stays queryable)."""
    sensor = SENSORS.access(request.user, pk)
    require(request, SENSORS.capability, Action.VIEW)
    end = end or timezone.now()
    start = start or end - datetime.timedelta(days=1)
    return [{"ts": ts, "value": v} for ts, v in selectors.series(sensor, start, end)]


@router.post("/monitoring/readings", response={200: BatchOut, **WRITE_ERRORS})
def readings_batch(request, payload: list[Any]):
    """The HTTP twin of the MQTT feed: a JSON array of {"sensor", "ts", "value"} objects, validated and
    counted per reason exactly like MQTT messages (one bad item never fails the batch)."""
    require(request, permissions.INGEST.code, Action.ADD)
    if len(payload) > MAX_BATCH:
        raise field_error("body", _("一次最多提交%(n)d条数据。") % {"n": MAX_BATCH}, code="too_many")
    result = services.ingest([(None, item) for item in payload], within=scope_division(request.user))
    return {"stored": result.stored, "rejected": dict(result.rejected), "alarms": [a.pk for a in result.alarms]}


@router.get("/monitoring/rejections", response={200: list[RejectionOut], **READ_ERRORS})
def rejection_list(request):
    require(request, permissions.INGEST.code, Action.VIEW)
    return list(selectors.rejections())


@router.get("/monitoring/yearly", response={200: list[YearlyOut], **READ_ERRORS})
def yearly_figure(request, year: int | None = None, division: str | None = None):
    """Seed 003's yearly figure (effective alarms, hazards resolved) for the year and the two before it,
    for the caller's division or a division of its subtree."""
    require(request, ALARMS.capability, Action.VIEW)
    target = division_in_scope(request.user, division) if division else scope_division(request.user)
    if target is None:
        raise Http404
    this_year = timezone.localdate().year
    year = min(max(year or this_year, 2000), this_year)
    return [{"division": target.code, "year": y, **selectors.yearly_figure(target, y)}
            for y in range(year, year - 3, -1)]


@router.get("/monitoring/alarms", response={200: list[AlarmOut], **READ_ERRORS})
@paginated
def alarm_list(request, filters: Query[AlarmFilters]):
    require(request, ALARMS.capability, Action.VIEW)
    qs = within_division(ALARMS.base_queryset(request.user), request.user, filters.division)
    return filtered(ALARMS, qs, filter_params(filters))


@router.get("/monitoring/alarms/{pk}", response={200: AlarmOut, **READ_ERRORS})
def alarm_get(request, pk: int):
    alarm = ALARMS.access(request.user, pk)
    require(request, ALARMS.capability, Action.VIEW)
    return alarm


@router.post("/monitoring/alarms/{pk}/{step}", response={200: AlarmOut, **WRITE_ERRORS})
def alarm_step(request, pk: int, step: str, payload: AlarmStepIn):
    """step: acknowledge | handle (measures) | resolve (cause, false_alarm: true marks a false alarm, which
    the yearly figure then leaves out). Any step stamps the first acknowledgement, which stops escalation."""
    alarm = ALARMS.access(request.user, pk)
    require(request, ALARMS.capability, Action.CHANGE)
    return services.alarm_step(actor=request.user, alarm=alarm, step=step, **payload.dict())
