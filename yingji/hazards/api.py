"""/api/v1/hazards: the hazard register (list, detail, register, status steps, major-hazard report)
and public reports awaiting triage. Scoped like every other endpoint; writes go through the services."""

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.hazards import selectors, services
from yingji.hazards.registers import HAZARDS, PUBLIC_REPORTS
from yingji.hazards.rules import Category, FoundBy, Grade, Kind, RiskLevel
from yingji.hazards.rules import Status as HazardStatus

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
    responsible_unit: str = ""
    responsible_person: str = ""
    responsible_phone: str = ""
    measures: str = ""
    deadline: datetime.date | None = None
    state_and_cause: str = ""
    harm_analysis: str = ""
    remediation_plan: str = ""


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
    data = payload.dict(exclude_none=True)
    data["division"] = resolve_division(request.user, payload.division)
    return Status(201, services.hazard_create(actor=request.user, data=data))


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


@router.get("/hazards/{pk}", response={200: HazardOut, **READ_ERRORS})
def hazard_get(request, pk: int):
    hazard = HAZARDS.access(request.user, pk)
    require(request, HAZARDS.capability, Action.VIEW)
    return hazard


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
