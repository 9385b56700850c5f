"""/api/v1/training: sessions, attendance and certificates (list, detail, create) and the yearly quota
progress. Scoped like every other endpoint; writes go through the services."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import (
    filter_params,
    paginated,
    resolve_division,
    resolve_organisation,
    within_division,
)
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.divisions.models import Person
from yingji.training import selectors, services
from yingji.training.registers import ATTENDANCES, CERTIFICATES, SESSIONS
from yingji.training.rules import Audience, CertificateKind, Level, Mode

router = Router(tags=["training"])

SCOPED_ROUTES = [
    ("training.trainingsession", "/training/sessions", "/training/sessions/{pk}"),
    ("training.attendance", "/training/attendances", "/training/attendances/{pk}"),
    ("training.certificate", "/training/certificates", "/training/certificates/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class SessionOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    topic: str
    level: str
    organiser: int | None = Field(None, alias="organiser_id")
    trainer: str
    date: datetime.date
    year: int
    hours: Decimal
    mode: str
    audience: str
    place: str
    materials: str
    has_materials_file: bool

    @staticmethod
    def resolve_has_materials_file(obj) -> bool:
        return bool(obj.materials_file)


class SessionIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    topic: str
    level: Level
    organiser: int | None = None
    trainer: str = ""
    date: datetime.date
    hours: Decimal
    mode: Mode = Mode.OFFLINE
    audience: Audience
    place: str = ""
    materials: str = ""


class SessionFilters(Schema):
    division: str | None = None
    q: str | None = None
    year: int | None = None
    level: Level | None = None
    audience: Audience | None = None
    mode: Mode | None = None


class AttendanceOut(Schema):
    id: int
    session: int = Field(..., alias="session_id")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    passed: bool
    note: str


class AttendanceIn(Schema):
    model_config = STRICT
    session: int
    person: int
    passed: bool = True
    note: str = ""


class AttendanceFilters(Schema):
    division: str | None = None
    session: int | None = None
    year: int | None = None
    passed: bool | None = None


class CertificateOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    kind: str
    number: str
    issuer: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    valid: bool

    @staticmethod
    def resolve_valid(obj) -> bool:
        return selectors.is_valid(obj)


class CertificateIn(Schema):
    model_config = STRICT
    person: int
    kind: CertificateKind = CertificateKind.RESCUER
    number: str
    issuer: str
    issued_on: datetime.date
    expires_on: datetime.date | None = None


class CertificateFilters(Schema):
    division: str | None = None
    q: str | None = None
    kind: CertificateKind | None = None
    expiring_within: int | None = Field(None, ge=1, le=3650)
    expired: bool | None = None


class GuidanceOut(Schema):
    division: str
    division_name: str
    level: str
    done: int
    required: int
    met: bool


class DepartmentGuidanceOut(Schema):
    organisation: int
    organisation_name: str
    division: str
    done: int
    required: int
    met: bool


class ProgressOut(Schema):
    division: str
    year: int
    guidance: list[GuidanceOut]
    departments: list[DepartmentGuidanceOut]
    villages: int
    villages_with_officer: int
    villages_trained: int
    share: float | None


def _person(user, pk: int, field: str = "person") -> Person:
    person = Person.objects.visible_to(user).filter(pk=pk).first()
    if person is None:
        raise field_error(field, _("所选人员不存在或不在您的管辖范围内。"), code="out_of_scope")
    return person


@router.get("/training/sessions", response={200: list[SessionOut], **READ_ERRORS})
@paginated
def session_list(request, filters: Query[SessionFilters]):
    require(request, SESSIONS.capability, Action.VIEW)
    qs = within_division(SESSIONS.base_queryset(request.user), request.user, filters.division)
    if filters.year:
        qs = selectors.sessions_in_year(qs, filters.year)
    params = filter_params(filters)
    params.pop("year", None)
    return filtered(SESSIONS, qs, params).order_by("-date", "-pk")


@router.post("/training/sessions", response={201: SessionOut, **WRITE_ERRORS})
def session_create(request, payload: SessionIn):
    require(request, SESSIONS.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    data["organiser"] = resolve_organisation(request.user, payload.organiser, field="organiser")
    return Status(201, services.session_create(actor=request.user, data=data))


@router.get("/training/sessions/{pk}", response={200: SessionOut, **READ_ERRORS})
def session_get(request, pk: int):
    session = SESSIONS.access(request.user, pk)
    require(request, SESSIONS.capability, Action.VIEW)
    return session


@router.get("/training/attendances", response={200: list[AttendanceOut], **READ_ERRORS})
@paginated
def attendance_list(request, filters: Query[AttendanceFilters]):
    require(request, ATTENDANCES.capability, Action.VIEW)
    qs = within_division(ATTENDANCES.base_queryset(request.user), request.user, filters.division)
    if filters.session:
        qs = qs.filter(session_id=filters.session)
    if filters.year:
        qs = qs.filter(session__year=filters.year)
    if filters.passed is not None:
        qs = qs.filter(passed=filters.passed)
    return qs.order_by("-session__date", "pk")


@router.post("/training/attendances", response={201: AttendanceOut, **WRITE_ERRORS})
def attendance_create(request, payload: AttendanceIn):
    require(request, ATTENDANCES.capability, Action.ADD)
    session = SESSIONS.base_queryset(request.user).filter(pk=payload.session).first()
    if session is None:
        raise field_error("session", _("所选培训不存在或不在您的管辖范围内。"), code="out_of_scope")
    data = {**payload.dict(), "session": session, "person": _person(request.user, payload.person)}
    return Status(201, services.attendance_create(actor=request.user, data=data))


@router.get("/training/attendances/{pk}", response={200: AttendanceOut, **READ_ERRORS})
def attendance_get(request, pk: int):
    attendance = ATTENDANCES.access(request.user, pk)
    require(request, ATTENDANCES.capability, Action.VIEW)
    return attendance


@router.get("/training/certificates", response={200: list[CertificateOut], **READ_ERRORS})
@paginated
def certificate_list(request, filters: Query[CertificateFilters]):
    require(request, CERTIFICATES.capability, Action.VIEW)
    qs = within_division(CERTIFICATES.base_queryset(request.user), request.user, filters.division)
    if filters.expiring_within:
        qs = selectors.expiring(qs, filters.expiring_within)
    elif filters.expired:
        qs = selectors.expired(qs)
    params = filter_params(filters)
    params.pop("expiring_within", None)
    params.pop("expired", None)
    return filtered(CERTIFICATES, qs, params).order_by("expires_on", "pk")


@router.post("/training/certificates", response={201: CertificateOut, **WRITE_ERRORS})
def certificate_create(request, payload: CertificateIn):
    require(request, CERTIFICATES.capability, Action.ADD)
    data = {**payload.dict(), "person": _person(request.user, payload.person)}
    return Status(201, services.certificate_create(actor=request.user, data=data))


@router.get("/training/certificates/{pk}", response={200: CertificateOut, **READ_ERRORS})
def certificate_get(request, pk: int):
    certificate = CERTIFICATES.access(request.user, pk)
    require(request, CERTIFICATES.capability, Action.VIEW)
    return certificate


@router.get("/training/progress", response={200: ProgressOut, **READ_ERRORS})
def progress(request, division: str, year: int = Query(..., ge=2000, le=2100)):
    """Guidance sessions per county/township and per department, and the share of villages whose officers
    were trained."""
    require(request, SESSIONS.capability, Action.VIEW)
    root = resolve_division(request.user, division)
    total, _townships = selectors.officer_coverage(root, year)
    return {
        "division": root.code, "year": year,
        "guidance": [{"division": r.division.code, "division_name": r.division.name, "level": r.division.level,
                      "done": r.done, "required": r.required, "met": r.met}
                     for r in selectors.guidance_progress(root, year)],
        "departments": [{"organisation": r.organisation.pk, "organisation_name": r.organisation.name,
                         "division": r.organisation.division.code, "done": r.done, "required": r.required,
                         "met": r.met} for r in selectors.department_guidance(root, year)],
        "villages": total.villages, "villages_with_officer": total.with_officer, "villages_trained": total.trained,
        "share": total.share,
    }
