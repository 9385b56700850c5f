"""Reading work reports: overdue per division, on-time rates, what is due soon. Aggregates, not loops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Q

from yingji.workreports import rules
from yingji.workreports.models import ReportDue

UNSUBMITTED = Q(submission__isnull=True)


def overdue_dues(user, today: date):
    """Every due report past its date with no submission, in the user's scope (for the list page)."""
    return (ReportDue.objects.visible_to(user).filter(UNSUBMITTED, due_date__lt=today)
            .select_related("template", "division").order_by("division__code", "due_date"))


def overdue_by_division(user, today: date) -> list[dict]:
    """Per division: how many reports are overdue and since when. One query, whatever the rows."""
    return list(ReportDue.objects.visible_to(user).filter(UNSUBMITTED, due_date__lt=today)
                .values("division__code", "division__name")
                .annotate(overdue=Count("pk"), oldest_due=Min("due_date"))
                .order_by("division__code"))


@dataclass(frozen=True)
class OnTimeRate:
    code: str
    name: str
    due: int
    submitted: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> float | None:
        """Share of reports already due that were submitted on time (None when nothing was due yet)."""
        return self.on_time / self.due if self.due else None


def on_time_rates(user, year: int, today: date) -> list[OnTimeRate]:
    """Per division, for reports of `year` whose due date has passed (or that were submitted). One query."""
    rows = (ReportDue.objects.visible_to(user)
            .filter(period_start__year=year)
            .filter(Q(due_date__lt=today) | Q(submission__isnull=False))
            .values("division__code", "division__name")
            .annotate(due=Count("pk"), submitted=Count("submission"),
                      on_time=Count("submission", filter=Q(submission__days_late=0)))
            .order_by("division__code"))
    return [OnTimeRate(r["division__code"], r["division__name"], r["due"], r["submitted"], r["on_time"],
                       r["submitted"] - r["on_time"], r["due"] - r["submitted"]) for r in rows]


def attention_counts(user, today: date) -> dict[str, int]:
    """Unsubmitted reports due within the attention window, and overdue ones: one query."""
    return ReportDue.objects.visible_to(user).filter(UNSUBMITTED).aggregate(
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + timedelta(days=rules.DUE_SOON_DAYS))),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )


def due_soon(user, today: date):
    """Unsubmitted reports due within the attention window, soonest first."""
    return (ReportDue.objects.visible_to(user)
            .filter(UNSUBMITTED, due_date__gte=today, due_date__lte=today + timedelta(days=rules.DUE_SOON_DAYS))
            .select_related("template", "division").order_by("due_date", "division__code"))
