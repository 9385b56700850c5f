"""Event categories, severity grading, deadline computation: the numbers of RULES.md, each with its source.

Everything here is data or a pure function. The deadline *rules* themselves (minutes per level and
channel) are rows of `DeadlineRule`, seeded from `DEFAULT_DEADLINE_RULES` below by a data migration
and editable by an administrator, because provinces set stricter ones (RULES.md R3.17).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC


class Category(models.TextChoices):
    """The four categories of 突发事件 (RULES.md R1.1, L1 Art. 2)."""

    NATURAL = "natural", _("自然灾害")
    ACCIDENT = "accident", _("事故灾难")
    HEALTH = "health", _("公共卫生事件")
    SOCIAL = "social", _("社会安全事件")


# Usual sub-types per category: RULES.md R1.2 (P-GP06 §1.3; 应急〔2020〕19号 disaster types).
SUBTYPES: dict[str, list[tuple[str, str]]] = {
    Category.NATURAL: [
        ("flood_drought", _("水旱灾害")), ("meteorological", _("气象灾害")), ("earthquake", _("地震灾害")),
        ("geological", _("地质灾害")), ("biological", _("生物灾害")), ("forest_fire", _("森林草原火灾")),
    ],
    Category.ACCIDENT: [
        ("work_safety", _("工矿商贸安全事故")), ("road_traffic", _("道路交通事故")), ("fire", _("火灾事故")),
        ("utility", _("公共设施和设备事故")), ("pollution", _("环境污染和生态破坏事件")),
    ],
    Category.HEALTH: [
        ("epidemic", _("传染病疫情")), ("unexplained_illness", _("群体性不明原因疾病")),
        ("food_safety", _("食品安全和职业危害")), ("animal_epidemic", _("动物疫情")),
    ],
    Category.SOCIAL: [
        ("terrorism", _("恐怖袭击事件")), ("economic", _("经济安全事件")), ("foreign", _("涉外突发事件")),
        ("mass_incident", _("群体性事件")),
    ],
}
SUBTYPE_CHOICES = [(code, label) for items in SUBTYPES.values() for code, label in items]


class Severity(models.TextChoices):
    """Four grades (RULES.md R1.3, L1 Art. 3; R1.4 Ⅰ–Ⅳ). Stored value sorts from most severe."""

    ESPECIALLY_MAJOR = "1", _("特别重大")
    MAJOR = "2", _("重大")
    LARGER = "3", _("较大")
    GENERAL = "4", _("一般")


def more_severe(a: str, b: str) -> bool:
    return a < b


@dataclass(frozen=True)
class GradeThreshold:
    """Lower bounds of one grade: reached when ANY criterion is met (L2 Art. 3 joins them by 或者)."""

    severity: str
    deaths: int
    serious_injuries: int
    loss_yuan: Decimal


# ACC-GRADE-1..4 (RULES.md §1.3 and §12; L2 Art. 3 [A]). "以上" includes the number, "以下" excludes it.
# Serious injuries include acute industrial poisoning. Only work-safety accidents have national
# numeric thresholds in RULES.md; the other categories get no automatic suggestion.
GRADING: dict[str, list[GradeThreshold]] = {
    Category.ACCIDENT: [
        GradeThreshold(Severity.ESPECIALLY_MAJOR, 30, 100, Decimal("100000000")),
        GradeThreshold(Severity.MAJOR, 10, 50, Decimal("50000000")),
        GradeThreshold(Severity.LARGER, 3, 10, Decimal("10000000")),
    ],
}
GRADING_SOURCE = "《生产安全事故报告和调查处理条例》(国务院令第493号) 第三条"


def suggest_severity(category: str, *, deaths: int, serious_injuries: int, loss_yuan: Decimal) -> str | None:
    """The grade the category's thresholds give, or None when the category has no numeric grading."""
    table = GRADING.get(category)
    if table is None:
        return None
    for grade in table:
        if deaths >= grade.deaths or serious_injuries >= grade.serious_injuries or loss_yuan >= grade.loss_yuan:
            return grade.severity
    return Severity.GENERAL


# RPT-ACC-SUPP (RULES.md R3.6, L2 Art. 13 [A]): casualty changes within 30 days of the accident must be
# reported; 7 days for road traffic and fire accidents.
SUPPLEMENTARY_WINDOW_DAYS = 30
SUPPLEMENTARY_WINDOW_SHORT_DAYS = 7
SUPPLEMENTARY_SHORT_SUBTYPES = frozenset({"road_traffic", "fire", "forest_fire"})
SUPPLEMENTARY_SOURCE = "《生产安全事故报告和调查处理条例》第十三条"


def supplementary_window(subtype: str) -> datetime.timedelta:
    short = subtype in SUPPLEMENTARY_SHORT_SUBTYPES
    return datetime.timedelta(days=SUPPLEMENTARY_WINDOW_SHORT_DAYS if short else SUPPLEMENTARY_WINDOW_DAYS)


# A field report's photo: JPEG, PNG or WebP by content (a phone's browser converts HEIC when uploading),
# at most 10 MB (a phone camera's full-size picture).
PHOTO_MAX_BYTES = 10 * 1024 * 1024


# Reporting levels bottom-up; a report flows one level at a time (RULES.md R3.3, L2 Arts. 10–11).
LEVELS = ["village", "township", "county", "city", "province"]


def next_level(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


# How far up an event's reports must go, by grade (RULES.md R3.4, L2 Art. 10): 一般 to the districted
# city, 较大 to the province, 重大 and above to the State Council department (beyond the platform's
# tree, so the province is the last level it tracks).
TOP_LEVEL = {
    Severity.GENERAL: "city",
    Severity.LARGER: "province",
    Severity.MAJOR: "province",
    Severity.ESPECIALLY_MAJOR: "province",
}


def compute_due(start: datetime.datetime, *, minutes: int | None = None, at_times: tuple[str, ...] = ()) -> datetime.datetime:
    """When an obligation falls due, in UTC.

    `start` is an aware datetime (any zone). A rule is either a span in minutes, or a list of local
    (Asia/Shanghai) clock times such as ("08:00", "17:00") for daily follow-ups (RULES.md R3.17, Henan):
    the first such time strictly after `start`, rolling over midnight, month and year ends.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if minutes is not None:
        return (start + datetime.timedelta(minutes=minutes)).astimezone(UTC)
    if not at_times:
        raise ValueError("a rule needs minutes or clock times")
    local = start.astimezone(SHANGHAI)
    times = sorted(datetime.time.fromisoformat(t) for t in at_times)
    for day_offset in (0, 1):
        day = local.date() + datetime.timedelta(days=day_offset)
        for clock in times:
            candidate = datetime.datetime.combine(day, clock, tzinfo=SHANGHAI)
            if candidate > local:
                return candidate.astimezone(UTC)
    raise AssertionError("unreachable")  # pragma: no cover


def near_deadline_lead() -> datetime.timedelta:
    """How long before a deadline its owner is reminded (INCIDENTS_NEAR_DEADLINE_MINUTES, default 30)."""
    from django.conf import settings

    return datetime.timedelta(minutes=settings.INCIDENTS_NEAR_DEADLINE_MINUTES)


# Level letters in rule codes: 村 V, 乡 T, 县 X, 市 S, 省 P.
_ABBR = {"village": "V", "township": "T", "county": "X", "city": "S", "province": "P"}

def _rule(**fields) -> dict:
    return fields


# Forecast/warning information of possible serious or especially serious events: reported up within
# 2 hours at each level (seed 001: "對可能引發特別重大、重大突發公共事件的預測預警信息,堅持了在2小時內報送").
# Seeded by migration 0004 (the `forecast` field came after 0002).
FORECAST_DEADLINE_RULES: list[dict] = [
    _rule(code=f"RPT-FORECAST-{src[0].upper()}", kind="first", from_level=src, to_level=dst, channel="written",
          minutes=120, clock="known", forecast=True,
          source="种子001：可能引发特别重大、重大突发事件的预测预警信息2小时内报送")
    for src, dst in (("village", "township"), ("township", "county"), ("county", "city"))
]


# Seed rows for DeadlineRule. Fields: code, kind, category ("" = any), severity ("" = any), from, to,
# channel, minutes, clock ("known" = from when the event became known, "received" = from when the
# obliged level received the report), province ("" = national), source.
DEFAULT_DEADLINE_RULES: list[dict] = [
    # Work-safety accidents: unit head → county regulator within 1 hour of knowing (L2 Art. 9);
    # village and township relay inside that hour.
    _rule(code="RPT-ACC-UNIT-V", kind="first", category="accident", from_level="village", to_level="township",
         channel="written", minutes=60, clock="known", source="国务院令第493号 第九条 (RPT-ACC-UNIT)"),
    _rule(code="RPT-ACC-UNIT-T", kind="first", category="accident", from_level="township", to_level="county",
         channel="written", minutes=60, clock="known", source="国务院令第493号 第九条 (RPT-ACC-UNIT)"),
    # Each level up ≤ 2 hours (L2 Arts. 10–11).
    _rule(code="RPT-ACC-LEVEL-X", kind="first", category="accident", from_level="county", to_level="city",
         channel="written", minutes=120, clock="received", source="国务院令第493号 第十一条 (RPT-ACC-LEVEL)"),
    _rule(code="RPT-ACC-LEVEL-S", kind="first", category="accident", from_level="city", to_level="province",
         channel="written", minutes=120, clock="received", source="国务院令第493号 第十一条 (RPT-ACC-LEVEL)"),
    # Natural disasters: the county's first report within 2 hours (应急〔2020〕19号 §6); lower levels
    # relay inside the same two hours. ≥10 dead or missing also straight to the province (see services).
    _rule(code="RPT-NAT-DIS-V", kind="first", category="natural", from_level="village", to_level="township",
         channel="written", minutes=120, clock="known", source="应急〔2020〕19号 §6 (RPT-NAT-DIS)"),
    _rule(code="RPT-NAT-DIS-T", kind="first", category="natural", from_level="township", to_level="county",
         channel="written", minutes=120, clock="known", source="应急〔2020〕19号 §6 (RPT-NAT-DIS)"),
    _rule(code="RPT-NAT-DIS-X", kind="first", category="natural", from_level="county", to_level="city",
         channel="written", minutes=120, clock="known", source="应急〔2020〕19号 §6 (RPT-NAT-DIS)"),
    _rule(code="RPT-NAT-DIS-10", kind="first", category="natural", from_level="county", to_level="province",
         channel="written", minutes=120, clock="known", min_dead_missing=10,
         source="应急〔2020〕19号 §6: 死亡失踪10人以上同时报省级和应急管理部 (RPT-NAT-DIS)"),
    _rule(code="RPT-NAT-DIS-S", kind="first", category="natural", from_level="city", to_level="province",
         channel="written", minutes=120, clock="received", source="应急〔2020〕19号 §6 (RPT-NAT-DIS)"),
    # Public-health events: 2 hours per level (L6 Arts. 19–20).
    *[_rule(code=f"RPT-PH-{_ABBR[a]}", kind="first", category="health", from_level=a, to_level=b,
           channel="written", minutes=120, clock="received" if a in ("county", "city") else "known",
           source="《突发公共卫生事件应急条例》第十九条、第二十条 (RPT-PH)")
      for a, b in [("village", "township"), ("township", "county"), ("county", "city"), ("city", "province")]],
    # Serious and especially serious events of any category: phone within 30 min, written within 1 h
    # ("力争", 2015 notice of the State Council emergency office; RPT-GEN-SEVERE).
    *[_rule(code=f"RPT-GEN-SEVERE-{sev}-{ch[0].upper()}-{_ABBR[a]}", kind="first", severity=sev,
           from_level=a, to_level=b, channel=ch, minutes=m, clock="received",
           source="国务院应急办《关于切实加强突发事件信息报告工作的通知》(2015) (RPT-GEN-SEVERE)")
      for sev in ("1", "2") for ch, m in (("phone", 30), ("written", 60))
      for a, b in [("county", "city"), ("city", "province")]],
    # Social-security events and anything else: the 2006 national plan's outer bound of 4 hours for
    # serious events (RPT-GEN-2006) and "立即" (L1 Arts. 17, 61) otherwise; "立即" has no number, so the
    # general rule uses the same 2-hour-per-level span the other categories share (configurable).
    *[_rule(code=f"RPT-GEN-{_ABBR[a]}", kind="first", category="social", from_level=a, to_level=b,
           channel="written", minutes=120, clock="received",
           source="《突发事件应对法》第十七条、第六十一条 (立即报告; 时限按各类共同的每级2小时配置)")
      for a, b in [("village", "township"), ("township", "county"), ("county", "city"), ("city", "province")]],
    # Follow-ups: 较大 and above, daily before 08:00 and 17:00 (Henan, RULES.md R3.17) — a provincial rule.
    *[_rule(code=f"HA-FOLLOWUP-{sev}", kind="followup", severity=sev, from_level="county", to_level="city",
           channel="written", at_times="08:00,17:00", clock="received", province="41",
           source="河南省应急管理厅信息报送通知 (RULES.md R3.17)") for sev in ("1", "2", "3")],
    # Henan: 一般 events written within 6 h; 较大 within 1 h (RULES.md R3.17) — provincial override.
    _rule(code="HA-GEN-4", kind="first", severity="4", from_level="county", to_level="city", channel="written",
         minutes=360, clock="received", province="41", source="河南省应急管理厅信息报送通知 (RULES.md R3.17)"),
    _rule(code="HA-GEN-3", kind="first", severity="3", from_level="county", to_level="city", channel="written",
         minutes=60, clock="received", province="41", source="河南省应急管理厅信息报送通知 (RULES.md R3.17)"),
    # Follow-ups everywhere else: at least one 续报 within 24 hours of the first report while the event is
    # open (24小时零报告 for 重大 disasters, RULES.md R3.20; used for every grade as a configurable default).
    _rule(code="RPT-FOLLOWUP-24H", kind="followup", from_level="county", to_level="city", channel="written",
         minutes=1440, clock="received", source="自然灾害情况统计调查制度 24小时零报告 (RULES.md R3.20)"),
    # Final/verified report: when the casualty window of L2 Art. 13 closes (30 days) the figures are
    # settled, so the county's 终报/核报 falls due then (design choice on RULES.md R3.6/R3.20).
    _rule(code="RPT-FINAL-30D", kind="final", from_level="county", to_level="city", channel="written",
         minutes=30 * 1440, clock="known", source="国务院令第493号 第十三条; 核报 (RULES.md R3.20)"),
]
