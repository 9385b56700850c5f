"""Reads: team lists with member counts and norms (one query), the county summary, officer coverage."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from yingji.teams.models import InfoOfficer, Speciality, Team, TeamMember
from yingji.teams.rules import INFO_OFFICER_TITLE, SUMMARY_ROWS, VILLAGE_TEAM_SIZE, Kind


def with_counts(qs: QuerySet[Team]) -> QuerySet[Team]:
    """Each team with `member_count` and, for village response teams, `norm` (seed 000) — in the same query."""
    members = (TeamMember.objects.filter(team=OuterRef("pk")).order_by().values("team")
               .annotate(n=Count("pk")).values("n"))
    norm = Case(*(When(kind=Kind.VILLAGE_RESPONSE, division__size_class=size, then=Value(people))
                  for size, people in VILLAGE_TEAM_SIZE.items()),
                default=None, output_field=IntegerField())
    return qs.annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0), norm=norm)


def under_staffed(qs: QuerySet[Team]) -> QuerySet[Team]:
    """Village response teams with fewer members than their village's size class requires."""
    return (with_counts(qs).filter(norm__isnull=False, member_count__lt=F("norm"))
            .annotate(shortfall=F("norm") - F("member_count")))


def narrow(qs: QuerySet[Team], params) -> QuerySet[Team]:
    """The filters beyond the register's choice fields: speciality (a code) and under-staffed."""
    speciality = (params.get("speciality") or "").strip()
    if speciality:
        qs = qs.filter(Exists(Team.specialities.through.objects.filter(team=OuterRef("pk"),
                                                                        speciality__code=speciality)))
    if params.get("understaffed") in ("1", "true", "True"):
        qs = under_staffed(qs)
    return qs


def speciality_choices() -> list[tuple[str, str]]:
    return [(s.code, str(s)) for s in Speciality.objects.all()]


@dataclass(frozen=True)
class SummaryRow:
    key: str
    label: str
    teams: int
    people: int


def county_summary(division) -> list[SummaryRow]:
    """Seed 000's form for any subtree: teams and people per group (two queries)."""
    teams = dict(Team.objects.within(division).order_by().values_list("kind").annotate(n=Count("pk")))
    people = dict(TeamMember.objects.within(division).filter(team__deleted_at__isnull=True).order_by()
                  .values_list("team__kind").annotate(n=Count("pk")))
    rows = [SummaryRow(key, str(label), sum(teams.get(k, 0) for k in kinds), sum(people.get(k, 0) for k in kinds))
            for key, label, kinds in SUMMARY_ROWS]
    return rows


def villages_without_team(division) -> QuerySet:
    from yingji.divisions.models import Division

    return (Division.objects.within(division).filter(level="village")
            .exclude(Exists(Team.objects.filter(division=OuterRef("pk"), kind=Kind.VILLAGE_RESPONSE)))
            .select_related("parent").order_by("code"))


# Information officers ------------------------------------------------------------------------------


def villages_with_coverage(division) -> QuerySet:
    """Villages of the subtree, each marked `in_register` (an active officer in this register) and
    `by_membership` (a divisions membership titled 信息员 in the village, the earlywarning convention)."""
    from yingji.divisions.models import Division, Membership

    registered = InfoOfficer.objects.filter(division=OuterRef("pk"), active=True)
    titled = Membership.objects.filter(division=OuterRef("pk"), title__contains=INFO_OFFICER_TITLE)
    return (Division.objects.within(division).filter(level="village")
            .annotate(in_register=Exists(registered), by_membership=Exists(titled))
            .select_related("parent").order_by("code"))


def coverage_gaps(division) -> QuerySet:
    """Seed 002: villages with no information officer at all."""
    return villages_with_coverage(division).filter(in_register=False, by_membership=False)


def coverage_counts(division) -> dict[str, int]:
    flags = list(villages_with_coverage(division).values_list("in_register", "by_membership"))
    return {"villages": len(flags), "in_register": sum(1 for r, _m in flags if r),
            "by_membership_only": sum(1 for r, m in flags if m and not r),
            "gaps": sum(1 for r, m in flags if not r and not m)}


# Public -------------------------------------------------------------------------------------------


def public_townships() -> QuerySet:
    from yingji.divisions.models import Division

    return Division.objects.filter(level="township").order_by("code")


def public_teams(township_code: str = "") -> QuerySet[Team]:
    """Teams in service for the public list; the view shows only public fields."""
    from yingji.core.scoping import subtree_bounds
    from yingji.teams.rules import Readiness

    qs = Team.objects.exclude(readiness=Readiness.STOOD_DOWN)
    if township_code.isdigit() and len(township_code) == 12:
        low, high = subtree_bounds(township_code, "township")
        qs = qs.filter(division__code__gte=low, division__code__lt=high)
    return (qs.select_related("division").prefetch_related("specialities")
            .only("name", "kind", "duty_phone", "division__name", "division__code").order_by("division__code", "name"))
