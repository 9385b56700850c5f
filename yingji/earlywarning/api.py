"""Warnings API: list and detail (scoped), drafting, editing and deleting drafts, the lifecycle steps,
an Update of an issued warning, CAP XML per message, and the monthly risk bulletin.

The public CAP feed and CAP documents are also served without login at /public/warnings/ (views.py).
Reads start from the register's scoped queryset; writes go through services.py like the UI.
"""

from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.exceptions import ApplicationError
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.divisions.models import Division, Organisation
from yingji.earlywarning import cap, registers, services
from yingji.earlywarning.models import EarlyWarning, RiskBulletin
from yingji.earlywarning.rules import HazardType

router = Router(tags=["warnings"])
SCOPED_ROUTES = [
    ("earlywarning.earlywarning", "/warnings", "/warnings/{pk}"),
    ("earlywarning.riskbulletin", "/risk-bulletins", "/risk-bulletins/{pk}"),
]
W = registers.WARNINGS
B = registers.BULLETINS
STRICT = ConfigDict(extra="forbid")


class WarningOut(Schema):
    id: int
    identifier: str
    msg_type: str
    status: str
    division: str
    issuer: str
    hazard_type: str
    level: int
    colour: str
    headline: str
    onset: datetime
    expires: datetime
    sent: datetime | None
    areas: list[str]
    description: str
    measures: str
    references: str | None

    @staticmethod
    def resolve_division(obj: EarlyWarning) -> str:
        return obj.division.code

    @staticmethod
    def resolve_issuer(obj: EarlyWarning) -> str:
        return obj.issuer.name

    @staticmethod
    def resolve_areas(obj: EarlyWarning) -> list[str]:
        return [a.code for a in obj.areas.all()]

    @staticmethod
    def resolve_references(obj: EarlyWarning) -> str | None:
        return obj.previous.identifier if obj.previous_id else None


class WarningFilters(Schema):
    division: str | None = Field(None, description="only warnings issued in this division's subtree")
    q: str | None = Field(None, description="headline, text or identifier contains")
    status: EarlyWarning.Status | None = None
    level: int | None = None
    hazard_type: HazardType | None = None
    msg_type: EarlyWarning.MsgType | None = None


class WarningIn(Schema):
    division: str = Field(description="12-digit code of the issuing division")
    issuer: int = Field(description="id of the issuing organisation")
    hazard_type: HazardType
    level: int = Field(ge=1, le=4)
    headline: str
    onset: datetime
    expires: datetime
    areas: list[str] = Field(description="12-digit codes of the divisions possibly affected")
    description: str
    measures: str
    certainty: EarlyWarning.Certainty = EarlyWarning.Certainty.LIKELY
    contact: str = ""


class RevisionIn(Schema):
    """What the Update changes; every field left out is copied from the warning it updates."""

    model_config = STRICT
    division: str | None = Field(None, description="12-digit code of the issuing division")
    issuer: int | None = Field(None, description="id of the issuing organisation")
    hazard_type: HazardType | None = None
    level: int | None = Field(None, ge=1, le=4)
    headline: str | None = None
    onset: datetime | None = None
    expires: datetime | None = None
    areas: list[str] | None = Field(None, description="12-digit codes of the divisions possibly affected")
    description: str | None = None
    measures: str | None = None
    certainty: EarlyWarning.Certainty | None = None
    contact: str | None = None


class ReasonIn(Schema):
    reason: str


def _queryset(request):
    return W.base_queryset(request.user).select_related("previous")


@router.get("/warnings", response={200: list[WarningOut], **READ_ERRORS}, url_name="warning-list")
@paginated
def warning_list(request, filters: Query[WarningFilters]):
    require(request, W.capability, Action.VIEW)
    qs = within_division(_queryset(request), request.user, filters.division)
    return filtered(W, qs, filter_params(filters)).order_by("-created_at", "-id")


@router.get("/warnings/{pk}", response={200: WarningOut, **READ_ERRORS}, url_name="warning-detail")
def warning_get(request, pk: int):
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.VIEW)
    return warning


@router.get("/warnings/{pk}/cap", response={200: None, **READ_ERRORS}, url_name="warning-cap-api")
def warning_cap(request, pk: int):
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.VIEW)
    if not warning.identifier:
        raise ApplicationError(_("尚未发布的预警没有CAP消息。"), code="not_issued")
    return HttpResponse(cap.to_bytes(cap.build_alert(warning)), content_type="application/cap+xml; charset=utf-8")


def _resolve(request, data: dict) -> tuple[dict, list[Division] | None]:
    """Codes and ids of the body → the caller's divisions and organisation (areas None if not sent)."""
    codes = data.pop("areas", None)
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    if "issuer" in data:
        issuer = Organisation.objects.visible_to(request.user).filter(pk=data["issuer"]).first()
        if issuer is None:
            raise field_error("issuer", _("所选发布单位不存在或不在您的管辖范围内。"), code="out_of_scope")
        data["issuer"] = issuer
    areas = None if codes is None else [resolve_division(request.user, code, field="areas") for code in codes]
    return data, areas


def _content(request, payload: WarningIn) -> tuple[dict, list[Division]]:
    return _resolve(request, payload.dict())


@router.post("/warnings", response={201: WarningOut, **WRITE_ERRORS}, url_name="warning-create")
def warning_create(request, payload: WarningIn):
    require(request, W.capability, Action.ADD)
    data, areas = _content(request, payload)
    return Status(201, services.warning_create(actor=request.user, data=data, areas=areas))


@router.put("/warnings/{pk}", response={200: WarningOut, **WRITE_ERRORS}, url_name="warning-update")
def warning_update(request, pk: int, payload: WarningIn):
    """Replace the content of a draft; an approved draft goes back to draft (its approval was of other text).
    Issued messages never change: revise (an Update), lift or cancel them."""
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.CHANGE)
    data, areas = _content(request, payload)
    return services.warning_edit(actor=request.user, warning=warning, data=data, areas=areas)


@router.delete("/warnings/{pk}", response={204: None, **WRITE_ERRORS}, url_name="warning-delete")
def warning_delete(request, pk: int):
    """Delete a draft that was never issued (an issued message is lifted or cancelled instead)."""
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.DELETE)
    services.warning_delete(actor=request.user, warning=warning)
    return Status(204, None)


@router.post("/warnings/{pk}/revise", response={201: WarningOut, **WRITE_ERRORS}, url_name="warning-revise")
def warning_revise(request, pk: int, payload: RevisionIn):
    """Draft an Update of an issued warning (R2.8): a new draft referencing it, with the changes sent and
    the rest copied. Approved and issued like any draft, it goes out as CAP msgType Update and the
    warning it references becomes `updated`."""
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.ADD)
    data, areas = _resolve(request, payload.dict(exclude_none=True))
    return Status(201, services.warning_revise(actor=request.user, warning=warning, data=data, areas=areas))


@router.post("/warnings/{pk}/approve", response={200: WarningOut, **WRITE_ERRORS})
def warning_approve(request, pk: int):
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.CHANGE)
    return services.warning_approve(actor=request.user, warning=warning)


@router.post("/warnings/{pk}/issue", response={200: WarningOut, **WRITE_ERRORS})
def warning_issue(request, pk: int):
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.CHANGE)
    return services.warning_issue(actor=request.user, warning=warning)


@router.post("/warnings/{pk}/lift", response={200: WarningOut, **WRITE_ERRORS})
def warning_lift(request, pk: int, payload: ReasonIn):
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.CHANGE)
    return services.warning_lift(actor=request.user, warning=warning, reason=payload.reason)


@router.post("/warnings/{pk}/cancel", response={200: WarningOut, **WRITE_ERRORS})
def warning_cancel(request, pk: int, payload: ReasonIn):
    warning = W.access(request.user, pk)
    require(request, W.capability, Action.CHANGE)
    return services.warning_cancel(actor=request.user, warning=warning, reason=payload.reason)


# Monthly risk bulletin (月度风险提示) ---------------------------------------------------------------


class BulletinOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    year: int
    month: int
    title: str
    overview: str
    alarms_text: str
    hazards_text: str
    incidents_text: str
    seasonal_text: str
    measures: str
    status: str
    published_at: datetime | None


class BulletinFilters(Schema):
    division: str | None = Field(None, description="only bulletins of this division's subtree")
    q: str | None = Field(None, description="title contains")
    status: RiskBulletin.Status | None = None


class BulletinDraftIn(Schema):
    model_config = STRICT
    division: str = Field(description="12-digit code of the division the bulletin is for")
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)


class BulletinPatch(Schema):
    """The sections an editor may change before publication; a field left out keeps its text."""

    title: str | None = None
    overview: str | None = None
    alarms_text: str | None = None
    hazards_text: str | None = None
    incidents_text: str | None = None
    seasonal_text: str | None = None
    measures: str | None = None


@router.get("/risk-bulletins", response={200: list[BulletinOut], **READ_ERRORS}, url_name="bulletin-list",
            tags=["risk bulletins"])
@paginated
def bulletin_list(request, filters: Query[BulletinFilters]):
    require(request, B.capability, Action.VIEW)
    qs = within_division(B.base_queryset(request.user), request.user, filters.division)
    return filtered(B, qs, filter_params(filters)).order_by("-year", "-month", "division__code", "-id")


@router.post("/risk-bulletins", response={201: BulletinOut, **WRITE_ERRORS}, url_name="bulletin-create",
             tags=["risk bulletins"])
def bulletin_draft(request, payload: BulletinDraftIn):
    """Generate the month's draft from the data (warnings, alarms, hazards, incidents, seasonal risks)."""
    require(request, B.capability, Action.ADD)
    division = resolve_division(request.user, payload.division)
    bulletin = services.bulletin_draft(actor=request.user, division=division, year=payload.year,
                                       month=payload.month)
    return Status(201, bulletin)


@router.get("/risk-bulletins/{pk}", response={200: BulletinOut, **READ_ERRORS}, url_name="bulletin-detail",
            tags=["risk bulletins"])
def bulletin_get(request, pk: int):
    bulletin = B.access(request.user, pk)
    require(request, B.capability, Action.VIEW)
    return bulletin


@router.patch("/risk-bulletins/{pk}", response={200: BulletinOut, **WRITE_ERRORS}, tags=["risk bulletins"])
def bulletin_update(request, pk: int, payload: BulletinPatch):
    bulletin = B.access(request.user, pk)
    require(request, B.capability, Action.CHANGE)
    return services.bulletin_update(actor=request.user, bulletin=bulletin, data=payload.dict(exclude_none=True))


@router.delete("/risk-bulletins/{pk}", response={204: None, **WRITE_ERRORS}, tags=["risk bulletins"])
def bulletin_delete(request, pk: int):
    bulletin = B.access(request.user, pk)
    require(request, B.capability, Action.DELETE)
    services.bulletin_delete(actor=request.user, bulletin=bulletin)
    return Status(204, None)


@router.post("/risk-bulletins/{pk}/publish", response={200: BulletinOut, **WRITE_ERRORS}, tags=["risk bulletins"])
def bulletin_publish(request, pk: int):
    bulletin = B.access(request.user, pk)
    require(request, B.capability, Action.CHANGE)
    return services.bulletin_publish(actor=request.user, bulletin=bulletin)
