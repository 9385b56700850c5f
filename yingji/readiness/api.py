"""/api/v1/readiness: the "六有" table for the caller's division (or a division in scope), as the page
shows it."""

from django.http import Http404
from ninja import Router, Schema

from yingji.api.access import division_in_scope
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.readiness import selectors
from yingji.readiness.permissions import READINESS

router = Router(tags=["readiness"])


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
    scope = division_in_scope(request.user, division) if division else scope_division(request.user)
    if scope is None:
        raise Http404
    chosen = selectors.standard_for(standard, scope)
    result = selectors.scores(scope, chosen)
    return {"division": scope.code, "standard": chosen.code,
            "indicators": {i.code: str(i.label) for i in chosen.indicators}, "compliant": result.compliant,
            "total": len(result.rows),
            "rows": [{"code": r.division.code, "name": r.division.name, "met": r.met, "score": r.score,
                      "compliant": r.compliant} for r in result.rows]}
