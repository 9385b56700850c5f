"""/api/v1/drills: drills (list with division subtree, kind, year and plan filters; detail), quota progress
of a division for a year, and improvement actions (list, detail, overdue filter, completion). Scoped like
every other endpoint; writes go through the services."""

import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.drills import selectors, services
from yingji.drills.models import Drill, ImprovementAction
from yingji.drills.registers import ACTIONS, DRILLS

router = Router(tags=["drills"])

SCOPED_ROUTES = [
    ("drills.drill", "/drills", "/drills/{pk}"),
    ("drills.improvementaction", "/drills/actions", "/drills/actions/{pk}"),
]


class DrillOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    organiser: int = Field(..., alias="organiser_id")
    organiser_name: str = Field(..., alias="organiser.name")
    participants: list[int]
    plans: list[int]
    title: str
    kind: str
    joint_focus: str
    scenario: str
    date: datetime.date
    duration_minutes: int
    place: str
    teams: int
    people: int
    public_participants: int
    announced: bool
    process: str
    score: int | None
    findings: str
    evaluator: str
    evaluated_on: datetime.date | None

    @staticmethod
    def resolve_participants(obj) -> list[int]:
        return [o.pk for o in obj.participants.all()]

    @staticmethod
    def resolve_plans(obj) -> list[int]:
        return [p.pk for p in obj.plans.all()]


class DrillFilters(Schema):
    division: str | None = None
    q: str | None = None
    kind: Drill.Kind | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    plan: int | None = None
    announced: bool | None = None


class ProgressFilters(Schema):
    division: str | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class QuotaOut(Schema):
    code: str
    label: str
    applies_to: str
    source: str
    legal: bool
    kinds: list[str]
    window_years: int
    done: int
    required: int
    unit: str
    met: bool


class ProgressOut(Schema):
    division: str
    division_name: str
    year: int
    quotas: list[QuotaOut]


class ActionOut(Schema):
    id: int
    drill: int = Field(..., alias="drill_id")
    drill_title: str = Field(..., alias="drill.title")
    division: str = Field(..., alias="drill.division.code")
    description: str
    owner: str
    owner_person: int | None = Field(None, alias="owner_person_id")
    deadline: datetime.date
    status: str
    done_on: datetime.date | None
    result: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return selectors.is_overdue(obj)


class ActionFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: ImprovementAction.Status | None = None
    drill: int | None = None
    overdue: bool | None = None


class CompleteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    result: str
    done_on: datetime.date | None = None


@router.get("/drills", response={200: list[DrillOut], **READ_ERRORS})
@paginated
def drill_list(request, filters: Query[DrillFilters]):
    require(request, DRILLS.capability, Action.VIEW)
    qs = within_division(DRILLS.base_queryset(request.user), request.user, filters.division)
    if filters.year:
        qs = qs.filter(date__year=filters.year)
    if filters.plan:
        qs = qs.filter(plans=filters.plan)
    if filters.announced is not None:
        qs = qs.filter(announced=filters.announced)
    params = filter_params(filters)
    for name in ("year", "plan", "announced"):
        params.pop(name, None)
    return filtered(DRILLS, qs, params).order_by("-date", "-pk")


@router.get("/drills/progress", response={200: ProgressOut, **READ_ERRORS})
def drill_progress(request, filters: Query[ProgressFilters]):
    """Done/required of every quota that applies to the division (default: the caller's), with its source."""
    require(request, DRILLS.capability, Action.VIEW)
    target = scope_division(request.user)
    if filters.division or target is None:
        target = resolve_division(request.user, filters.division or "")
    year = filters.year or timezone.localdate().year
    rows = selectors.quota_progress(target, year)
    return {"division": target.code, "division_name": target.name, "year": year, "quotas": [
        {"code": r.quota.code, "label": str(r.quota.label), "applies_to": r.quota.applies_to,
         "source": str(r.quota.source), "legal": r.quota.legal, "kinds": list(r.quota.kinds),
         "window_years": r.quota.years, "done": r.done, "required": r.required, "unit": r.unit, "met": r.met}
        for r in rows]}


@router.get("/drills/actions", response={200: list[ActionOut], **READ_ERRORS})
@paginated
def action_list(request, filters: Query[ActionFilters]):
    require(request, ACTIONS.capability, Action.VIEW)
    qs = within_division(ACTIONS.base_queryset(request.user), request.user, filters.division)
    if filters.drill:
        qs = qs.filter(drill_id=filters.drill)
    if filters.overdue is not None:
        qs = qs.filter(selectors.overdue_q()) if filters.overdue else qs.exclude(selectors.overdue_q())
    params = filter_params(filters)
    for name in ("drill", "overdue"):
        params.pop(name, None)
    return filtered(ACTIONS, qs, params).order_by("status", "deadline", "pk")


@router.get("/drills/actions/{pk}", response={200: ActionOut, **READ_ERRORS})
def action_get(request, pk: int):
    action = ACTIONS.access(request.user, pk)
    require(request, ACTIONS.capability, Action.VIEW)
    return action


@router.post("/drills/actions/{pk}/complete", response={200: ActionOut, **WRITE_ERRORS})
def action_complete(request, pk: int, payload: CompleteIn):
    action = ACTIONS.access(request.user, pk)
    require(request, ACTIONS.capability, Action.CHANGE)
    return services.action_complete(actor=request.user, action=action, result=payload.result,
                                    done_on=payload.done_on)


@router.get("/drills/{pk}", response={200: DrillOut, **READ_ERRORS})
def drill_get(request, pk: int):
    drill = DRILLS.access(request.user, pk)
    require(request, DRILLS.capability, Action.VIEW)
    return drill
