"""Reads: the yearly quotas (guidance sessions, information officers trained), certificate expiry and
the coverage of certified rescuers. Every query starts from a division's subtree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from yingji.divisions.models import Division, Membership, Organisation
from yingji.training.models import Attendance, Certificate, TrainingSession
from yingji.training.rules import (
    DEPARTMENT_GUIDANCE_SESSIONS_PER_YEAR,
    EXPIRING_SOON_DAYS,
    GUIDANCE_LEVELS,
    GUIDANCE_SESSIONS_PER_YEAR,
    INFO_OFFICER_TARGET_SHARE,
    INFO_OFFICER_TITLE,
    RESCUER_CERTIFICATE,
    RESCUER_COVERAGE_LEVELS,
)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """[1 January, next 1 January): dates, so no time zone can move a session across the boundary."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def sessions_in_year(qs: QuerySet[TrainingSession], year: int) -> QuerySet[TrainingSession]:
    start, end = year_bounds(year)
    return qs.filter(date__gte=start, date__lt=end)


# Guidance quota (seed 004) ----------------------------------------------------------------------------


class _SessionsAgainstQuota:
    """Sessions held in a year against the number a quota requires."""

    done: int
    required: int

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.done, 0)


@dataclass
class GuidanceRow(_SessionsAgainstQuota):
    division: Division
    done: int
    required: int = GUIDANCE_SESSIONS_PER_YEAR


def _guidance_divisions(division: Division, year: int) -> QuerySet[Division]:
    start, end = year_bounds(year)
    counted = Q(training_sessions__deleted_at__isnull=True, training_sessions__date__gte=start,
                training_sessions__date__lt=end, training_sessions__level=F("level"))
    return (Division.objects.within(division).filter(level__in=GUIDANCE_LEVELS)
            .annotate(done=Count("training_sessions", filter=counted)))


def guidance_progress(division: Division, year: int) -> list[GuidanceRow]:
    """Each county and township in the subtree with the sessions it organised at its level that year."""
    return [GuidanceRow(d, d.done) for d in _guidance_divisions(division, year).order_by("code")]


def guidance_behind_count(division: Division, year: int) -> int:
    return _guidance_divisions(division, year).filter(done__lt=GUIDANCE_SESSIONS_PER_YEAR).count()


@dataclass
class DepartmentRow(_SessionsAgainstQuota):
    organisation: Organisation
    done: int
    required: int = DEPARTMENT_GUIDANCE_SESSIONS_PER_YEAR


def _departments(division: Division, year: int) -> QuerySet[Organisation]:
    start, end = year_bounds(year)
    organised = (TrainingSession.objects.filter(organiser=OuterRef("pk"), deleted_at__isnull=True,
                                                date__gte=start, date__lt=end)
                 .order_by().values("organiser").annotate(n=Count("pk")).values("n"))
    return (Organisation.objects.within(division).filter(kind=Organisation.Kind.DEPARTMENT)
            .annotate(done=Coalesce(Subquery(organised), 0)))


def department_guidance(division: Division, year: int) -> list[DepartmentRow]:
    """Each department in the subtree with the sessions it organised that year (seed 004: its guidance
    training of its sector), in one query."""
    return [DepartmentRow(o, o.done) for o in
            _departments(division, year).select_related("division").order_by("division__code", "name")]


def department_guidance_behind_count(division: Division, year: int) -> int:
    return _departments(division, year).filter(done__lt=DEPARTMENT_GUIDANCE_SESSIONS_PER_YEAR).count()


# Information officers trained (seeds 000, 002) ----------------------------------------------------------


def _officers_of(village_ref) -> QuerySet[Membership]:
    return Membership.objects.filter(division=village_ref, title__contains=INFO_OFFICER_TITLE,
                                     person__deleted_at__isnull=True)


def _officer_attended(year: int) -> Exists:
    """For the village in the outer query: one of its information officers attended a session in `year`."""
    start, end = year_bounds(year)
    officers = _officers_of(OuterRef(OuterRef("pk"))).values("person_id")
    return Exists(Attendance.objects.filter(person_id__in=officers, session__deleted_at__isnull=True,
                                            session__date__gte=start, session__date__lt=end))


def villages_with_officer_training(division: Division, year: int) -> QuerySet[Division]:
    """Villages in the subtree, each with `has_officer` and `trained` (an officer attended a session)."""
    return (Division.objects.within(division).filter(level="village")
            .annotate(has_officer=Exists(_officers_of(OuterRef("pk"))), trained=_officer_attended(year))
            .select_related("parent").order_by("code"))


@dataclass
class OfficerCoverage:
    division: Division | None
    villages: int = 0
    with_officer: int = 0
    trained: int = 0
    untrained: list[Division] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.trained / self.villages if self.villages else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def met(self) -> bool:
        return self.share is None or self.share >= INFO_OFFICER_TARGET_SHARE


def officer_coverage(division: Division, year: int) -> tuple[OfficerCoverage, list[OfficerCoverage]]:
    """The subtree's share of villages whose information officers attended a training in `year`, and
    the same per township (one query)."""
    total = OfficerCoverage(division)
    by_township: dict[int, OfficerCoverage] = {}
    for village in villages_with_officer_training(division, year):
        row = by_township.setdefault(village.parent_id, OfficerCoverage(village.parent))
        for bucket in (total, row):
            bucket.villages += 1
            bucket.with_officer += village.has_officer
            bucket.trained += village.trained
            if not village.trained:
                bucket.untrained.append(village)
    return total, sorted(by_township.values(), key=lambda r: r.division.code)


def officer_share_behind(division: Division, year: int) -> bool:
    # The Exists goes into the aggregate's filter itself: Django drops an annotation that an aggregate
    # over the annotated queryset only filters on.
    counts = Division.objects.within(division).filter(level="village").aggregate(
        villages=Count("pk"), trained=Count("pk", filter=_officer_attended(year)))
    return bool(counts["villages"]) and counts["trained"] < counts["villages"] * INFO_OFFICER_TARGET_SHARE


# Certificates ---------------------------------------------------------------------------------------------


def valid_q(on: datetime.date, prefix: str = "") -> Q:
    """Valid on a day: issued by then and expiring that day or later (or never)."""
    return Q(**{f"{prefix}issued_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": on}))


def renewed() -> Exists:
    """A later certificate of the same kind for the same person replaces this one."""
    return Exists(Certificate.objects.filter(person_id=OuterRef("person_id"), kind=OuterRef("kind"),
                                             issued_on__gt=OuterRef("issued_on")))


def expiring(qs: QuerySet[Certificate], days: int = EXPIRING_SOON_DAYS,
             today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Valid today and expiring within `days` days (the last day included), not yet renewed."""
    today = today or timezone.localdate()
    return (qs.filter(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=days))
            .exclude(renewed()).select_related("person", "division").order_by("expires_on", "pk"))


def expired(qs: QuerySet[Certificate], today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Expired before today and not renewed (valid on its expiry date, expired the day after)."""
    today = today or timezone.localdate()
    return (qs.filter(expires_on__lt=today).exclude(renewed()).select_related("person", "division")
            .order_by("expires_on", "pk"))


def is_valid(certificate: Certificate, on: datetime.date | None = None) -> bool:
    on = on or timezone.localdate()
    return certificate.issued_on <= on and (certificate.expires_on is None or certificate.expires_on >= on)


def without_certified_rescuer(division: Division, on: datetime.date | None = None) -> QuerySet[Division]:
    """Townships and villages in the subtree where nobody holds a valid 应急救援员证 (seed 002), in one
    query: a holder counts for the division their person record belongs to."""
    on = on or timezone.localdate()
    holders = Certificate.objects.filter(valid_q(on), division=OuterRef("pk"), kind=RESCUER_CERTIFICATE,
                                         person__deleted_at__isnull=True)
    return (Division.objects.within(division).filter(level__in=RESCUER_COVERAGE_LEVELS)
            .annotate(covered=Exists(holders)).filter(covered=False)
            .select_related("parent").order_by("code"))


def rescuer_coverage_counts(division: Division, on: datetime.date | None = None) -> dict[str, int]:
    on = on or timezone.localdate()
    holders = Certificate.objects.filter(valid_q(on), division=OuterRef("pk"), kind=RESCUER_CERTIFICATE,
                                         person__deleted_at__isnull=True)
    return (Division.objects.within(division).filter(level__in=RESCUER_COVERAGE_LEVELS)
            .aggregate(total=Count("pk"), covered=Count("pk", filter=Exists(holders))))
