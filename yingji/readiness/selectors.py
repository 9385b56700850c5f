"""Readiness scored from the registers: for every township (or village) under a division, which of its
standard's indicators the records show as met.

One query lists the divisions and one (or two) per indicator list the divisions that meet it — a fixed
number however many divisions there are. Records below a township count for it (a village warehouse's
vehicle is the township's), so each record's division code is cut to the level being scored.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from yingji.core.scoping import PREFIX_LENGTH, subtree_bounds
from yingji.divisions.models import Division, Membership, Organisation, Person
from yingji.drills.models import Drill
from yingji.plans.models import Plan
from yingji.plans.rules import MADE_STATUSES
from yingji.readiness.rules import ACTIVITY_WINDOW_DAYS, STANDARDS, Standard
from yingji.shelters.models import Shelter
from yingji.shelters.rules import Status as ShelterStatus
from yingji.supplies.models import StockLot
from yingji.supplies.rules import ItemCategory
from yingji.teams.models import InfoOfficer, Team
from yingji.teams.rules import INFO_OFFICER_TITLE, Kind, Readiness
from yingji.training.models import Attendance, TrainingSession


def _at_level(codes, level: str) -> set[str]:
    keep = PREFIX_LENGTH[level]
    return {code[:keep].ljust(12, "0") for code in codes if code}


def _codes(queryset, path: str = "division__code") -> list[str]:
    return list(queryset.values_list(path, flat=True).distinct())


def _in_stock(scope: Division, today: datetime.date):
    return StockLot.objects.within(scope).filter(quantity__gt=0).filter(
        Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))


Check = Callable[[Division, datetime.date, datetime.date], list[str]]

CHECKS: dict[tuple[str, str], Check] = {
    ("township_six", "staff"): lambda scope, today, since: _codes(
        Person.objects.within(scope).filter(employment=Person.Employment.FULL_TIME,
                                            organisation__kind=Organisation.Kind.EMERGENCY_OFFICE),
        "organisation__division__code"),
    ("township_six", "vehicle"): lambda scope, today, since: _codes(
        _in_stock(scope, today).filter(item__category=ItemCategory.VEHICLE), "warehouse__division__code"),
    ("township_six", "plan"): lambda scope, today, since: _codes(
        Plan.objects.within(scope).filter(kind=Plan.Kind.OVERALL, division__level="township",
                                          status__in=MADE_STATUSES)),
    ("township_six", "team"): lambda scope, today, since: _codes(
        Team.objects.within(scope).filter(division__level="township").exclude(readiness=Readiness.STOOD_DOWN)),
    ("township_six", "supplies"): lambda scope, today, since: _codes(_in_stock(scope, today),
                                                                       "warehouse__division__code"),
    ("township_six", "training"): lambda scope, today, since: _codes(
        TrainingSession.objects.within(scope).filter(date__gte=since, division__level="township")) + _codes(
        Drill.objects.within(scope).filter(date__gte=since, division__level="township")),
    ("village_six", "station"): lambda scope, today, since: _codes(
        Organisation.objects.within(scope).filter(kind=Organisation.Kind.SERVICE_STATION)),
    ("village_six", "officer"): lambda scope, today, since: _codes(
        InfoOfficer.objects.within(scope).filter(active=True)) + _codes(
        Membership.objects.within(scope).filter(title__contains=INFO_OFFICER_TITLE)),
    ("village_six", "plan"): lambda scope, today, since: _codes(
        Plan.objects.within(scope).filter(kind=Plan.Kind.COMBINED, status__in=MADE_STATUSES)),
    ("village_six", "team"): lambda scope, today, since: _codes(
        Team.objects.within(scope).filter(kind=Kind.VILLAGE_RESPONSE).exclude(readiness=Readiness.STOOD_DOWN)),
    ("village_six", "shelter"): lambda scope, today, since: _codes(
        Shelter.objects.within(scope).exclude(status=ShelterStatus.CLOSED)),
    # A training counts for the villages its attendees live in, wherever it was organised.
    ("village_six", "training"): lambda scope, today, since: _codes(
        Drill.objects.within(scope).filter(date__gte=since)) + _codes(
        Attendance.objects.filter(session__date__gte=since, session__deleted_at__isnull=True,
                                  person__division__code__gte=subtree_bounds(scope.code, scope.level)[0],
                                  person__division__code__lt=subtree_bounds(scope.code, scope.level)[1]),
        "person__division__code"),
}


@dataclass
class DivisionScore:
    division: Division
    met: dict[str, bool]

    @property
    def score(self) -> int:
        return sum(self.met.values())

    @property
    def compliant(self) -> bool:
        return all(self.met.values())


@dataclass
class Scores:
    standard: Standard
    rows: list[DivisionScore]

    @property
    def compliant(self) -> int:
        return sum(1 for row in self.rows if row.compliant)

    def met_counts(self) -> list[tuple[str, str, int]]:
        """(indicator code, label, divisions meeting it), in the standard's order."""
        return [(i.code, str(i.label), sum(1 for row in self.rows if row.met[i.code]))
                for i in self.standard.indicators]


def scores(scope: Division, standard: Standard, *, today: datetime.date | None = None) -> Scores:
    """Every division of the standard's level under `scope`, best first (then by code)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=ACTIVITY_WINDOW_DAYS)
    divisions = list(Division.objects.within(scope).filter(level=standard.level).order_by("code"))
    meeting = {i.code: _at_level(CHECKS[(standard.code, i.code)](scope, today, since), standard.level)
               for i in standard.indicators}
    rows = [DivisionScore(d, {code: d.code in found for code, found in meeting.items()}) for d in divisions]
    rows.sort(key=lambda row: (-row.score, row.division.code))
    return Scores(standard, rows)


def standard_for(code: str | None, scope: Division) -> Standard:
    """The asked standard, else the one for the level below the scope (villages for a township)."""
    if code in STANDARDS:
        return STANDARDS[code]
    return STANDARDS["village_six"] if scope.level in ("township", "village") else STANDARDS["township_six"]
