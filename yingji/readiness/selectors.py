"""Readiness scored from the registers: for every township (or village) under a division, which of its
standard's indicators ("六有" of seed 002, "七有" of seed 004) the records show as met, and the ranking of
the viewed division's children by the share of indicators met.

One query lists the divisions and one (or two) per indicator list the divisions that meet it — a fixed
number however many divisions there are. Records below a township count for it (a village warehouse's
vehicle is the township's), so each record's division code is cut to the level being scored.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import F, Q
from django.utils import timezone

from yingji.core.scoping import PREFIX_LENGTH, subtree_bounds
from yingji.divisions.models import Division, Membership, Organisation, Person
from yingji.drills.models import Drill
from yingji.duty.models import DutyRoster
from yingji.plans import rules as plan_rules
from yingji.plans.models import Plan
from yingji.plans.rules import MADE_STATUSES
from yingji.publicity.selectors import events_in_year
from yingji.readiness.rules import ACTIVITY_WINDOW_DAYS, STANDARDS, Standard
from yingji.shelters.models import Shelter
from yingji.shelters.rules import Status as ShelterStatus
from yingji.supplies.models import StockLot
from yingji.supplies.rules import ItemCategory
from yingji.teams.models import InfoOfficer, Team
from yingji.teams.rules import INFO_OFFICER_TITLE, Kind, Readiness
from yingji.teams.selectors import with_counts
from yingji.training.models import Attendance, TrainingSession
from yingji.workreports.models import Submission


def _at_level(codes, level: str) -> set[str]:
    keep = PREFIX_LENGTH[level]
    return {code[:keep].ljust(12, "0") for code in codes if code}


def _codes(queryset, path: str = "division__code") -> list[str]:
    return list(queryset.values_list(path, flat=True).distinct())


def _in_stock(scope: Division, today: datetime.date):
    return StockLot.objects.within(scope).filter(quantity__gt=0).filter(
        Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))


Check = Callable[[Division, datetime.date, datetime.date], list[str] | set[str]]

# "七有" (seed 004) -------------------------------------------------------------------------------------

BODY_KINDS = {"township": (Organisation.Kind.EMERGENCY_OFFICE, Organisation.Kind.LEADERSHIP_GROUP),
              "village": (Organisation.Kind.RESPONSE_GROUP, Organisation.Kind.SERVICE_STATION)}


def _body(level: str) -> Check:
    """An emergency body of the level, registered with people in it (staff records or members)."""
    kinds = BODY_KINDS[level]

    def check(scope, today, since):
        staff = Person.objects.within(scope).filter(organisation__kind__in=kinds,
                                                    organisation__deleted_at__isnull=True,
                                                    organisation__division__level=level)
        members = Membership.objects.within(scope).filter(organisation__kind__in=kinds, division__level=level,
                                                          organisation__deleted_at__isnull=True,
                                                          person__deleted_at__isnull=True)
        return _codes(staff, "organisation__division__code") + _codes(members)
    return check


def _published_plan(level: str) -> Check:
    return lambda scope, today, since: _codes(
        Plan.objects.within(scope).filter(division__level=level, status__in=plan_rules.IN_FORCE_STATUSES))


def _rules(level: str) -> Check:
    """Duty rosters filed and work reports submitted in the window (rules.RULES_NOTE): both for a
    township, either for a village."""

    def check(scope, today, since):
        rosters = _at_level(_codes(DutyRoster.objects.within(scope).filter(
            status=DutyRoster.Status.FILED, division__level=level, end_date__gte=since, start_date__lte=today)),
            level)
        reports = _at_level(_codes(Submission.objects.within(scope).filter(
            division__level=level, submitted_at__date__gte=since, submitted_at__date__lte=today)), level)
        return rosters & reports if level == "township" else rosters | reports
    return check


def _team(level: str) -> Check:
    def check(scope, today, since):
        teams = Team.objects.within(scope).exclude(readiness=Readiness.STOOD_DOWN)
        if level == "township":
            teams = with_counts(teams.filter(division__level="township")).filter(member_count__gt=0)
        else:
            teams = with_counts(teams.filter(kind=Kind.VILLAGE_RESPONSE, division__level="village")).filter(
                Q(norm__isnull=True, member_count__gt=0) | Q(norm__isnull=False, member_count__gte=F("norm")))
        return _codes(teams)
    return check


def _seven(level: str, standard: str) -> dict[tuple[str, str], Check]:
    return {
        (standard, "body"): _body(level),
        (standard, "plan"): _published_plan(level),
        (standard, "rules"): _rules(level),
        (standard, "team"): _team(level),
        (standard, "supplies"): lambda scope, today, since: _codes(_in_stock(scope, today),
                                                                   "warehouse__division__code"),
        (standard, "shelter"): lambda scope, today, since: _codes(
            Shelter.objects.within(scope).exclude(status=ShelterStatus.CLOSED)),
        (standard, "publicity"): lambda scope, today, since: _codes(events_in_year(scope, today.year)),
    }


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
    **_seven("township", "township_seven"),
    **_seven("village", "village_seven"),
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


# Ranking (排名) -----------------------------------------------------------------------------------------


@dataclass
class RankRow:
    """A child of the viewed division: the indicator ticks of the scored divisions inside it."""

    division: Division
    scored: int = 0  # divisions of the standard's level inside it (itself, when it is of that level)
    compliant: int = 0
    met: int = 0
    possible: int = 0
    rank: int | None = None  # None when nothing inside it is scored by the standard

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.met, self.possible) if self.possible else None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else round(float(self.share) * 100, 1)


@dataclass
class Ranking:
    scope: Division
    standard: Standard
    scores: Scores
    rows: list[RankRow]


def rank_in_place(rows: list[RankRow]) -> list[RankRow]:
    """Best share first (then by code); equal shares share a rank and the next rank skips (1, 2, 2, 4).
    Shares are exact fractions, so 2/3 and 4/6 tie and no rounding splits a tie."""
    rows.sort(key=lambda r: (r.share is None, -(r.share or 0), r.division.code))
    scored = [r for r in rows if r.share is not None]
    for position, row in enumerate(scored):
        row.rank = scored[position - 1].rank if position and row.share == scored[position - 1].share \
            else position + 1
    return rows


def ranking(scope: Division, standard: Standard, *, today: datetime.date | None = None,
            result: Scores | None = None) -> Ranking:
    """The children of `scope` ranked by the share of the standard's indicators met by the divisions
    inside each (a county's townships by their villages' "六有", say). One query more than `scores`."""
    result = result or scores(scope, standard, today=today)
    children = list(Division.objects.within(scope).filter(parent=scope).order_by("code"))
    rows = {child.code[:PREFIX_LENGTH[child.level]]: RankRow(child) for child in children}
    if children:
        keep = PREFIX_LENGTH[children[0].level]
        size = len(standard.indicators)
        for scored in result.rows:
            row = rows.get(scored.division.code[:keep])
            if row is None:
                continue
            row.scored += 1
            row.compliant += scored.compliant
            row.met += scored.score
            row.possible += size
    return Ranking(scope, standard, result, rank_in_place(list(rows.values())))
