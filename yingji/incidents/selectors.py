"""Reads: an event's chain, open obligations, accountability and on-time rates (all scoped)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yingji.incidents.models import DeadlineRule, Event, Obligation, Receipt, Report

PENDING = (Obligation.Status.OPEN, Obligation.Status.LATE, Obligation.Status.MISSING)


def event_get(user, pk) -> Event:
    from yingji.incidents.registers import EVENTS

    return EVENTS.access(user, pk)


def report_of(event: Event, pk) -> Report:
    """One report in the chain of an event the caller has already checked the user may see; 404 otherwise."""
    from django.http import Http404

    try:
        return Report.objects.get(event=event, pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def reports_of(event: Event) -> list[Report]:
    """The event's reports (首报, 续报, 终报 …) in order."""
    return list(Report.objects.filter(event=event).select_related("division", "author").order_by("sequence"))


def event_chain(event: Event) -> dict:
    """Everything ever said about the event and when: reports with their receipts, obligations."""
    reports = reports_of(event)
    receipts = list(Receipt.objects.filter(report__event=event).select_related("division", "acknowledged_by"))
    by_report: dict[int, list[Receipt]] = {}
    for receipt in receipts:
        by_report.setdefault(receipt.report_id, []).append(receipt)
    for report in reports:
        report.receipt_list = by_report.get(report.pk, [])
    obligations = list(Obligation.objects.filter(event=event).select_related("division", "target", "rule", "owner"))
    return {"reports": reports, "receipts": receipts, "obligations": obligations}


def open_obligations(user) -> QuerySet[Obligation]:
    """Unfulfilled obligations of the user's level and below, soonest first."""
    return (Obligation.objects.visible_to(user).filter(fulfilled_at__isnull=True, status__in=PENDING)
            .select_related("event", "division", "target", "rule").order_by("due_at"))


def pending_receipts(user) -> QuerySet[Receipt]:
    from yingji.core.scoping import scope_division

    division = scope_division(user)
    return (Receipt.objects.visible_to(user).filter(division=division, forwarded_at__isnull=True)
            .select_related("report__event", "report__division", "division").order_by("-received_at"))


def minutes_left(obligation: Obligation, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return int((obligation.due_at - now).total_seconds() // 60)


@dataclass(frozen=True)
class Timeliness:
    code: str
    name: str
    due: int
    on_time: int
    late: int
    missing: int
    pending: int

    @property
    def judged(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> float | None:
        return round(100 * self.on_time / self.judged, 1) if self.judged else None


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def timeliness(user, *, start: datetime.date, end: datetime.date) -> list[Timeliness]:
    """On-time rate per obliged division for obligations due in the period: one aggregate query.

    An unfulfilled obligation past its due time counts as late (迟报) or missing (漏报) even before the
    scan has flagged it; one still inside its time limit is pending and not judged.
    """
    low, high = period_bounds(start, end)
    now = timezone.now()
    overdue = Q(fulfilled_at__isnull=True, due_at__lte=now)
    rows = (Obligation.objects.visible_to(user).filter(due_at__gte=low, due_at__lt=high)
            .exclude(status=Obligation.Status.CANCELLED)
            .values("division__code", "division__name")
            .annotate(due=Count("id"),
                      on_time=Count("id", filter=Q(status=Obligation.Status.ON_TIME)),
                      late=Count("id", filter=Q(fulfilled_at__isnull=False, status=Obligation.Status.LATE)
                                 | (overdue & Q(kind="first"))),
                      missing=Count("id", filter=overdue & ~Q(kind="first")),
                      pending=Count("id", filter=Q(fulfilled_at__isnull=True, due_at__gt=now)))
            .order_by("division__code"))
    return [Timeliness(r["division__code"], r["division__name"], r["due"], r["on_time"], r["late"], r["missing"],
                       r["pending"]) for r in rows]


def accountability(user, *, start: datetime.date, end: datetime.date) -> QuerySet[Obligation]:
    """迟报 and 漏报 per division in the period: who owed what to whom, and by how much it was late."""
    low, high = period_bounds(start, end)
    return (Obligation.objects.visible_to(user).filter(due_at__gte=low, due_at__lt=high)
            .filter(Q(status=Obligation.Status.LATE) | Q(status=Obligation.Status.MISSING)
                    | Q(fulfilled_at__isnull=True, due_at__lte=timezone.now(), status=Obligation.Status.OPEN))
            .select_related("event", "division", "target", "rule", "owner").order_by("division__code", "due_at"))


def rule_list() -> QuerySet[DeadlineRule]:
    """Deadline rules are national or provincial data, the same for every user."""
    return DeadlineRule.objects.order_by("kind", "province_code", "code")


def rule_get(pk) -> DeadlineRule:
    from django.http import Http404

    rule = DeadlineRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule
