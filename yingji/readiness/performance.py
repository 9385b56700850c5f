"""七化 (seed 004, 三(三)): the performance measures of a division's subtree for a year, each answered by
the selectors of the capability that keeps the register (plans, workreports, duty, teams, training,
hazards, publicity) and by this app's own "六有"/"七有" scores. A measure no register can answer
(平台建设体系化) is shown as not measured with its reason, never given a score.

Each measure is one or more parts, each a count of items meeting a requirement out of the items it
applies to; a measure's rate is the mean of its parts that apply to anything. The number of queries is
fixed: it does not grow with the number of divisions or records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.divisions.models import Division, Organisation
from yingji.duty.models import DutyRoster
from yingji.duty.selectors import overdue_rosters
from yingji.hazards.models import Hazard
from yingji.hazards.selectors import overdue as hazards_overdue
from yingji.plans import rules as plan_rules
from yingji.plans.models import Plan
from yingji.plans.selectors import coverage as plan_coverage
from yingji.publicity.selectors import yearly_report
from yingji.readiness import selectors
from yingji.readiness.rules import QIHUA, STANDARDS, Measure
from yingji.teams.models import Team
from yingji.teams.rules import Kind, Readiness
from yingji.teams.selectors import under_staffed, with_counts
from yingji.training.selectors import guidance_progress, rescuer_coverage_counts
from yingji.workreports.selectors import on_time_rates


class _Viewer:
    """Someone looking at `division`: the workreports and duty selectors take a user and read nothing of
    it but its scope (core.scoping.scope_division), so a division's measures can be asked of them."""

    is_authenticated = True
    is_active = True

    def __init__(self, division: Division) -> None:
        self.division = self.active_division = division


@dataclass
class Part:
    label: str
    done: int
    total: int
    note: str = ""

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


@dataclass
class Result:
    measure: Measure
    parts: list[Part] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return not self.measure.unmeasured and any(p.total for p in self.parts)

    @property
    def percent(self) -> float | None:
        rates = [p.rate for p in self.parts if p.rate is not None]
        if self.measure.unmeasured or not rates:
            return None
        return round(100 * sum(rates) / len(rates), 1)

    @property
    def reason(self) -> str:
        """Why there is no score: no register for it, or nothing it applies to in this subtree and year."""
        if self.measure.unmeasured:
            return str(self.measure.unmeasured)
        return "" if self.measured else _("本区域本年度没有可考核的记录。")


def _plans(scope: Division, year: int, today: datetime.date) -> list[Part]:
    cov = plan_coverage(scope)
    dates = Plan.objects.within(scope).filter(issued_date__year=year).values_list("issued_date", "filed_date")
    on_time = due = 0
    for issued, filed in dates:
        deadline = plan_rules.add_working_days(issued, plan_rules.FILING_WORKING_DAYS)
        if filed is not None or deadline < today:
            due += 1
            on_time += filed is not None and filed <= deadline
    return [Part(_("村(社区)“多案合一”预案覆盖"), cov.villages_covered, len(cov.villages)),
            Part(_("本年度印发的预案按期报备"), on_time, due)]


def _reporting(scope: Division, year: int, today: datetime.date) -> list[Part]:
    viewer = _Viewer(scope)
    rates = on_time_rates(viewer, year, today)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    filed = DutyRoster.objects.filter(organisation=OuterRef("pk"), status=DutyRoster.Status.FILED,
                                      deleted_at__isnull=True, start_date__lte=end, end_date__gte=start)
    offices = (Organisation.objects.within(scope).filter(kind=Organisation.Kind.EMERGENCY_OFFICE)
               .exclude(division__level="village").annotate(filed=Exists(filed))
               .values_list("filed", flat=True))
    flags = list(offices)
    overdue = len(overdue_rosters(viewer, today))
    note = _("现有%(n)d个特殊时段值班表逾期未报。") % {"n": overdue} if overdue else ""
    return [Part(_("工作报告按期报送"), sum(r.on_time for r in rates), sum(r.due for r in rates)),
            Part(_("应急管理办公室报送本年度值班表"), sum(flags), len(flags), note)]


def _teams(scope: Division, year: int, today: datetime.date) -> list[Part]:
    village_teams = Team.objects.within(scope).filter(kind=Kind.VILLAGE_RESPONSE).exclude(
        readiness=Readiness.STOOD_DOWN)
    with_norm = with_counts(village_teams).filter(norm__isnull=False).count()
    short = under_staffed(village_teams).count()
    rescuers = rescuer_coverage_counts(scope, today)
    return [Part(_("村级应急响应队人数达到定额"), with_norm - short, with_norm),
            Part(_("乡镇、村(社区)有持证应急救援员"), rescuers["covered"], rescuers["total"])]


def _risk(scope: Division, year: int, today: datetime.date) -> list[Part]:
    due = Hazard.objects.within(scope).filter(deadline__year=year, deadline__lt=today)
    finished = due.filter(Q(rectified_at__isnull=False) | Q(closed_at__isnull=False))
    rows = list(finished.values_list("deadline", "rectified_at", "closed_at"))
    tz = timezone.get_current_timezone()
    done = sum(1 for deadline, rectified, closed in rows
               if (rectified or closed).astimezone(tz).date() <= deadline)
    still_open = hazards_overdue(due, today).count()
    note = _("其中%(n)d项逾期仍未整改。") % {"n": still_open} if still_open else ""
    return [Part(_("整改期限已到的隐患按期整改"), done, due.count(), note)]


def _education(scope: Division, year: int, today: datetime.date) -> list[Part]:
    guidance = guidance_progress(scope, year)
    parts = [Part(_("县、乡两级指导培训达到每年2次"), sum(1 for r in guidance if r.met), len(guidance))]
    if scope.level in ("county", "township"):
        report = yearly_report(scope, year)
        rows = ([report.total] if scope.level == "township"
                else [r for r in report.by_division if r.division and r.division.level == "township"])
        parts.append(Part(_("乡镇(街道)宣传活动达到每年2场"), sum(1 for r in rows if r.events_met), len(rows)))
    return parts


def _model_sites(scope: Division, year: int, today: datetime.date) -> list[Part]:
    parts = []
    for code in ("township_six", "township_seven", "village_six", "village_seven"):
        result = selectors.scores(scope, STANDARDS[code], today=today)
        parts.append(Part(_("%(standard)s达标") % {"standard": STANDARDS[code].label}, result.compliant,
                          len(result.rows)))
    return parts


ANSWERS = {"plans": _plans, "reporting": _reporting, "teams": _teams, "risk": _risk,
           "education": _education, "model_sites": _model_sites}


def performance(scope: Division, year: int | None = None, *, today: datetime.date | None = None) -> list[Result]:
    """The seven measures, in seed 004's order, for the subtree of `scope` and `year` (by `today`)."""
    today = today or timezone.localdate()
    year = year or today.year
    # A past year is judged at its end; the current one as of today.
    cutoff = min(today, datetime.date(year, 12, 31))
    return [Result(m, [] if m.unmeasured else ANSWERS[m.code](scope, year, cutoff)) for m in QIHUA]
