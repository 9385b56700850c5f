"""Hazard-register rules as data (RULES.md §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Photos (grid worker's report, public report): JPEG, PNG or WebP by content, at most 5 MB.
MAX_PHOTO_BYTES = 5 * 1024 * 1024


class Kind(models.TextChoices):
    """RULES.md R6.7 (L1 Art. 33: 危险源、危险区域) and R6.1 (事故隐患), plus 矛盾纠纷/不稳定因素."""

    RISK_SOURCE = "risk_source", _("危险源")
    DANGEROUS_AREA = "dangerous_area", _("危险区域")
    HIDDEN_HAZARD = "hidden_hazard", _("事故隐患")
    DISPUTE = "dispute", _("矛盾纠纷与不稳定因素")


class Grade(models.TextChoices):
    """R6.1 (16号令 Art. 3): 一般事故隐患 can be removed at once; 重大 needs suspension and a plan."""

    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class RiskLevel(models.TextChoices):
    """R6.8: 重大风险 red, 较大风险 orange, 一般风险 yellow, 低风险 blue."""

    MAJOR = "major", _("重大风险(红)")
    CONSIDERABLE = "considerable", _("较大风险(橙)")
    GENERAL = "general", _("一般风险(黄)")
    LOW = "low", _("低风险(蓝)")


RISK_COLOUR = {RiskLevel.MAJOR: "red", RiskLevel.CONSIDERABLE: "orange", RiskLevel.GENERAL: "yellow",
               RiskLevel.LOW: "blue"}


class Category(models.TextChoices):
    WORK_SAFETY = "work_safety", _("安全生产")
    FIRE = "fire", _("消防")
    GEOLOGICAL = "geological", _("地质灾害")
    FLOOD = "flood", _("防汛")
    ROAD = "road", _("道路交通")
    BUILDING = "building", _("房屋建筑")
    GAS = "gas", _("燃气")
    FOREST_FIRE = "forest_fire", _("森林草原防火")
    SOCIAL = "social", _("社会稳定")
    OTHER = "other", _("其他")


class FoundBy(models.TextChoices):
    INSPECTION = "inspection", _("检查排查")
    GRID = "grid", _("网格员上报")
    PUBLIC = "public", _("群众举报")
    ALARM = "alarm", _("监测报警")


class Status(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改待验收")
    CLOSED = "closed", _("已验收销号")


# Allowed status steps (one service applies them).
TRANSITIONS = {
    Status.OPEN: {Status.RECTIFYING, Status.RECTIFIED},
    Status.RECTIFYING: {Status.RECTIFIED},
    Status.RECTIFIED: {Status.CLOSED, Status.RECTIFYING},  # verification may send it back
    Status.CLOSED: set(),
}

# R6.2 / R6.3 (16号令, HAZ-MAJOR-REPORT and HAZ-PLAN in RULES.md §12): a major hazard's report
# (current state and cause; harm and difficulty; remediation plan) and the plan's deadline must be
# on file before rectification starts.
MAJOR_REPORT_FIELDS = ("state_and_cause", "harm_analysis", "remediation_plan")
MAJOR_PLAN_FIELDS = ("measures", "deadline", "responsible_unit", "responsible_person")

# R6.2 (16号令 Art. 14 [C number]): quarterly statistics due before the 15th day of the next quarter.
QUARTERLY_STATS_DUE_DAY = 15
