"""/api/v1/hazards: the hazard register (list, detail, register, change, delete, status steps, major-hazard
report, the monthly or quarterly review list) and public reports with their triage. Scoped like every
other endpoint; writes go through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.hazards import selectors, services
from yingji.hazards.registers import HAZARDS, PUBLIC_REPORTS
from yingji.hazards.rules import Category, FoundBy, Grade, Kind, RiskLevel
from yingji.hazards.rules import Status as HazardStatus
from yingji.monitoring.registers import ALARMS

router = Router(tags=["hazards"])

SCOPED_ROUTES = [
    ("hazards.hazard", "/hazards", "/hazards/{pk}"),
    ("hazards.publicreport", "/hazards/public-reports", "/hazards/public-reports/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class HazardOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    kind: str
    category: str
    title: str
    description: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    grade: str
    risk_level: str
    found_by: str
    found_at: datetime.datetime
    alarm: int | None = Field(None, alias="alarm_id")
    responsible_unit: str
    responsible_person: str
    responsible_phone: str
    measures: str
    deadline: datetime.date | None
    state_and_cause: str
    harm_analysis: str
    remediation_plan: str
    reported_at: datetime.datetime | None
    status: str
    progress: str
    rectified_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    verified_by: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return selectors.is_overdue(obj)


class HazardIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    kind: Kind = Kind.HIDDEN_HAZARD
    category: Category
    title: str
    description: str = ""
    address: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    grade: Grade = Grade.GENERAL
    risk_level: RiskLevel = RiskLevel.LOW
    found_by: FoundBy = FoundBy.INSPECTION
    found_at: datetime.datetime | None = None
    alarm: int | None = Field(None, description="id of the monitoring alarm (required when found_by is alarm)")
    responsible_unit: str = ""
    responsible_person: str = ""
    responsible_phone: str = ""
    measures: str = ""
    deadline: datetime.date | None = None
    state_and_cause: str = ""
    harm_analysis: str = ""
    remediation_plan: str = ""


class HazardPatch(Schema):
    """The fields to change (status changes through the steps). Sent as null, coordinates, the deadline and
    the alarm are cleared; any other field sent as null is ignored. A closed hazard cannot be changed."""

    division: str | None = Field(None, pattern=r"^\d{12}$")
    kind: Kind | None = None
    category: Category | None = None
    title: str | None = None
    description: str | None = None
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    grade: Grade | None = None
    risk_level: RiskLevel | None = None
    found_by: FoundBy | None = None
    found_at: datetime.datetime | None = None
    alarm: int | None = None
    responsible_unit: str | None = None
    responsible_person: str | None = None
    responsible_phone: str | None = None
    measures: str | None = None
    deadline: datetime.date | None = None
    state_and_cause: str | None = None
    harm_analysis: str | None = None
    remediation_plan: str | None = None


NULLABLE_FIELDS = {"latitude", "longitude", "deadline", "alarm"}


class HazardFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: HazardStatus | None = None
    grade: Grade | None = None
    risk_level: RiskLevel | None = None
    kind: Kind | None = None
    category: Category | None = None
    overdue: bool | None = None


class StepIn(Schema):
    model_config = STRICT
    progress: str = ""
    verified_by: str = ""


class ReviewFilters(Schema):
    division: str | None = None
    year: int = Field(..., ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12, description="the month reviewed (this month if neither is given)")
    quarter: int | None = Field(None, ge=1, le=4, description="the quarter reviewed instead of a month")

    @model_validator(mode="after")
    def _one_period(self):
        if self.month is not None and self.quarter is not None:
            raise ValueError(_("请只选择月份或季度之一。"))
        return self


class TriageIn(Schema):
    model_config = STRICT
    accept: bool = Field(description="true: register it as a hazard (found by public report); false: reject")
    note: str = Field("", description="the triage note; required when rejecting")


class PublicReportOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    category: str
    address: str
    text: str
    status: str
    hazard: int | None = Field(None, alias="hazard_id")
    triage_note: str
    created_at: datetime.datetime


@router.get("/hazards", response={200: list[HazardOut], **READ_ERRORS})
@paginated
def hazard_list(request, filters: Query[HazardFilters]):
    require(request, HAZARDS.capability, Action.VIEW)
    qs = within_division(HAZARDS.base_queryset(request.user), request.user, filters.division)
    if filters.overdue:
        qs = selectors.overdue(qs)
    params = filter_params(filters)
    params.pop("overdue", None)
    return filtered(HAZARDS, qs, params)


@router.post("/hazards", response={201: HazardOut, **WRITE_ERRORS})
def hazard_create(request, payload: HazardIn):
    require(request, HAZARDS.capability, Action.ADD)
    data = _resolve(request, payload.dict(exclude_none=True))
    return Status(201, services.hazard_create(actor=request.user, data=data))


def _resolve(request, data: dict) -> dict:
    """The division code and the alarm id of the body → the caller's division and alarm."""
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    if data.get("alarm") is not None:
        alarm = ALARMS.base_queryset(request.user).filter(pk=data["alarm"]).first()
        if alarm is None:
            raise field_error("alarm", _("所选报警不存在或不在您的管辖范围内。"), code="out_of_scope")
        data["alarm"] = alarm
    return data


@router.get("/hazards/review", response={200: list[HazardOut], **READ_ERRORS})
@paginated
def hazard_review(request, filters: Query[ReviewFilters]):
    """The monthly or quarterly review list: hazards found in the period or still not closed at its end."""
    require(request, HAZARDS.capability, Action.VIEW)
    month = None if filters.quarter else (filters.month or timezone.localdate().month)
    start, end = selectors.period_bounds(filters.year, month=month, quarter=filters.quarter)
    qs = within_division(HAZARDS.base_queryset(request.user), request.user, filters.division)
    return selectors.review_list(qs, start, end).order_by("found_at", "id")


@router.get("/hazards/public-reports", response={200: list[PublicReportOut], **READ_ERRORS})
@paginated
def report_list(request, division: str | None = None):
    require(request, PUBLIC_REPORTS.capability, Action.VIEW)
    return within_division(PUBLIC_REPORTS.base_queryset(request.user), request.user, division).order_by(
        "-created_at")


@router.get("/hazards/public-reports/{pk}", response={200: PublicReportOut, **READ_ERRORS})
def report_get(request, pk: int):
    report = PUBLIC_REPORTS.access(request.user, pk)
    require(request, PUBLIC_REPORTS.capability, Action.VIEW)
    return report


@router.post("/hazards/public-reports/{pk}/triage", response={200: PublicReportOut, **WRITE_ERRORS})
def report_triage(request, pk: int, payload: TriageIn):
    """Accept a public report into the register (a new hazard found by public report) or reject it with a note."""
    report = PUBLIC_REPORTS.access(request.user, pk)
    require(request, PUBLIC_REPORTS.capability, Action.CHANGE)
    require(request, HAZARDS.capability, Action.ADD)
    return services.triage(actor=request.user, report=report, accept=payload.accept, note=payload.note)


@router.get("/hazards/{pk}", response={200: HazardOut, **READ_ERRORS})
def hazard_get(request, pk: int):
    hazard = HAZARDS.access(request.user, pk)
    require(request, HAZARDS.capability, Action.VIEW)
    return hazard


@router.patch("/hazards/{pk}", response={200: HazardOut, **WRITE_ERRORS})
def hazard_update(request, pk: int, payload: HazardPatch):
    hazard = HAZARDS.access(request.user, pk)
    require(request, HAZARDS.capability, Action.CHANGE)
    sent = payload.dict(exclude_unset=True)
    data = _resolve(request, {k: v for k, v in sent.items() if v is not None or k in NULLABLE_FIELDS})
    return services.hazard_update(actor=request.user, obj=hazard, data=data)


@router.delete("/hazards/{pk}", response={204: None, **WRITE_ERRORS})
def hazard_delete(request, pk: int):
    hazard = HAZARDS.access(request.user, pk)
    require(request, HAZARDS.capability, Action.DELETE)
    services.soft_delete(actor=request.user, obj=hazard)
    return Status(204, None)


@router.post("/hazards/{pk}/report", response={200: HazardOut, **WRITE_ERRORS})
def hazard_report(request, pk: int):
    """Report a major hazard upward (RULES.md R6.2 contents must be filled)."""
    hazard = HAZARDS.access(request.user, pk)
    require(request, HAZARDS.capability, Action.CHANGE)
    return services.report_major(actor=request.user, hazard=hazard)


@router.post("/hazards/{pk}/status/{to}", response={200: HazardOut, **WRITE_ERRORS})
def hazard_step(request, pk: int, to: HazardStatus, payload: StepIn):
    hazard = HAZARDS.access(request.user, pk)
    require(request, HAZARDS.capability, Action.CHANGE)
    return services.transition(actor=request.user, hazard=hazard, to=to, **payload.dict())
