"""Reading duty data: who is on duty, which rosters are overdue, a period's spot checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q

from yingji.core.scoping import scope_division
from yingji.divisions.models import Organisation
from yingji.duty.models import DutyAssignment, DutyRoster, SpecialPeriod


def on_duty(division, at):
    """(duty leader or None, [duty staff]) on duty at `at` in the division's filed rosters."""
    assignments = (DutyAssignment.objects.filter(
        roster__division=division, roster__status=DutyRoster.Status.FILED, roster__deleted_at__isnull=True,
        starts_at__lte=at, ends_at__gt=at).select_related("person").order_by("starts_at", "pk"))
    leader, staff = None, []
    for assignment in assignments:
        if assignment.role == DutyAssignment.Role.LEADER and leader is None:
            leader = assignment.person
        elif assignment.role == DutyAssignment.Role.STAFF:
            staff.append(assignment.person)
    return leader, staff


def periods_applying_to(user):
    """Periods declared in the user's subtree or above it: a county's holiday binds its townships.

    The definitions above are readable (they bind the user); their rosters and offices stay scoped.
    """
    home = scope_division(user)
    if home is None:
        return SpecialPeriod.objects.none()
    above = Q(division__in=home.ancestors()) | Q(division=home)
    return SpecialPeriod.objects.filter(above) | SpecialPeriod.objects.within(home)


def roster_due_date(period: SpecialPeriod) -> date:
    return period.start_date - timedelta(days=period.roster_due_days)


@dataclass(frozen=True)
class OverdueRoster:
    period: SpecialPeriod
    organisation: Organisation
    due: date


def overdue_rosters(user, today: date) -> list[OverdueRoster]:
    """Emergency offices in the user's subtree with no filed roster for a period whose due date passed.

    One query per special period not yet over (a handful), whatever the number of offices.
    """
    periods = periods_applying_to(user).filter(end_date__gte=today).select_related("division")
    found: list[OverdueRoster] = []
    for period in periods:
        due = roster_due_date(period)
        if today <= due:
            continue
        filed = DutyRoster.objects.filter(period=period, organisation=OuterRef("pk"), status=DutyRoster.Status.FILED)
        region = period.division if scope_division(user).contains(period.division) else scope_division(user)
        offices = (Organisation.objects.visible_to(user).within(region)
                   .filter(kind=Organisation.Kind.EMERGENCY_OFFICE).exclude(division__level="village")
                   .filter(~Exists(filed)).select_related("division").order_by("division__code"))
        found.extend(OverdueRoster(period, office, due) for office in offices)
    return found
