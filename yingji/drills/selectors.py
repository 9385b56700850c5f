"""Reads: quota progress for any division and year, plans not drilled, what falls due next, overdue actions.

Every function here runs a fixed number of queries whatever the size of the subtree: counts are
grouped in the database, never looped over per division, department or plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from yingji.core.scoping import PREFIX_LENGTH
from yingji.divisions.models import Division, Organisation
from yingji.drills import rules
from yingji.drills.models import Drill, ImprovementAction
from yingji.plans import rules as plan_rules
from yingji.plans.models import Plan

LEVELS = list(PREFIX_LENGTH)


@dataclass(frozen=True)
class QuotaRow:
    quota: rules.Quota
    done: int
    required: int
    unit: str  # "drills" (own-level count), "divisions", "departments" or "plans" (units that met it)

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def remaining(self) -> int:
        return max(self.required - self.done, 0)

    @property
    def percent(self) -> int:
        return 100 if not self.required else min(100, round(100 * self.done / self.required))


def applicable_quotas(division) -> list[rules.Quota]:
    """Quotas of the division's own level and of every level below it, departments and plans."""
    depth = LEVELS.index(division.level)
    return [q for q in rules.QUOTAS
            if q.applies_to in (rules.DEPARTMENT, rules.PLAN) or LEVELS.index(q.applies_to) >= depth]


def _window_q(quota: rules.Quota, year: int, prefix: str = "") -> Q:
    start, end = quota.window(year)
    condition = Q(**{f"{prefix}date__gte": start, f"{prefix}date__lte": end})
    if quota.kinds:
        condition &= Q(**{f"{prefix}kind__in": quota.kinds})
    return condition


def _plan_covered_q(quota: rules.Quota, year: int) -> Q:
    condition = Q(published_date__isnull=True) | Q(published_date__lte=datetime.date(year, 12, 31))
    if quota.plan_kinds:
        condition &= Q(kind__in=quota.plan_kinds)
    if quota.plan_levels:
        condition &= Q(division__level__in=quota.plan_levels)
    if quota.plan_topics:
        condition &= Q(Exists(Plan.topics.through.objects.filter(plan_id=OuterRef("pk"),
                                                                  hazardtopic__name__in=quota.plan_topics)))
    return condition


def plans_in_force(division) -> QuerySet[Plan]:
    return Plan.objects.within(division).filter(status__in=plan_rules.IN_FORCE_STATUSES)


def quota_progress(division, year: int) -> list[QuotaRow]:
    """Each applicable quota with done/required for the year.

    At the division's own level the drills held anywhere in its subtree are counted; for a lower level
    (the villages of a county, the counties of a province), departments and plans, the units that met
    the quota are counted against the number of units.
    """
    quotas = applicable_quotas(division)
    drills = Drill.objects.within(division)
    found: dict[str, QuotaRow] = {}

    own = [q for q in quotas if q.applies_to == division.level]
    if own:
        counts = drills.aggregate(**{q.code: Count("pk", filter=_window_q(q, year)) for q in own})
        for q in own:
            found[q.code] = QuotaRow(q, counts[q.code], q.per_year, "drills")

    lower = [q for q in quotas if q.applies_to in LEVELS and q.applies_to != division.level]
    if lower:
        levels = sorted({q.applies_to for q in lower}, key=LEVELS.index)
        units = dict(Division.objects.within(division).filter(level__in=levels).order_by()
                     .values_list("level").annotate(n=Count("pk")))
        for level in levels:
            level_quotas = [q for q in lower if q.applies_to == level]
            start = min(q.window(year)[0] for q in level_quotas)
            groups = (drills.filter(date__gte=start, date__lte=datetime.date(year, 12, 31),
                                    division__level__in=LEVELS[LEVELS.index(level):])
                      .annotate(unit=Substr("division__code", 1, PREFIX_LENGTH[level])).order_by()
                      .values("unit").annotate(**{q.code: Count("pk", filter=_window_q(q, year))
                                                  for q in level_quotas}))
            met = dict.fromkeys((q.code for q in level_quotas), 0)
            for group in groups:
                for q in level_quotas:
                    met[q.code] += group[q.code] >= q.per_year
            for q in level_quotas:
                found[q.code] = QuotaRow(q, met[q.code], units.get(level, 0), "divisions")

    department_quotas = [q for q in quotas if q.applies_to == rules.DEPARTMENT]
    if department_quotas:
        counts = (Organisation.objects.within(division).filter(kind=Organisation.Kind.DEPARTMENT).aggregate(
            total=Count("pk"), **{q.code: Count("pk", filter=Q(Exists(
                Drill.objects.filter(_window_q(q, year), organiser=OuterRef("pk"))))) for q in department_quotas}))
        for q in department_quotas:
            found[q.code] = QuotaRow(q, counts[q.code], counts["total"], "departments")

    plan_quotas = [q for q in quotas if q.applies_to == rules.PLAN]
    if plan_quotas:
        aggregates = {}
        for q in plan_quotas:
            covered = _plan_covered_q(q, year)
            drilled = Exists(Drill.plans.through.objects.filter(
                _window_q(q, year, "drill__"), plan_id=OuterRef("pk"), drill__deleted_at__isnull=True))
            aggregates[f"{q.code}__total"] = Count("pk", filter=covered)
            aggregates[f"{q.code}__done"] = Count("pk", filter=covered & Q(drilled))
        counts = plans_in_force(division).aggregate(**aggregates)
        for q in plan_quotas:
            found[q.code] = QuotaRow(q, counts[f"{q.code}__done"], counts[f"{q.code}__total"], "plans")

    return [found[q.code] for q in quotas]


def departments_behind(division, year: int, limit: int = 50) -> list[Organisation]:
    """Departments that have not yet held the drills their quota asks for this year (seed 004)."""
    quotas = [q for q in rules.QUOTAS if q.applies_to == rules.DEPARTMENT]
    if not quotas:
        return []
    behind = Q()
    for q in quotas:
        behind |= ~Q(Exists(Drill.objects.filter(_window_q(q, year), organiser=OuterRef("pk"))))
    return list(Organisation.objects.within(division).filter(behind, kind=Organisation.Kind.DEPARTMENT)
                .select_related("division").order_by("division__code", "name")[:limit])


def _last_drill(today: datetime.date) -> Max:
    return Max("drills__date", filter=Q(drills__deleted_at__isnull=True, drills__date__lte=today))


def plans_without_recent_drill(division, today: datetime.date) -> QuerySet[Plan]:
    """Seed 002: plans in force with no drill in the 12 months up to today (a drill on the same day a
    year ago still counts; from 29 February the year before's 28 February)."""
    cutoff = rules.add_months(today, -rules.PLAN_DRILL_MONTHS)
    return (plans_in_force(division).annotate(last_drill=_last_drill(today))
            .filter(Q(last_drill__isnull=True) | Q(last_drill__lt=cutoff))
            .select_related("division").order_by("last_drill", "division__code", "title"))


@dataclass(frozen=True)
class PlanDue:
    plan: Plan
    last_drill: datetime.date | None
    due: datetime.date
    quota: rules.Quota  # the rule that falls due first
    legal_due: datetime.date | None  # the earliest statutory deadline, if a legal frequency covers the plan


def _covers(quota: rules.Quota, plan: Plan) -> bool:
    return ((not quota.plan_kinds or plan.kind in quota.plan_kinds)
            and (not quota.plan_levels or plan.division.level in quota.plan_levels)
            and (not quota.plan_topics or plan.work_safety))


def plans_due(division, today: datetime.date, *, horizon_days: int = rules.DUE_SOON_DAYS,
              limit: int = 20) -> list[PlanDue]:
    """Plans whose next drill falls due by today + horizon (overdue ones first), with the rule that binds.

    A plan never drilled counts from its publication (else its effective date; else it is due today).
    """
    plan_quotas = [q for q in rules.QUOTAS if q.applies_to == rules.PLAN]
    if not plan_quotas:
        return []
    horizon = today + datetime.timedelta(days=horizon_days)
    # due = anchor + months ≥ anchor + shortest interval, so nothing due by the horizon is anchored
    # later than this (plus the days month-end clamping can take off).
    bound = rules.add_months(horizon, -min(q.months for q in plan_quotas)) + datetime.timedelta(days=3)
    work_safety = Exists(Plan.topics.through.objects.filter(plan_id=OuterRef("pk"),
                                                            hazardtopic__name__in=rules.WORK_SAFETY_TOPICS))
    # Ordered by anchor, the first rows are the soonest due under the shortest interval; a few times the
    # limit leaves room for plans a longer interval pushes back, without reading a whole province.
    plans = (plans_in_force(division).annotate(last_drill=_last_drill(today), work_safety=work_safety)
             .annotate(anchor=Coalesce("last_drill", "published_date", "effective_date"))
             .filter(Q(anchor__isnull=True) | Q(anchor__lte=bound))
             .select_related("division").order_by(F("anchor").asc(nulls_first=True), "pk")[: limit * 10])
    found = []
    for plan in plans:
        dues = [(rules.add_months(plan.anchor, q.months) if plan.anchor else today, q)
                for q in plan_quotas if _covers(q, plan)]
        if not dues:
            continue
        due, quota = min(dues, key=lambda item: item[0])
        legal = [d for d, q in dues if q.legal]
        if due <= horizon:
            found.append(PlanDue(plan, plan.last_drill, due, quota, min(legal) if legal else None))
    found.sort(key=lambda item: (item.due, item.plan.pk))
    return found[:limit]


def overdue_q(today: datetime.date | None = None) -> Q:
    return Q(status=ImprovementAction.Status.OPEN, deadline__lt=today or timezone.localdate())


def overdue_actions(qs: QuerySet[ImprovementAction], today: datetime.date | None = None):
    return qs.filter(overdue_q(today))


def is_overdue(action: ImprovementAction, today: datetime.date | None = None) -> bool:
    return action.status == ImprovementAction.Status.OPEN and action.deadline < (today or timezone.localdate())


def division_in_scope(user, code: str) -> Division | None:
    return Division.objects.visible_to(user).filter(code=code).first()


def children(division) -> QuerySet[Division]:
    return Division.objects.within(division).filter(parent=division).order_by("code")
