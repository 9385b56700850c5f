"""Reads of the register: period lists, overdue items, review lists, the public progress notice."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.hazards.models import Hazard
from yingji.hazards.rules import Status


def hazards_in(division, start: datetime.datetime, end: datetime.datetime) -> QuerySet[Hazard]:
    """Hazards found in [start, end) in the division's subtree."""
    return Hazard.objects.within(division).filter(found_at__gte=start, found_at__lt=end).select_related("division")


def hazards_closed_in(division, start, end) -> QuerySet[Hazard]:
    return Hazard.objects.within(division).filter(status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(deadline__lt=today) & ~Q(status__in=(Status.RECTIFIED, Status.CLOSED))


def overdue(qs: QuerySet[Hazard], today=None) -> QuerySet[Hazard]:
    return qs.filter(overdue_q(today))


def period_bounds(year: int, month: int | None = None, quarter: int | None = None):
    """[start, end) of a month or quarter in local time."""
    if quarter:
        month, months = (quarter - 1) * 3 + 1, 3
    else:
        months = 1
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end_month = month + months
    end = timezone.make_aware(datetime.datetime(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1))
    return start, end


def review_list(qs: QuerySet[Hazard], start, end) -> QuerySet[Hazard]:
    """The period's review list: found in the period, or still unclosed at its end."""
    return qs.filter(Q(found_at__gte=start, found_at__lt=end) | Q(found_at__lt=end) & (
        Q(closed_at__isnull=True) | Q(closed_at__gte=end))).select_related("division")


def is_overdue(hazard: Hazard, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(hazard.deadline and hazard.deadline < today and hazard.status not in (Status.RECTIFIED,
                                                                                         Status.CLOSED))


def reportable_divisions():
    """Townships and villages a member of the public may report a hazard in (the public form's choices)."""
    from yingji.divisions.models import Division

    return Division.objects.filter(level__in=("township", "village")).order_by("code")


def division_by_code(code: str):
    from yingji.divisions.models import Division

    return Division.objects.filter(code=code).first()


def public_notice(division) -> QuerySet[Hazard]:
    """整改进展公示 (RULES.md R6.5, R6.7): hazards, risk sources and areas — not dispute records."""
    from yingji.hazards.rules import Kind

    return (Hazard.objects.within(division).exclude(kind=Kind.DISPUTE).select_related("division")
            .order_by("status", "deadline", "id"))
