"""/api/v1/plans: the plan register (list with filters, detail), lifecycle steps through the services,
and coverage (县、乡、村三级全覆盖) for a division. Scoped like every other endpoint."""

import datetime

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from yingji.api.access import (
    division_in_scope,
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
from yingji.core.scoping import scope_division
from yingji.plans import permissions, selectors, services
from yingji.plans.models import HazardTopic, Plan
from yingji.plans.registers import PLANS

router = Router(tags=["plans"])

SCOPED_ROUTES = [("plans.plan", "/plans", "/plans/{pk}")]
STRICT = ConfigDict(extra="forbid")


class PlanOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    organisation: int = Field(..., alias="organisation_id")
    title: str
    number: str
    kind: str
    topics: list[str]
    version: str
    status: str
    effective_date: datetime.date | None
    issued_date: datetime.date | None
    filed_date: datetime.date | None
    published_date: datetime.date | None
    evaluated_date: datetime.date | None
    checked_contents: list[str]
    summary: str
    confidential: bool
    filing_due: datetime.date | None
    evaluation_due: datetime.date | None

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [topic.name for topic in obj.topics.all()]

    @staticmethod
    def resolve_filing_due(obj):
        return services.filing_due(obj)

    @staticmethod
    def resolve_evaluation_due(obj):
        return services.evaluation_due(obj)


class PlanDetailOut(PlanOut):
    contact_person: str
    contact_phone: str
    required_contents: list[str]
    missing_contents: list[str]

    @staticmethod
    def resolve_required_contents(obj) -> list[str]:
        return list(obj.required_contents())

    @staticmethod
    def resolve_missing_contents(obj) -> list[str]:
        return services.missing_contents(obj)


class PlanFilters(Schema):
    division: str | None = None
    q: str | None = None
    kind: Plan.Kind | None = None
    status: Plan.Status | None = None
    topic: str | None = None
    year: int | None = Field(None, ge=1949, le=2200, description="印发年份")
    overdue: bool | None = None


class PlanIn(Schema):
    """A draft, or a draft's or revision's new content; the lifecycle moves only through the steps."""

    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    organisation: int
    title: str
    number: str = ""
    kind: Plan.Kind
    topics: list[str] = Field(default_factory=list, description="灾种名称")
    version: str = "1.0"
    effective_date: datetime.date | None = None
    checked_contents: list[str] = Field(default_factory=list)
    summary: str = ""
    confidential: bool = False
    contact_person: str = ""
    contact_phone: str = ""


def _plan_data(request, payload: PlanIn) -> tuple[dict, list[HazardTopic]]:
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    data["organisation"] = resolve_organisation(request.user, payload.organisation)
    names = data.pop("topics")
    topics = list(HazardTopic.objects.filter(name__in=names))
    unknown = sorted(set(names) - {t.name for t in topics})
    if unknown:
        raise field_error("topics", _("没有这些灾种：%(names)s。") % {"names": "、".join(unknown)}, code="unknown")
    return data, topics


class StepIn(Schema):
    model_config = STRICT
    comment: str = ""
    on: datetime.date | None = None
    body: str | None = None
    decision: str | None = None
    filing_number: str | None = None
    scope: str | None = None


class CountOut(Schema):
    level: str
    kind: str
    count: int


class TownshipOut(Schema):
    code: str
    name: str
    missing_topics: list[str]


class VillageOut(Schema):
    code: str
    name: str
    combined_plan_status: str | None


class CoverageOut(Schema):
    division: str
    sentence: str
    counts: list[CountOut]
    topics: list[str]
    townships: list[TownshipOut]
    villages: list[VillageOut]


@router.get("/plans", response={200: list[PlanOut], **READ_ERRORS})
@paginated
def plan_list(request, filters: Query[PlanFilters]):
    require(request, PLANS.capability, Action.VIEW)
    qs = within_division(PLANS.base_queryset(request.user), request.user, filters.division)
    if filters.topic:
        topic = filters.topic
        qs = qs.filter(topics__pk=int(topic)) if topic.isdigit() else qs.filter(topics__name=topic)
    if filters.year:
        qs = qs.filter(issued_date__year=filters.year)
    if filters.overdue:
        qs = qs.filter(selectors.overdue_q())
    params = filter_params(filters)
    for name in ("topic", "year", "overdue"):
        params.pop(name, None)
    return filtered(PLANS, qs, params).order_by("division__code", "title", "pk")


@router.get("/plans/coverage", response={200: CoverageOut, **READ_ERRORS})
def plan_coverage(request, division: str | None = None):
    require(request, permissions.COVERAGE.code, Action.VIEW)
    target = division_in_scope(request.user, division) if division else scope_division(request.user)
    if target is None:
        raise Http404
    cov = selectors.coverage(target)
    return {
        "division": target.code, "sentence": cov.sentence(),
        "counts": [{"level": level, "kind": kind, "count": n} for (level, kind), n in sorted(cov.counts.items())],
        "topics": [topic.name for topic in cov.topics],
        "townships": [{"code": t.code, "name": t.name, "missing_topics": [topic.name for topic, ok in cells if not ok]}
                      for t, cells in cov.township_rows()],
        "villages": [{"code": v.code, "name": v.name, "combined_plan_status": status}
                     for v, status in cov.village_rows()],
    }


@router.post("/plans", response={201: PlanDetailOut, **WRITE_ERRORS})
def plan_create(request, payload: PlanIn):
    require(request, PLANS.capability, Action.ADD)
    data, topics = _plan_data(request, payload)
    with transaction.atomic():
        plan = services.plan_create(actor=request.user, data=data)
        services.set_topics(actor=request.user, plan=plan, topics=topics)
    return Status(201, PLANS.base_queryset(request.user).get(pk=plan.pk))


@router.put("/plans/{pk}", response={200: PlanDetailOut, **WRITE_ERRORS})
def plan_update(request, pk: int, payload: PlanIn):
    plan = PLANS.access(request.user, pk)
    require(request, PLANS.capability, Action.CHANGE)
    data, topics = _plan_data(request, payload)
    with transaction.atomic():
        plan = services.plan_update(actor=request.user, obj=plan, data=data)
        services.set_topics(actor=request.user, plan=plan, topics=topics)
    return PLANS.base_queryset(request.user).get(pk=plan.pk)


@router.get("/plans/{pk}", response={200: PlanDetailOut, **READ_ERRORS})
def plan_get(request, pk: int):
    plan = PLANS.access(request.user, pk)
    require(request, PLANS.capability, Action.VIEW)
    return plan


@router.post("/plans/{pk}/transitions/{action}", response={200: PlanDetailOut, **WRITE_ERRORS})
def plan_step(request, pk: int, action: str, payload: StepIn):
    """One lifecycle step (submit, deliberate, send_for_filing, file, return, publish, evaluate, revise,
    supersede);
    the services check the state, the role and the level."""
    plan = PLANS.access(request.user, pk)
    require(request, PLANS.capability, Action.VIEW)
    data = payload.dict(exclude_none=True)
    comment, on = data.pop("comment", ""), data.pop("on", None)
    services.transition(plan, action, actor=request.user, comment=comment, on=on, **data)
    return PLANS.base_queryset(request.user).get(pk=plan.pk)
