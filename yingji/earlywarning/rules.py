"""The warning rules of RULES.md §2 as data: levels and colours, required content, CAP mapping,
who may approve and issue, and the seasonal-risk calendar of the monthly bulletin."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import Role


class Level(models.IntegerChoices):
    """R2.1 (突发事件应对法 Art. 63): 一级 is the highest; R2.2 (P-GP06) adds the severity words."""

    ONE = 1, _("一级(红色)")
    TWO = 2, _("二级(橙色)")
    THREE = 3, _("三级(黄色)")
    FOUR = 4, _("四级(蓝色)")


@dataclass(frozen=True)
class LevelInfo:
    colour: str          # colour word of R2.1
    hex: str             # display colour
    severity_word: str   # R2.2 (P-GP06)
    cap_severity: str    # RULES.md §2.4 "suggested mapping" (design choice, not a legal rule)


LEVELS: dict[int, LevelInfo] = {
    Level.ONE: LevelInfo(_("红色"), "#d7191c", _("特别严重"), "Extreme"),
    Level.TWO: LevelInfo(_("橙色"), "#f28c28", _("严重"), "Severe"),
    Level.THREE: LevelInfo(_("黄色"), "#e6c200", _("较重"), "Moderate"),
    Level.FOUR: LevelInfo(_("蓝色"), "#2c7bb6", _("一般"), "Minor"),
}

# R2.7 (Art. 67): after a 一级 or 二级 warning the heavier measures apply; we also require that a
# different person approves than the one who drafted it (four-eyes, a design choice).
HIGH_LEVELS = frozenset({Level.ONE, Level.TWO})


class HazardType(models.TextChoices):
    """R1.2 sub-types of forecastable events (Art. 63 excludes social-security events)."""

    FLOOD = "flood", _("水旱灾害")
    METEOROLOGICAL = "meteorological", _("气象灾害")
    EARTHQUAKE = "earthquake", _("地震灾害")
    GEOLOGICAL = "geological", _("地质灾害")
    FOREST_FIRE = "forest_fire", _("森林草原火灾")
    BIOLOGICAL = "biological", _("生物灾害")
    WORK_SAFETY = "work_safety", _("生产安全事故")
    TRANSPORT = "transport", _("交通运输事故")
    UTILITY = "utility", _("公共设施和设备事故")
    ENVIRONMENT = "environment", _("环境污染和生态破坏")
    PUBLIC_HEALTH = "public_health", _("公共卫生事件")


# CAP info/category per hazard type (RULES.md §2.4 enumeration).
CAP_CATEGORY = {
    HazardType.FLOOD: "Met", HazardType.METEOROLOGICAL: "Met", HazardType.EARTHQUAKE: "Geo",
    HazardType.GEOLOGICAL: "Geo", HazardType.FOREST_FIRE: "Fire", HazardType.BIOLOGICAL: "Env",
    HazardType.WORK_SAFETY: "Safety", HazardType.TRANSPORT: "Transport", HazardType.UTILITY: "Infra",
    HazardType.ENVIRONMENT: "Env", HazardType.PUBLIC_HEALTH: "Health",
}

# R2.4 (Art. 64 para. 2): what a warning must state, as (field on the message, label). 发布时间 is
# stamped when the message is issued, so it is not asked of the author.
REQUIRED_CONTENT = (
    ("hazard_type", _("预警类别")),
    ("level", _("级别")),
    ("onset", _("起始时间")),
    ("areas", _("可能影响的范围")),
    ("description", _("警示事项")),
    ("measures", _("应当采取的措施")),
    ("issuer", _("发布单位")),
)

# R2.6: warnings are issued by a government (its emergency body) at county level or above.
ISSUING_LEVELS = frozenset({"province", "city", "county"})
DRAFT_ROLES = frozenset({Role.ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.DUTY_OFFICER})
APPROVE_ROLES = frozenset({Role.ADMIN, Role.COUNTY_STAFF})
ISSUE_ROLES = frozenset({Role.ADMIN, Role.COUNTY_STAFF})

# GB/T 35965.1-2018 Appendix A (R2.13): identifier ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N, 31 characters.
# DDD is the institution code of GB/T 4657; it is not known here, so the standard's sub-code
# defaults ("000", "00") are used and DDD is a deployment setting (YINGJI_CAP_INSTITUTION_CODE).
IDENTIFIER_LENGTH = 31
CAP_TIMEZONE = "Asia/Shanghai"  # R2.13: Beijing time, +08:00


@dataclass(frozen=True)
class SeasonalRisk:
    key: str
    label: str
    months: frozenset[int]
    hazard: str
    advice: str
    source: str


# The seasonal-risk calendar of the monthly bulletin (月度风险提示, seed 003). Which risks recur is
# from the seeds; the month ranges are the usual north-western defaults and are marked as such —
# the seeds do not state them (RULES.md has no month ranges), so a county edits the draft.
SEASONAL_RISKS: tuple[SeasonalRisk, ...] = (
    SeasonalRisk("flood_season", _("汛期(防汛)"), frozenset({6, 7, 8, 9}), HazardType.FLOOD,
                 _("主汛期强降雨多发，落实防汛值班和领导带班，做好山洪、城乡内涝防范和人员转移准备。"),
                 "seed 000 (防汛期间实行领导带班制); RULES.md R5.3 (国汛〔2009〕6号 Art. 6 主汛期加强值班); "
                 "months: local default, not in the seeds"),
    SeasonalRisk("geological", _("地质灾害易发期"), frozenset({5, 6, 7, 8, 9}), HazardType.GEOLOGICAL,
                 _("降雨引发崩塌、滑坡、泥石流风险上升，加强隐患点巡查和群测群防。"),
                 "seed 002 (地质灾害应急预案); RULES.md R1.2; months: local default, not in the seeds"),
    SeasonalRisk("forest_fire", _("森林草原防火期"), frozenset({1, 2, 3, 4, 5, 10, 11, 12}),
                 HazardType.FOREST_FIRE,
                 _("防火期内严控野外用火，祭祀、农事用火高发时段加强巡护。"),
                 "seed 002 (森林防火预案); seed 001 (森林防火专业队伍); months: local default, not in the seeds"),
    SeasonalRisk("holidays", _("法定节假日"), frozenset({1, 2, 5, 10}), HazardType.WORK_SAFETY,
                 _("节假日期间人员聚集、出行增多，落实领导带班和24小时值班，加强人员密集场所安全检查。"),
                 "seed 000 (法定节假日期间实行领导带班制); months: 元旦/春节/劳动节/国庆节"),
    SeasonalRisk("heating", _("冬季取暖期"), frozenset({1, 2, 3, 11, 12}), HazardType.WORK_SAFETY,
                 _("燃煤取暖季一氧化碳中毒和火灾风险上升，开展入户安全提示。"),
                 "seed 002 (消防安全预案); months: local default, not in the seeds"),
    SeasonalRisk("chemicals", _("危险化学品安全"), frozenset(range(1, 13)), HazardType.WORK_SAFETY,
                 _("常态化开展危化品企业风险监测预警和隐患排查。"),
                 "seed 002 (危化品应急预案); seed 003 (风险监测预警平台)"),
)


def seasonal_risks(month: int) -> list[SeasonalRisk]:
    return [risk for risk in SEASONAL_RISKS if month in risk.months]
