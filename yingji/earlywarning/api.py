"""Warnings API: list and detail (scoped), drafting and the lifecycle steps, CAP XML per message.

The public CAP feed and CAP documents are also served without login at /public/warnings/ (views.py).
Reads start from the register's scoped queryset; writes go through services.py like the UI.
"""

from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.exceptions import ApplicationError
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.divisions.models import Division, Organisation
from yingji.earlywarning import cap, registers, services
from yingji.earlywarning.models import EarlyWarning
from yingji.earlywarning.rules import HazardType

router = Router(tags=["warnings"])
SCOPED_ROUTES = [("earlywarning.earlywarning", "/warnings", "/warnings/{pk}")]
W = registers.WARNINGS


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


def _content(request, payload: WarningIn) -> tuple[dict, list[Division]]:
    data = payload.dict(exclude={"areas"})
    data["division"] = resolve_division(request.user, payload.division)
    issuer = Organisation.objects.visible_to(request.user).filter(pk=payload.issuer).first()
    if issuer is None:
        raise field_error("issuer", _("所选发布单位不存在或不在您的管辖范围内。"), code="out_of_scope")
    data["issuer"] = issuer
    areas = [resolve_division(request.user, code, field="areas") for code in payload.areas]
    return data, areas


@router.post("/warnings", response={201: WarningOut, **WRITE_ERRORS}, url_name="warning-create")
def warning_create(request, payload: WarningIn):
    require(request, W.capability, Action.ADD)
    data, areas = _content(request, payload)
    return Status(201, services.warning_create(actor=request.user, data=data, areas=areas))


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
