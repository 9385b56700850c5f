"""/api/v1/readiness: the "六有"/"七有" table, the ranking of a division's children, the "七化" measures and
the bulletins, for the caller's division (or a division in scope), as the pages show them."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from yingji.api.access import division_in_scope, paginated, resolve_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.readiness import bulletins, selectors
from yingji.readiness.models import Bulletin
from yingji.readiness.performance import performance as performance_of
from yingji.readiness.permissions import BULLETINS, READINESS
from yingji.readiness.rules import STANDARDS

router = Router(tags=["readiness"])
SCOPED_ROUTES = [("readiness.bulletin", "/readiness/bulletins", "/readiness/bulletins/{pk}")]


def _scope(request, division: str | None):
    scope = division_in_scope(request.user, division) if division else scope_division(request.user)
    if scope is None:
        raise Http404
    return scope


class RowOut(Schema):
    code: str
    name: str
    met: dict[str, bool]
    score: int
    compliant: bool


class ScoresOut(Schema):
    division: str
    standard: str
    indicators: dict[str, str]
    compliant: int
    total: int
    rows: list[RowOut]


@router.get("/readiness", response={200: ScoresOut, **READ_ERRORS})
def readiness(request, standard: str | None = None, division: str | None = None):
    require(request, READINESS.code, Action.VIEW)
    scope = _scope(request, division)
    chosen = selectors.standard_for(standard, scope)
    result = selectors.scores(scope, chosen)
    return {"division": scope.code, "standard": chosen.code,
            "indicators": {i.code: str(i.label) for i in chosen.indicators}, "compliant": result.compliant,
            "total": len(result.rows),
            "rows": [{"code": r.division.code, "name": r.division.name, "met": r.met, "score": r.score,
                      "compliant": r.compliant} for r in result.rows]}


class RankOut(Schema):
    rank: int | None
    code: str
    name: str
    scored: int
    compliant: int
    met: int
    possible: int
    percent: float | None


class RankingOut(Schema):
    division: str
    standard: str
    rows: list[RankOut]


@router.get("/readiness/ranking", response={200: RankingOut, **READ_ERRORS})
def ranking(request, standard: str | None = None, division: str | None = None):
    """The children of the division ranked by the share of indicators met inside each; equal shares share
    a rank and the next rank skips (1, 2, 2, 4)."""
    require(request, READINESS.code, Action.VIEW)
    scope = _scope(request, division)
    chosen = selectors.standard_for(standard, scope)
    ranked = selectors.ranking(scope, chosen)
    return {"division": scope.code, "standard": chosen.code,
            "rows": [{"rank": r.rank, "code": r.division.code, "name": r.division.name, "scored": r.scored,
                      "compliant": r.compliant, "met": r.met, "possible": r.possible, "percent": r.percent}
                     for r in ranked.rows]}


class PartOut(Schema):
    label: str
    done: int
    total: int
    percent: float | None
    note: str


class MeasureOut(Schema):
    code: str
    label: str
    measured: bool
    percent: float | None
    reason: str
    parts: list[PartOut]


class PerformanceOut(Schema):
    division: str
    year: int
    measures: list[MeasureOut]


@router.get("/readiness/performance", response={200: PerformanceOut, **READ_ERRORS})
def performance(request, year: int | None = None, division: str | None = None):
    """Seed 004's "七化" for the division's subtree; a measure no register answers has `measured: false`
    and its reason."""
    require(request, READINESS.code, Action.VIEW)
    scope = _scope(request, division)
    today = timezone.localdate()
    year = year if year and 2000 <= year <= today.year else today.year
    return {"division": scope.code, "year": year, "measures": [
        {"code": r.measure.code, "label": str(r.measure.label), "measured": r.measured, "percent": r.percent,
         "reason": r.reason, "parts": [{"label": p.label, "done": p.done, "total": p.total, "percent": p.percent,
                                        "note": p.note} for p in r.parts]}
        for r in performance_of(scope, year, today=today)]}


class BulletinOut(Schema):
    id: int
    division: str
    standard: str
    date: datetime.date
    title: str
    total: int
    compliant: int
    previous_id: int | None = None
    compliant_change: int | None = None
    ranking: list[dict]
    gaps: list[dict]
    gaps_total: int

    @staticmethod
    def resolve_division(obj: Bulletin) -> str:
        return obj.division.code

    @staticmethod
    def resolve_total(obj: Bulletin) -> int:
        return obj.snapshot["total"]

    @staticmethod
    def resolve_compliant(obj: Bulletin) -> int:
        return obj.snapshot["compliant"]

    @staticmethod
    def resolve_ranking(obj: Bulletin) -> list[dict]:
        return obj.snapshot["ranking"]

    @staticmethod
    def resolve_gaps(obj: Bulletin) -> list[dict]:
        return obj.snapshot["gaps"]

    @staticmethod
    def resolve_gaps_total(obj: Bulletin) -> int:
        return obj.snapshot["gaps_total"]


class BulletinIn(Schema):
    standard: str
    division: str | None = None


def _with_comparison(bulletin: Bulletin) -> Bulletin:
    comparison = bulletins.compare(bulletin)
    bulletin.previous_id = comparison.previous.pk if comparison.previous else None
    bulletin.compliant_change = comparison.compliant_change
    return bulletin


@router.get("/readiness/bulletins", response={200: list[BulletinOut], **READ_ERRORS})
@paginated
def bulletin_list(request, standard: str | None = None, division: str | None = None):
    require(request, BULLETINS.code, Action.VIEW)
    qs = Bulletin.objects.visible_to(request.user).select_related("division")
    if division:
        qs = qs.filter(division=_scope(request, division))
    if standard:
        qs = qs.filter(standard=standard)
    return qs.order_by("-date", "division__code", "-id")


@router.get("/readiness/bulletins/{pk}", response={200: BulletinOut, **READ_ERRORS})
def bulletin_get(request, pk: int):
    """One bulletin, with the previous one of its division and standard and the change in divisions
    fully compliant since."""
    require(request, BULLETINS.code, Action.VIEW)
    bulletin = Bulletin.objects.visible_to(request.user).select_related("division").filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return _with_comparison(bulletin)


@router.post("/readiness/bulletins", response={201: BulletinOut, **WRITE_ERRORS})
def bulletin_issue(request, payload: BulletinIn):
    require(request, BULLETINS.code, Action.ADD)
    division = resolve_division(request.user, payload.division) if payload.division else scope_division(
        request.user)
    if division is None:
        raise Http404
    standard = STANDARDS.get(payload.standard)
    if standard is None:
        raise field_error("standard", _("未知的标准。"), code="unknown_standard")
    bulletin = bulletins.issue(actor=request.user, scope=division, standard=standard)
    return Status(201, _with_comparison(bulletin))
