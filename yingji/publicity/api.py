"""/api/v1/publicity: events and their material lines (list, detail, create) and the yearly totals.
Scoped like every other endpoint; writes go through the services."""

import datetime

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
from yingji.publicity import selectors, services
from yingji.publicity.registers import EVENTS, LINES
from yingji.publicity.rules import EventKind, MaterialKind, Target

router = Router(tags=["publicity"])

SCOPED_ROUTES = [
    ("publicity.publicityevent", "/publicity/events", "/publicity/events/{pk}"),
    ("publicity.materialline", "/publicity/materials", "/publicity/materials/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class LineOut(Schema):
    id: int
    event: int = Field(..., alias="event_id")
    kind: str
    count: int


class EventOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    title: str
    kind: str
    target: str
    date: datetime.date
    year: int
    place: str
    organiser: int | None = Field(None, alias="organiser_id")
    participants: int
    summary: str
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class LineIn(Schema):
    model_config = STRICT
    kind: MaterialKind
    count: int = Field(..., ge=1)


class EventIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    title: str
    kind: EventKind
    target: Target
    date: datetime.date
    place: str = ""
    organiser: int | None = None
    participants: int = Field(0, ge=0)
    summary: str = ""
    lines: list[LineIn] = []


class EventFilters(Schema):
    division: str | None = None
    q: str | None = None
    year: int | None = None
    kind: EventKind | None = None
    target: Target | None = None


class LineCreate(LineIn):
    event: int


class TotalsOut(Schema):
    label: str
    events: int
    participants: int
    brochures: int
    materials: int


class YearlyOut(Schema):
    division: str
    year: int
    total: TotalsOut
    by_target: list[TotalsOut]
    by_division: list[TotalsOut]


@router.get("/publicity/events", response={200: list[EventOut], **READ_ERRORS})
@paginated
def event_list(request, filters: Query[EventFilters]):
    require(request, EVENTS.capability, Action.VIEW)
    qs = within_division(EVENTS.base_queryset(request.user), request.user, filters.division)
    return filtered(EVENTS, qs, filter_params(filters)).order_by("-date", "-pk")


@router.post("/publicity/events", response={201: EventOut, **WRITE_ERRORS})
def event_create(request, payload: EventIn):
    """An event with its material lines, in one transaction."""
    from django.db import transaction

    require(request, EVENTS.capability, Action.ADD)
    data = payload.dict(exclude={"lines"})
    data["division"] = resolve_division(request.user, payload.division)
    data["organiser"] = resolve_organisation(request.user, payload.organiser, field="organiser")
    with transaction.atomic():
        event = services.event_create(actor=request.user, data=data)
        for line in payload.lines:
            services.line_create(actor=request.user, data={"event": event, **line.dict()})
    return Status(201, EVENTS.base_queryset(request.user).get(pk=event.pk))


@router.get("/publicity/events/{pk}", response={200: EventOut, **READ_ERRORS})
def event_get(request, pk: int):
    event = EVENTS.access(request.user, pk)
    require(request, EVENTS.capability, Action.VIEW)
    return event


@router.get("/publicity/materials", response={200: list[LineOut], **READ_ERRORS})
@paginated
def line_list(request, division: str | None = None, event: int | None = None, kind: MaterialKind | None = None):
    require(request, LINES.capability, Action.VIEW)
    qs = within_division(LINES.base_queryset(request.user), request.user, division)
    if event:
        qs = qs.filter(event_id=event)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("event_id", "pk")


@router.post("/publicity/materials", response={201: LineOut, **WRITE_ERRORS})
def line_create(request, payload: LineCreate):
    require(request, LINES.capability, Action.ADD)
    event = EVENTS.base_queryset(request.user).filter(pk=payload.event).first()
    if event is None:
        raise field_error("event", _("所选活动不存在或不在您的管辖范围内。"), code="out_of_scope")
    return Status(201, services.line_create(actor=request.user, data={**payload.dict(), "event": event}))


@router.get("/publicity/materials/{pk}", response={200: LineOut, **READ_ERRORS})
def line_get(request, pk: int):
    line = LINES.access(request.user, pk)
    require(request, LINES.capability, Action.VIEW)
    return line


def _totals(t) -> dict:
    return {"label": t.label, "events": t.events, "participants": t.participants, "brochures": t.brochures,
            "materials": t.materials}


@router.get("/publicity/totals", response={200: YearlyOut, **READ_ERRORS})
def totals(request, division: str, year: int = Query(..., ge=2000, le=2100)):
    """Seed 000's yearly totals (events, brochures, participants) for a subtree, per 七进 target and
    per subordinate division."""
    require(request, EVENTS.capability, Action.VIEW)
    report = selectors.yearly_report(resolve_division(request.user, division), year)
    return {"division": report.division.code, "year": year, "total": _totals(report.total),
            "by_target": [_totals(t) for t in report.by_target],
            "by_division": [_totals(t) for t in report.by_division]}
