"""/api/v1/incidents: events, reports (create, idempotent on client_key; never edited), receipts
(acknowledge, forward, ask for more) and timeliness statistics. Scoped like every other endpoint."""


import datetime
import uuid
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, ErrorOut
from yingji.core.exceptions import ApplicationError
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.incidents import permissions, selectors, services
from yingji.incidents.models import Channel, Event, Obligation, Receipt, Report, ReportKind
from yingji.incidents.registers import EVENTS, OBLIGATIONS, RECEIPTS, REPORTS
from yingji.incidents.rules import Category, Severity

router = Router(tags=["incidents"])

SCOPED_ROUTES = [
    ("incidents.event", "/incidents/events", "/incidents/events/{pk}"),
    ("incidents.report", "/incidents/reports", "/incidents/reports/{pk}"),
    ("incidents.receipt", "/incidents/receipts", "/incidents/receipts/{pk}"),
    ("incidents.obligation", "/incidents/obligations", "/incidents/obligations/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class EventOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    title: str
    category: str
    subtype: str
    severity: str
    severity_suggested: str
    severity_reason: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    occurred_at: datetime.datetime
    known_at: datetime.datetime
    source: str
    deaths: int
    missing: int
    injured: int
    serious_injuries: int
    trapped: int
    economic_loss: Decimal
    status: str


class EventFilters(Schema):
    division: str | None = None
    q: str | None = None
    category: Category | None = None
    severity: Severity | None = None
    status: Event.Status | None = None


class Figures(Schema):
    deaths: int = 0
    missing: int = 0
    injured: int = 0
    serious_injuries: int = 0
    trapped: int = 0
    economic_loss: Decimal = Decimal("0")


class EventIn(Figures):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    title: str
    category: Category
    subtype: str = ""
    severity: Severity | None = None
    severity_reason: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    occurred_at: datetime.datetime
    known_at: datetime.datetime | None = None
    source: str


class ReportOut(Figures):
    id: int
    event: int = Field(..., alias="event_id")
    division: str = Field(..., alias="division.code")
    kind: str
    sequence: int
    channel: str
    submitted_at: datetime.datetime
    reporter_name: str
    reporter_phone: str
    occurred_at: datetime.datetime
    place: str
    source: str
    nature: str
    scope: str
    trend: str
    measures: str
    next_steps: str
    client_key: uuid.UUID | None


class ReportIn(Figures):
    model_config = STRICT
    event: int
    kind: ReportKind
    channel: Channel = Channel.WRITTEN
    client_key: uuid.UUID | None = None
    reporter_name: str
    reporter_phone: str
    occurred_at: datetime.datetime
    place: str
    source: str
    nature: str
    scope: str = ""
    trend: str = ""
    measures: str = ""
    next_steps: str = ""


class ReportFilters(Schema):
    division: str | None = None
    q: str | None = None
    kind: ReportKind | None = None
    channel: Channel | None = None
    event: int | None = None


class ReceiptOut(Schema):
    id: int
    report: int = Field(..., alias="report_id")
    event: int = Field(..., alias="report.event_id")
    division: str = Field(..., alias="division.code")
    received_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    forwarded_at: datetime.datetime | None
    info_requested: str


class ReceiptFilters(Schema):
    division: str | None = None
    q: str | None = None


class InfoRequestIn(Schema):
    model_config = STRICT
    note: str


class ForwardIn(Schema):
    model_config = STRICT
    to: str | None = Field(None, pattern=r"^\d{12}$", description="skip levels: code of a higher division")


class ObligationOut(Schema):
    id: int
    event: int = Field(..., alias="event_id")
    division: str = Field(..., alias="division.code")
    target: str = Field(..., alias="target.code")
    kind: str
    channel: str
    rule: str = Field(..., alias="rule.code")
    due_at: datetime.datetime
    fulfilled_at: datetime.datetime | None
    status: str
    minutes_late: int | None


class ObligationFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: Obligation.Status | None = None
    kind: ReportKind | None = None
    channel: Channel | None = None


class TimelinessOut(Schema):
    code: str
    name: str
    due: int
    on_time: int
    late: int
    missing: int
    pending: int
    rate: float | None


def _scoped_filter(filters, extra=("event",)):
    params = filter_params(filters)
    for name in extra:
        params.pop(name, None)
    return params


# Events ------------------------------------------------------------------------------------------


@router.get("/incidents/events", response={200: list[EventOut], **READ_ERRORS}, url_name="incident-event-list")
@paginated
def event_list(request, filters: Query[EventFilters]):
    require(request, EVENTS.capability, Action.VIEW)
    qs = within_division(EVENTS.base_queryset(request.user), request.user, filters.division)
    return filtered(EVENTS, qs, filter_params(filters))


@router.post("/incidents/events", response={201: EventOut, **WRITE_ERRORS})
def event_create(request, payload: EventIn):
    require(request, EVENTS.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    return Status(201, services.event_create(actor=request.user, data=data))


@router.get("/incidents/events/{pk}", response={200: EventOut, **READ_ERRORS})
def event_get(request, pk: int):
    event = EVENTS.access(request.user, pk)
    require(request, EVENTS.capability, Action.VIEW)
    return event


# Reports -----------------------------------------------------------------------------------------


@router.get("/incidents/reports", response={200: list[ReportOut], **READ_ERRORS})
@paginated
def report_list(request, filters: Query[ReportFilters]):
    require(request, REPORTS.capability, Action.VIEW)
    qs = within_division(REPORTS.base_queryset(request.user), request.user, filters.division)
    if filters.event is not None:
        qs = qs.filter(event_id=filters.event)
    return filtered(REPORTS, qs, _scoped_filter(filters))


@router.post("/incidents/reports", response={200: ReportOut, 201: ReportOut, **WRITE_ERRORS})
def report_create(request, payload: ReportIn):
    """Submit a report. With `client_key`, a retry returns the stored report (200) instead of a second one."""
    require(request, REPORTS.capability, Action.ADD)
    if payload.client_key is not None:
        stored = REPORTS.base_queryset(request.user).filter(client_key=payload.client_key).first()
        if stored is not None:
            return Status(200, stored)
    event = EVENTS.access(request.user, payload.event)
    data = payload.dict(exclude={"event", "kind", "channel", "client_key"})
    try:
        report = services.report_submit(actor=request.user, event=event, kind=payload.kind, data=data,
                                        channel=payload.channel, client_key=payload.client_key)
    except services.IntegrityError:
        stored = REPORTS.base_queryset(request.user).filter(client_key=payload.client_key).first()
        if stored is None:
            raise
        return Status(200, stored)
    return Status(201, report)


@router.get("/incidents/reports/{pk}", response={200: ReportOut, **READ_ERRORS})
def report_get(request, pk: int):
    report = REPORTS.access(request.user, pk)
    require(request, REPORTS.capability, Action.VIEW)
    return report


@router.api_operation(["PATCH", "PUT", "DELETE"], "/incidents/reports/{pk}", response={409: ErrorOut, **READ_ERRORS})
def report_change(request, pk: int):
    """Submitted reports are immutable: every change is refused (409) and the attempt audited."""
    report = REPORTS.access(request.user, pk)
    try:
        services.report_edit_refused(actor=request.user, report=report, via=f"api {request.method}")
    except ApplicationError as exc:
        return Status(409, {"code": exc.code, "message": str(exc.message), "errors": {}})
    raise AssertionError("unreachable")  # pragma: no cover


# Receipts ----------------------------------------------------------------------------------------


@router.get("/incidents/receipts", response={200: list[ReceiptOut], **READ_ERRORS})
@paginated
def receipt_list(request, filters: Query[ReceiptFilters]):
    require(request, RECEIPTS.capability, Action.VIEW)
    qs = within_division(RECEIPTS.base_queryset(request.user), request.user, filters.division)
    return filtered(RECEIPTS, qs, filter_params(filters))


@router.get("/incidents/receipts/{pk}", response={200: ReceiptOut, **READ_ERRORS})
def receipt_get(request, pk: int):
    receipt = RECEIPTS.access(request.user, pk)
    require(request, RECEIPTS.capability, Action.VIEW)
    return receipt


@router.post("/incidents/receipts/{pk}/acknowledge", response={200: ReceiptOut, **WRITE_ERRORS})
def receipt_acknowledge(request, pk: int):
    receipt = RECEIPTS.access(request.user, pk)
    require(request, RECEIPTS.capability, Action.CHANGE)
    return services.receipt_acknowledge(actor=request.user, receipt=receipt)


@router.post("/incidents/receipts/{pk}/forward", response={200: ReceiptOut, **WRITE_ERRORS})
def receipt_forward(request, pk: int, payload: ForwardIn):
    receipt = RECEIPTS.access(request.user, pk)
    require(request, RECEIPTS.capability, Action.CHANGE)
    to = None
    if payload.to:
        to = receipt.division.ancestors().filter(code=payload.to).first()
        if to is None:
            raise ApplicationError(_("只能向本级的上级单位报送。"), field_errors={"to": [_("只能向本级的上级单位报送。")]})
    return services.receipt_forward(actor=request.user, receipt=receipt, to=to)


@router.post("/incidents/receipts/{pk}/request-info", response={200: ReceiptOut, **WRITE_ERRORS})
def receipt_request_info(request, pk: int, payload: InfoRequestIn):
    receipt = RECEIPTS.access(request.user, pk)
    require(request, RECEIPTS.capability, Action.CHANGE)
    return services.receipt_request_info(actor=request.user, receipt=receipt, note=payload.note)


# Obligations and statistics ----------------------------------------------------------------------


@router.get("/incidents/obligations", response={200: list[ObligationOut], **READ_ERRORS})
@paginated
def obligation_list(request, filters: Query[ObligationFilters]):
    require(request, OBLIGATIONS.capability, Action.VIEW)
    qs = within_division(OBLIGATIONS.base_queryset(request.user), request.user, filters.division)
    return filtered(OBLIGATIONS, qs, filter_params(filters))


@router.get("/incidents/obligations/{pk}", response={200: ObligationOut, **READ_ERRORS})
def obligation_get(request, pk: int):
    obligation = OBLIGATIONS.access(request.user, pk)
    require(request, OBLIGATIONS.capability, Action.VIEW)
    return obligation


@router.get("/incidents/statistics/timeliness", response={200: list[TimelinessOut], **READ_ERRORS})
def timeliness(request, start: datetime.date | None = None, end: datetime.date | None = None):
    require(request, permissions.OBLIGATIONS.code, Action.VIEW)
    today = timezone.localdate()
    stats = selectors.timeliness(request.user, start=start or today.replace(month=1, day=1), end=end or today)
    return [{**s.__dict__, "rate": s.rate} for s in stats]


__all__ = ["Receipt", "Report", "router"]
