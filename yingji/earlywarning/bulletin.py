"""The monthly risk bulletin (月度风险提示, seed 003): its draft and its Word export.

The draft is generated from the month's own warnings, the alarms and hazards of the monitoring and
hazard registers (`alarms_in`, `hazards_in(division, start, end)`), the incidents register and the
seasonal-risk calendar of rules.py.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.divisions.models import Division
from yingji.earlywarning.models import EarlyWarning, RiskBulletin
from yingji.earlywarning.rules import seasonal_risks
from yingji.hazards.selectors import hazards_in
from yingji.monitoring.selectors import alarms_in


def incidents_in(division: Division, start, end) -> list[str]:
    """The incidents register (yingji.incidents) has no period selector; its events are read here."""
    from yingji.incidents.models import Event

    tz = timezone.get_current_timezone()
    events = Event.objects.within(division).filter(occurred_at__gte=start, occurred_at__lt=end).order_by("occurred_at")
    return [f"{e.occurred_at.astimezone(tz):%m-%d} {e.get_severity_display()} {e.title}" for e in events]


SOURCES = {"alarms": alarms_in, "hazards": hazards_in, "incidents": incidents_in}
LISTED_ITEMS = 10


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    last = calendar.monthrange(year, month)[1]
    return start, start + datetime.timedelta(days=last)


def _section(name: str, division: Division, start, end, label: str) -> str:
    rows = list(SOURCES[name](division, start, end))
    if not rows:
        return _("本月%(label)s：无。") % {"label": label}
    lines = [_("本月%(label)s共%(count)d起。") % {"label": label, "count": len(rows)}]
    lines += [f"{i}. {row}" for i, row in enumerate(rows[:LISTED_ITEMS], 1)]
    return "\n".join(lines)


def _warnings_text(division: Division, start, end) -> str:
    issued = (EarlyWarning.objects.within(division).filter(sent__gte=start, sent__lt=end)
              .exclude(msg_type=EarlyWarning.MsgType.CANCEL).order_by("sent"))
    rows = list(issued)
    if not rows:
        return _("本月未发布预警信息。")
    lines = [_("本月发布预警信息%(count)d条：") % {"count": len(rows)}]
    lines += [f"{i}. {w.sent.astimezone(timezone.get_current_timezone()):%m-%d} {w.get_level_display()} {w.headline}"
              for i, w in enumerate(rows, 1)]
    return "\n".join(lines)


def draft_sections(division: Division, year: int, month: int) -> dict[str, str]:
    start, end = month_bounds(year, month)
    risks = seasonal_risks(month)
    seasonal = "\n".join(f"{i}. {risk.label}：{risk.advice}" for i, risk in enumerate(risks, 1))
    next_month = month % 12 + 1
    upcoming = [r for r in seasonal_risks(next_month) if r not in risks]
    if upcoming:
        seasonal += "\n" + _("下月起进入：%(names)s。") % {"names": "、".join(str(r.label) for r in upcoming)}
    return {
        "title": _("%(division)s%(year)d年%(month)d月安全风险提示") % {"division": division.name, "year": year,
                                                                 "month": month},
        "overview": _warnings_text(division, start, end),
        "alarms_text": _section("alarms", division, start, end, _("监测报警")),
        "hazards_text": _section("hazards", division, start, end, _("隐患排查")),
        "incidents_text": _section("incidents", division, start, end, _("突发事件")),
        "seasonal_text": seasonal,
        "measures": "\n".join(f"{i}. {risk.advice}" for i, risk in enumerate(risks, 1)),
    }


SECTIONS = (
    ("overview", _("一、总体形势")),
    ("alarms_text", _("二、监测报警情况")),
    ("hazards_text", _("三、隐患排查情况")),
    ("incidents_text", _("四、突发事件情况")),
    ("seasonal_text", _("五、季节性风险提示")),
    ("measures", _("六、防范措施建议")),
)


def to_docx(bulletin: RiskBulletin, issuer_name: str) -> bytes:
    """The bulletin in the official layout (core/word.py), issuing body and date at the end."""
    from yingji.core.word import OfficialDocument

    doc = OfficialDocument()
    doc.title(bulletin.title)
    for field, heading in SECTIONS:
        text = getattr(bulletin, field)
        if text:
            doc.heading(str(heading))
            doc.lines(text)
    date = (bulletin.published_at or timezone.now()).astimezone(timezone.get_current_timezone())
    doc.signature(issuer_name, date.date())
    return doc.bytes()
