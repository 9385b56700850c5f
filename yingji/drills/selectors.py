"""Drill progress against quotas and plans not drilled for a year."""

from datetime import date

from django.db.models import Count, Max, Q

from yingji.drills import rules
from yingji.drills.models import Drill
from yingji.plans.models import Plan


def quota_progress(division, year: int) -> list[dict]:
    """Each quota for the division's level with the count of drills that count towards it (one query)."""
    quotas = [q for q in rules.QUOTAS if q.level == division.level]
    drills = Drill.objects.within(division).filter(date__year=year)
    counts = drills.aggregate(**{q.code: Count("pk", filter=Q(kind__in=q.kinds)) for q in quotas}) if quotas else {}
    return [{"quota": q, "done": counts[q.code], "met": counts[q.code] >= q.per_year} for q in quotas]


def plans_without_recent_drill(division, today: date):
    """Seed 002: every published plan drilled at least once in the last 12 months."""
    years = rules.PLAN_DRILL_MONTHS // 12
    cutoff = today.replace(year=today.year - years, day=min(today.day, 28))
    return (Plan.objects.within(division).filter(status=Plan.Status.PUBLISHED)
            .annotate(last_drill=Max("drills__date", filter=Q(drills__deleted_at__isnull=True)))
            .filter(Q(last_drill__isnull=True) | Q(last_drill__lt=cutoff)).select_related("division"))
