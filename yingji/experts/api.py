"""/api/v1/experts: the expert pool and the participation log. A private mobile is returned in full only
to county roles (permissions.FULL_PHONE_ROLES) and masked for everyone else."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.experts import selectors, services
from yingji.experts.models import Domain
from yingji.experts.permissions import sees_private_phone
from yingji.experts.registers import ENGAGEMENTS, EXPERTS
from yingji.experts.rules import Availability, EngagementKind, Level

router = Router(tags=["experts"])

SCOPED_ROUTES = [
    ("experts.expert", "/experts", "/experts/{pk}"),
    ("experts.expertengagement", "/experts/engagements", "/experts/engagements/{pk}"),
]
STRICT = ConfigDict(extra="forbid")


class ExpertOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    name: str
    domains: list[str]
    title: str
    organisation: str
    level: str
    office_phone: str
    private_mobile: str
    availability: str
    notes: str

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return [d.code for d in obj.domains.all()]

    @staticmethod
    def resolve_private_mobile(obj, context) -> str:
        if sees_private_phone(context["request"].user):
            return obj.private_mobile
        return selectors.mask_phone(obj.private_mobile)


class ExpertIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    name: str = Field(..., min_length=1, max_length=50)
    domains: list[str] = Field(..., min_length=1)
    title: str = Field("", max_length=50)
    organisation: str = Field("", max_length=200)
    level: Level = Level.COUNTY
    office_phone: str = Field("", max_length=30)
    private_mobile: str = Field("", max_length=20)
    availability: Availability = Availability.AVAILABLE
    notes: str = ""


class ExpertPatch(Schema):
    """Only the fields sent are changed."""

    model_config = STRICT
    division: str = Field(None, pattern=r"^\d{12}$")
    name: str = Field(None, min_length=1, max_length=50)
    domains: list[str] = Field(None, min_length=1)
    title: str = Field(None, max_length=50)
    organisation: str = Field(None, max_length=200)
    level: Level = None
    office_phone: str = Field(None, max_length=30)
    private_mobile: str = Field(None, max_length=20)
    availability: Availability = None
    notes: str = None


class ExpertFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = None
    level: Level | None = None
    availability: Availability | None = None
    domain: str | None = Field(None, description="a domain code, e.g. hazchem")


class DomainOut(Schema):
    code: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class EngagementOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    expert: int = Field(..., alias="expert_id")
    expert_name: str = Field(..., alias="expert.name")
    kind: str
    date: datetime.date
    subject: str
    notes: str


class EngagementIn(Schema):
    model_config = STRICT
    expert: int
    kind: EngagementKind
    date: datetime.date
    subject: str = Field(..., min_length=1, max_length=200)
    notes: str = ""


class EngagementPatch(Schema):
    """Only the fields sent are changed; another expert moves the record to that expert's division.
    Unknown fields are ignored rather than refused, so a record outside the caller's subtree is a 404
    whatever the body."""
    expert: int = None
    kind: EngagementKind = None
    date: datetime.date = None
    subject: str = Field(None, min_length=1, max_length=200)
    notes: str = None


class EngagementFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="subject or expert name")
    expert: int | None = None
    kind: EngagementKind | None = None


def _expert(request, pk: int):
    expert = EXPERTS.base_queryset(request.user).filter(pk=pk).first()
    if expert is None:
        raise field_error("expert", _("所选专家不存在或不在您的管辖范围内。"), code="out_of_scope")
    return expert


def _domains(codes: list[str]) -> list[Domain]:
    found = list(Domain.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {d.code for d in found})
    if unknown:
        raise field_error("domains", _("未知专业领域：%(codes)s。") % {"codes": "、".join(unknown)},
                          code="unknown_domain")
    return found


def _expert_data(request, data: dict) -> dict:
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    if "domains" in data:
        data["domains"] = _domains(data["domains"])
    return data


@router.get("/experts/domains", response={200: list[DomainOut], **READ_ERRORS})
def domain_list(request):
    """The controlled domain list: the codes `domain=` and `domains` accept."""
    require(request, EXPERTS.capability, Action.VIEW)
    return list(Domain.objects.all())


@router.get("/experts/engagements", response={200: list[EngagementOut], **READ_ERRORS})
@paginated
def engagement_list(request, filters: Query[EngagementFilters]):
    """Filters: division subtree, expert, kind, search (subject or expert name)."""
    require(request, ENGAGEMENTS.capability, Action.VIEW)
    qs = within_division(ENGAGEMENTS.base_queryset(request.user), request.user, filters.division)
    if filters.expert is not None:
        qs = qs.filter(expert_id=filters.expert)
    return filtered(ENGAGEMENTS, qs, filter_params(filters)).order_by("-date", "-id")


@router.post("/experts/engagements", response={201: EngagementOut, **WRITE_ERRORS})
def engagement_create(request, payload: EngagementIn):
    require(request, ENGAGEMENTS.capability, Action.ADD)
    data = {**payload.dict(), "expert": _expert(request, payload.expert)}
    return Status(201, services.engagement_create(actor=request.user, data=data))


@router.get("/experts/engagements/{pk}", response={200: EngagementOut, **READ_ERRORS})
def engagement_get(request, pk: int):
    engagement = ENGAGEMENTS.access(request.user, pk)
    require(request, ENGAGEMENTS.capability, Action.VIEW)
    return engagement


@router.patch("/experts/engagements/{pk}", response={200: EngagementOut, **WRITE_ERRORS})
def engagement_update(request, pk: int, payload: EngagementPatch):
    engagement = ENGAGEMENTS.access(request.user, pk)
    require(request, ENGAGEMENTS.capability, Action.CHANGE)
    data = payload.dict(exclude_unset=True)
    if "expert" in data:
        data["expert"] = _expert(request, data["expert"])
    services.engagement_update(actor=request.user, obj=engagement, data=data)
    return ENGAGEMENTS.access(request.user, pk)


@router.delete("/experts/engagements/{pk}", response={204: None, **WRITE_ERRORS})
def engagement_delete(request, pk: int):
    """Soft delete, restorable from the register's recycle bin."""
    engagement = ENGAGEMENTS.access(request.user, pk)
    require(request, ENGAGEMENTS.capability, Action.DELETE)
    services.soft_delete(actor=request.user, obj=engagement)
    return Status(204, None)


@router.get("/experts", response={200: list[ExpertOut], **READ_ERRORS})
@paginated
def expert_list(request, filters: Query[ExpertFilters]):
    require(request, EXPERTS.capability, Action.VIEW)
    qs = within_division(EXPERTS.base_queryset(request.user), request.user, filters.division)
    params = filter_params(filters)
    qs = selectors.narrow(qs, {"domain": params.pop("domain", "")})
    return filtered(EXPERTS, qs, params).order_by("division__code", "name", "id")


@router.post("/experts", response={201: ExpertOut, **WRITE_ERRORS})
def expert_create(request, payload: ExpertIn):
    require(request, EXPERTS.capability, Action.ADD)
    expert = services.expert_create(actor=request.user, data=_expert_data(request, payload.dict()))
    return Status(201, EXPERTS.access(request.user, expert.pk))


@router.get("/experts/{pk}", response={200: ExpertOut, **READ_ERRORS})
def expert_get(request, pk: int):
    expert = EXPERTS.access(request.user, pk)
    require(request, EXPERTS.capability, Action.VIEW)
    return expert


@router.patch("/experts/{pk}", response={200: ExpertOut, **WRITE_ERRORS})
def expert_update(request, pk: int, payload: ExpertPatch):
    expert = EXPERTS.access(request.user, pk)
    require(request, EXPERTS.capability, Action.CHANGE)
    services.expert_update(actor=request.user, obj=expert,
                           data=_expert_data(request, payload.dict(exclude_unset=True)))
    return EXPERTS.access(request.user, pk)


@router.delete("/experts/{pk}", response={204: None, **WRITE_ERRORS})
def expert_delete(request, pk: int):
    """Soft delete, restorable from the register's recycle bin; the participation log is kept."""
    expert = EXPERTS.access(request.user, pk)
    require(request, EXPERTS.capability, Action.DELETE)
    services.soft_delete(actor=request.user, obj=expert)
    return Status(204, None)
