"""Reads: overdue filings and evaluations, the reviewer's queue, coverage (县、乡、村三级全覆盖), the portal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.divisions.models import Division
from yingji.plans import rules
from yingji.plans.models import HazardTopic, Plan, PlanAttachment

S = Plan.Status
K = Plan.Kind


def filing_overdue_before(today: date) -> date:
    """Issue dates before this one have passed their 20-working-day filing deadline by `today`.

    add_working_days is non-decreasing, so the first day whose deadline is not yet past is found by a
    short walk from a point safely before it; the list then filters on one indexed date.
    """
    day = rules.subtract_working_days(today, rules.FILING_WORKING_DAYS) - timedelta(days=7)
    while rules.add_working_days(day, rules.FILING_WORKING_DAYS) < today:
        day += timedelta(days=1)
    return day


def evaluation_overdue_before(today: date) -> date:
    """Publication dates before this one are past their 3-year evaluation by `today` (29 February aware)."""
    day = rules.add_years(today, -rules.EVALUATION_YEARS) - timedelta(days=3)
    while rules.add_years(day, rules.EVALUATION_YEARS) < today:
        day += timedelta(days=1)
    return day


def filing_overdue_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=(S.DELIBERATED, S.FILING), issued_date__lt=filing_overdue_before(today))


def evaluation_overdue_q(today: date | None = None) -> Q:
    """Published (or last evaluated) more than 3 years ago; written without GREATEST, which treats NULL
    differently on SQLite and PostgreSQL."""
    before = evaluation_overdue_before(timezone.localdate() if today is None else today)
    return Q(status__in=(S.PUBLISHED, S.REVISING), published_date__lt=before) & (
        Q(evaluated_date__isnull=True) | Q(evaluated_date__lt=before))


def overdue_q(today: date | None = None) -> Q:
    return filing_overdue_q(today) | evaluation_overdue_q(today)


def reviewer_q(division) -> Q:
    """Plans whose filing this division reviews (R4.1): its children's plans and its own departmental plans."""
    return (Q(division__parent=division) & ~Q(kind=K.DEPARTMENT)) | Q(division=division, kind=K.DEPARTMENT)


def awaiting_review(user) -> QuerySet[Plan]:
    home = getattr(user, "division", None)
    if home is None:
        return Plan.objects.none()
    return Plan.objects.visible_to(user).filter(reviewer_q(home), status=S.FILING)


def with_lists(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    return qs.select_related("division", "organisation")


def attachments_of(plan: Plan) -> QuerySet[PlanAttachment]:
    return plan.attachments.filter(deleted_at__isnull=True).select_related("uploaded_by").order_by("kind", "id")


# Coverage ----------------------------------------------------------------------------------------

LEVEL_WORDS = {"province": gettext_lazy("省级"), "city": gettext_lazy("市级"), "county": gettext_lazy("县级")}


@dataclass
class Coverage:
    division: Division
    counts: dict[tuple[str, str], int]
    townships: list[Division]
    topics: list[HazardTopic]
    township_topics: dict[int, set[int]]
    villages: list[Division]
    village_plans: dict[int, str]
    gaps: list[tuple[Division, str]] = field(default_factory=list)

    def count(self, level: str, kind: str | None = None) -> int:
        return sum(n for (lv, kd), n in self.counts.items() if lv == level and (kind is None or kd == kind))

    @property
    def basic_level(self) -> int:
        """Seed 000's 基层应急预案: township special plans and every village, unit and enterprise plan."""
        return (self.count("township") - self.count("township", K.OVERALL)) + self.count("village")

    def sentence(self) -> str:
        """Seed 000's sentence: 县级总体应急预案1个、县级专项应急预案39个、县级部门应急预案47个、乡镇总体预案24个…"""
        level = self.division.level
        parts = []
        if level in ("province", "city", "county"):
            word = LEVEL_WORDS[level]
            parts += [
                _("%(level)s总体应急预案%(n)d个") % {"level": word, "n": self.count(level, K.OVERALL)},
                _("%(level)s专项应急预案%(n)d个") % {"level": word, "n": self.count(level, K.SPECIAL)},
                _("%(level)s部门应急预案%(n)d个") % {"level": word, "n": self.count(level, K.DEPARTMENT)},
            ]
        if level != "village":
            parts.append(_("乡镇总体预案%(n)d个") % {"n": self.count("township", K.OVERALL)})
            parts.append(_("乡镇专项应急预案、村(社区)、企业等基层应急预案%(n)d个") % {"n": self.basic_level})
        else:
            parts.append(_("村(社区)应急预案%(n)d个") % {"n": self.count("village")})
        head = _("%(name)s共制定") % {"name": self.division.name}
        # Translators: the separator between the counts and the full stop after them.
        return head + _("、").join(parts) + _("。")

    def township_rows(self):
        for township in self.townships:
            covered = self.township_topics.get(township.pk, set())
            yield township, [(topic, topic.pk in covered) for topic in self.topics]

    def village_rows(self):
        for village in self.villages:
            yield village, self.village_plans.get(village.pk)

    @property
    def villages_covered(self) -> int:
        return sum(1 for status in self.village_plans.values() if status in rules.MADE_STATUSES)


def coverage(division: Division) -> Coverage:
    """Everything the coverage page shows in seven queries, whatever the size of the division."""
    plans = Plan.objects.within(division)
    counts = {(row["division__level"], row["kind"]): row["n"] for row in
              plans.filter(status__in=rules.MADE_STATUSES).values("division__level", "kind")
              .annotate(n=Count("id")).order_by()}
    divisions = Division.objects.within(division)
    townships = list(divisions.filter(level="township").order_by("code"))
    villages = list(divisions.filter(level="village").order_by("code"))
    topics = list(HazardTopic.objects.filter(township_required=True).order_by("name"))
    township_topics: dict[int, set[int]] = {}
    for row in (plans.filter(division__level="township", status__in=rules.MADE_STATUSES,
                             topics__township_required=True)
                .values("division_id", topic=F("topics__id")).distinct().order_by()):
        township_topics.setdefault(row["division_id"], set()).add(row["topic"])
    # A village's combined plan: the most advanced one counts (made beats in progress beats none).
    rank = {status: i for i, status in enumerate((S.DRAFT, S.SUBMITTED, *rules.MADE_STATUSES))}
    village_plans: dict[int, str] = {}
    for row in (plans.filter(division__level="village", kind=K.COMBINED).exclude(status=S.SUPERSEDED)
                .values("division_id", "status").distinct().order_by()):
        current = village_plans.get(row["division_id"])
        if current is None or rank[row["status"]] > rank[current]:
            village_plans[row["division_id"]] = row["status"]
    result = Coverage(division=division, counts=counts, townships=townships, topics=topics,
                      township_topics=township_topics, villages=villages, village_plans=village_plans)
    result.gaps = _gaps(result)
    return result


def _gaps(cov: Coverage) -> list[tuple[Division, str]]:
    gaps = []
    for township, cells in cov.township_rows():
        missing = [topic.name for topic, covered in cells if not covered]
        if missing:
            gaps.append((township, _("缺少灾种预案：%(topics)s") % {"topics": "、".join(missing)}))
    for village, status in cov.village_rows():
        if status is None:
            gaps.append((village, _("无“多案合一”综合应急预案")))
        elif status not in rules.MADE_STATUSES:
            gaps.append((village, _("“多案合一”综合应急预案尚未审议通过")))
    return gaps


# Public portal -----------------------------------------------------------------------------------


def published(division: Division | None) -> QuerySet[Plan]:
    """Plans made public (R4.2): published, not classified, not deleted."""
    qs = Plan.objects.filter(status=S.PUBLISHED, confidential=False)
    if division is not None:
        qs = qs.within(division)
    return qs.select_related("division").order_by("-published_date", "division__code", "title")


def public_attachments(plans) -> dict[int, list[PlanAttachment]]:
    by_plan: dict[int, list[PlanAttachment]] = {}
    for attachment in PlanAttachment.objects.filter(plan__in=[p.pk for p in plans], public=True).order_by("id"):
        by_plan.setdefault(attachment.plan_id, []).append(attachment)
    return by_plan


def public_attachment(pk: int) -> PlanAttachment | None:
    return (PlanAttachment.objects.filter(pk=pk, public=True, plan__status=S.PUBLISHED, plan__confidential=False,
                                          plan__deleted_at__isnull=True).first())


def portal_divisions() -> QuerySet[Division]:
    """The portal's division choice; a village's own page is reached by its code."""
    return Division.objects.filter(level__in=("county", "township")).order_by("code")


def topics() -> QuerySet[HazardTopic]:
    return HazardTopic.objects.order_by("-township_required", "name")


def division_by_code(code: str) -> Division | None:
    return Division.objects.filter(code=code).first()
