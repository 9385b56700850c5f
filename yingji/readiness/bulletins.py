"""Readiness bulletins (达标情况通报): the snapshot taken from the scores and the ranking, its comparison
with the previous bulletin of the same division and standard, and the Word document in the official
layout (core/word.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create
from yingji.core.exceptions import ApplicationError
from yingji.core.word import OfficialDocument, chinese_date
from yingji.divisions.models import Division
from yingji.readiness import selectors
from yingji.readiness.models import Bulletin
from yingji.readiness.rules import Standard

# The gaps list keeps the first divisions (by code) that fall short; the counts cover all of them.
GAPS_KEPT = 500


def snapshot(scope: Division, standard: Standard, day: datetime.date) -> dict:
    ranked = selectors.ranking(scope, standard, today=day)
    result = ranked.scores
    labels = {i.code: str(i.label) for i in standard.indicators}
    short = sorted((row for row in result.rows if not row.compliant), key=lambda row: row.division.code)
    return {
        "indicators": [[code, label] for code, label in labels.items()],
        "total": len(result.rows),
        "compliant": result.compliant,
        "met_counts": [list(entry) for entry in result.met_counts()],
        "ranking": [{"code": r.division.code, "name": r.division.name, "rank": r.rank, "scored": r.scored,
                     "compliant": r.compliant, "met": r.met, "possible": r.possible} for r in ranked.rows],
        "gaps": [{"code": row.division.code, "name": row.division.name,
                  "missing": [code for code, met in row.met.items() if not met]} for row in short[:GAPS_KEPT]],
        "gaps_total": len(short),
    }


def title_for(scope: Division, standard: Standard, day: datetime.date) -> str:
    return _("%(scope)s%(standard)s达标情况通报(%(date)s)") % {
        "scope": scope.name, "standard": standard.label, "date": chinese_date(day)}


def issue(*, actor, scope: Division, standard: Standard) -> Bulletin:
    """Score the subtree now and keep it as today's bulletin: the registers keep no history, so a bulletin
    can only say how things stand on the day it is issued."""
    day = timezone.localdate()
    if Bulletin.objects.filter(division=scope, standard=standard.code, date=day).exists():
        raise ApplicationError(_("该区划当天已有此标准的通报。"))
    bulletin = Bulletin(division=scope, standard=standard.code, date=day, title=title_for(scope, standard, day),
                        snapshot=snapshot(scope, standard, day), created_by=actor)
    return audited_create(actor=actor, obj=bulletin)


def percent(met: int, possible: int) -> float | None:
    return round(100 * met / possible, 1) if possible else None


@dataclass
class Change:
    """A ranked child now and in the previous bulletin (None when it was not in it)."""

    now: dict
    before: dict | None

    @property
    def percent(self) -> float | None:
        return percent(self.now["met"], self.now["possible"])

    @property
    def before_percent(self) -> float | None:
        return None if self.before is None else percent(self.before["met"], self.before["possible"])

    @property
    def delta(self) -> float | None:
        """Percentage points gained since the previous bulletin."""
        if self.percent is None or self.before_percent is None:
            return None
        return round(self.percent - self.before_percent, 1)

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative) since the previous bulletin."""
        if self.before is None or self.now["rank"] is None or self.before["rank"] is None:
            return None
        return self.before["rank"] - self.now["rank"]


@dataclass
class Comparison:
    bulletin: Bulletin
    previous: Bulletin | None
    rows: list[Change]

    @property
    def compliant_change(self) -> int | None:
        if self.previous is None:
            return None
        return self.bulletin.snapshot["compliant"] - self.previous.snapshot["compliant"]

    @property
    def fixed(self) -> int | None:
        """Divisions listed short last time and not this time (only as far as both lists were kept)."""
        if self.previous is None:
            return None
        now = {gap["code"] for gap in self.bulletin.snapshot["gaps"]}
        return sum(1 for gap in self.previous.snapshot["gaps"] if gap["code"] not in now)


def compare(bulletin: Bulletin, previous: Bulletin | None = None) -> Comparison:
    previous = previous if previous is not None else bulletin.previous()
    before = {row["code"]: row for row in previous.snapshot["ranking"]} if previous else {}
    return Comparison(bulletin, previous, [Change(row, before.get(row["code"]))
                                           for row in bulletin.snapshot["ranking"]])


def _signed(value) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


def to_docx(comparison: Comparison, issuer: str) -> bytes:
    bulletin, previous = comparison.bulletin, comparison.previous
    data = bulletin.snapshot
    labels = dict(data["indicators"])
    doc = OfficialDocument()
    doc.title(bulletin.title)
    rate = _share(percent(data["compliant"], data["total"]))
    summary = _("截至%(date)s，%(scope)s参评%(total)d个，全部达标%(compliant)d个，达标率%(rate)s。") % {
        "date": chinese_date(bulletin.date), "scope": bulletin.division.name, "total": data["total"],
        "compliant": data["compliant"], "rate": rate}
    if previous is not None:
        summary += _("与上期(%(date)s)相比，全部达标的增加%(change)s个，上期未达标的已有%(fixed)d个整改达标。") % {
            "date": chinese_date(previous.date), "change": _signed(comparison.compliant_change),
            "fixed": comparison.fixed}
    doc.paragraph(summary)
    doc.paragraph(_("依据：%(source)s。各项由平台各台账自动评定。") % {"source": bulletin.standard_obj.citation})

    doc.heading(_("一、达标排名"))
    table = [[_("排名"), _("名称"), _("参评数"), _("全部达标"), _("指标达成率"), _("较上期")]]
    for change in comparison.rows:
        row = change.now
        table.append([row["rank"] or "—", row["name"], row["scored"], row["compliant"], _share(change.percent),
                      _signed(change.delta)])
    if len(table) > 1:
        doc.table(table, header=True)
    else:
        doc.paragraph(_("没有下级区划。"))

    doc.heading(_("二、各项指标达成情况"))
    counts = [[_("指标"), _("达成数"), _("比例")]] + [
        [label, n, _share(percent(n, data["total"]))] for _code, label, n in data["met_counts"]]
    doc.table(counts, header=True)

    doc.heading(_("三、未达标名单"))
    if data["gaps"]:
        gaps = [[_("区划代码"), _("名称"), _("缺项")]] + [
            [gap["code"], gap["name"], "、".join(labels.get(code, code) for code in gap["missing"])]
            for gap in data["gaps"]]
        doc.table(gaps, header=True)
        if data["gaps_total"] > len(data["gaps"]):
            doc.paragraph(_("另有%(n)d个未列出。") % {"n": data["gaps_total"] - len(data["gaps"])})
    else:
        doc.paragraph(_("全部达标。"))
    doc.heading(_("四、工作要求"))
    doc.paragraph(_("请未达标的单位对照缺项，在相应台账中补齐登记或抓紧整改，下期通报将跟踪整改情况。"))
    doc.signature(issuer, bulletin.date)
    return doc.bytes()
