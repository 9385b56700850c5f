"""Reads: yearly publicity totals in seed 000's form (活动场次、发放宣传手册份数、参与人次) for a division's
subtree, per 七进 target (seed 004) and per subordinate division, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from yingji.core.scoping import subtree_bounds
from yingji.divisions.models import Division
from yingji.publicity.models import MaterialLine, PublicityEvent
from yingji.publicity.rules import BROCHURE_KINDS, EVENTS_PER_YEAR, MaterialKind, Target


def events_in_year(division: Division, year: int) -> QuerySet[PublicityEvent]:
    """Events dated in [1 January, next 1 January) in the subtree."""
    return PublicityEvent.objects.within(division).filter(date__gte=datetime.date(year, 1, 1),
                                                          date__lt=datetime.date(year + 1, 1, 1))


def _lines(division: Division, year: int) -> QuerySet[MaterialLine]:
    return MaterialLine.objects.within(division).filter(
        event__deleted_at__isnull=True, event__date__gte=datetime.date(year, 1, 1),
        event__date__lt=datetime.date(year + 1, 1, 1))


@dataclass
class Totals:
    label: str = ""
    events: int = 0
    participants: int = 0
    brochures: int = 0
    materials: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    division: Division | None = None

    @property
    def events_met(self) -> bool:
        return self.events >= EVENTS_PER_YEAR


@dataclass
class YearlyReport:
    division: Division
    year: int
    total: Totals
    by_target: list[Totals]
    by_division: list[Totals]


_LINE_SUMS = {
    "brochures": Coalesce(Sum("count", filter=Q(kind__in=BROCHURE_KINDS)), 0),
    "materials": Coalesce(Sum("count"), 0),
    **{f"kind_{kind}": Coalesce(Sum("count", filter=Q(kind=kind)), 0) for kind in MaterialKind.values},
}
_EVENT_SUMS = {"events": Count("pk"), "participants": Coalesce(Sum("participants"), 0)}


def _fill(totals: Totals, events: dict | None, lines: dict | None) -> Totals:
    if events:
        totals.events, totals.participants = events["events"], events["participants"]
    if lines:
        totals.brochures, totals.materials = lines["brochures"], lines["materials"]
        totals.by_kind = {kind: lines[f"kind_{kind}"] for kind in MaterialKind.values}
    return totals


def _children(division: Division) -> list[Division]:
    return list(Division.objects.filter(parent=division).order_by("code"))


def _child_of(code: str, children: list[tuple[Division, tuple[str, str]]]) -> Division | None:
    for child, (low, high) in children:
        if low <= code < high:
            return child
    return None


def yearly_report(division: Division, year: int) -> YearlyReport:
    """Totals for the subtree and year; per 七进 target; per directly subordinate division (events at
    the division itself are its own row)."""
    events = events_in_year(division, year)
    lines = _lines(division, year)
    total = _fill(Totals(label=division.name, division=division), events.aggregate(**_EVENT_SUMS),
                  lines.aggregate(**_LINE_SUMS))

    event_targets = {row["target"]: row for row in events.values("target").annotate(**_EVENT_SUMS)}
    line_targets = {row["event__target"]: row for row in lines.values("event__target").annotate(**_LINE_SUMS)}
    by_target = [_fill(Totals(label=str(label)), event_targets.get(value), line_targets.get(value))
                 for value, label in Target.choices]

    children = [(child, subtree_bounds(child.code, child.level)) for child in _children(division)]
    rows: dict[int, Totals] = {division.pk: Totals(label=division.name, division=division)}
    rows.update({child.pk: Totals(label=child.name, division=child) for child, _bounds in children})

    def merge(source, code_key: str, names: tuple[str, ...]):
        for row in source:
            owner = _child_of(row[code_key], children) or division
            bucket = rows[owner.pk]
            for name in names:
                setattr(bucket, name, getattr(bucket, name) + row[name])
            if "materials" in names:
                for kind in MaterialKind.values:
                    bucket.by_kind[kind] = bucket.by_kind.get(kind, 0) + row[f"kind_{kind}"]

    merge(events.values("division__code").annotate(**_EVENT_SUMS), "division__code", ("events", "participants"))
    merge(lines.values("division__code").annotate(**_LINE_SUMS), "division__code", ("brochures", "materials"))
    own = rows.pop(division.pk)
    by_division = [rows[child.pk] for child, _bounds in children]
    if own.events or own.materials:
        own.label = _("%(name)s(本级)") % {"name": division.name}
        by_division.insert(0, own)
    return YearlyReport(division=division, year=year, total=total, by_target=by_target, by_division=by_division)


def chart_data(report: YearlyReport) -> dict:
    """The 七进 breakdown as ECharts bar series: events, participants and brochures per target."""
    return {
        "targets": [t.label for t in report.by_target],
        "series": [
            {"name": _("活动场次"), "data": [t.events for t in report.by_target]},
            {"name": _("参与人次"), "data": [t.participants for t in report.by_target]},
            {"name": _("发放宣传手册(份)"), "data": [t.brochures for t in report.by_target]},
        ],
    }
