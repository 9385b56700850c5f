"""Response levels, who may start them, the usual working groups and the five kinds of online opinion.

Each number or list names its source; where RULES.md says nothing the value is a local default, data a
county may change here without touching the services.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """RULES.md R1.5 (突发事件应对法 L1 Art. 71; P-GP25): response levels 一级 to 四级, 一级 the highest."""

    I = "1", _("Ⅰ级响应")  # noqa: E741 - the level's own name
    II = "2", _("Ⅱ级响应")
    III = "3", _("Ⅲ级响应")
    IV = "4", _("Ⅳ级响应")


def is_upgrade(old: str, new: str) -> bool:
    """一级 is the highest, so a smaller number is a higher level."""
    return int(new) < int(old)


# Who may start (or change to) which level, by the level of the division that runs the response.
# RULES.md R1.5 only says that governments at county level and above fix the response levels in their
# plans; it names no township levels. LOCAL DEFAULT: the county runs any of the four levels of its plan,
# a township office its own Ⅳ级 response for an event in the township; anything higher goes to the county.
START_LEVELS: dict[str, frozenset[str]] = {
    "county": frozenset(Level.values),
    "township": frozenset({Level.IV}),
}


class Status(models.TextChoices):
    ACTIVE = "active", _("响应中")
    ENDED = "ended", _("已终止")
    REVIEWED = "reviewed", _("已复盘")


# What follows what (STYLE.md 7: state machines as data). A level change keeps the response active.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ACTIVE: frozenset({Status.ENDED}),
    Status.ENDED: frozenset({Status.REVIEWED}),
    Status.REVIEWED: frozenset(),
}

# LOCAL DEFAULT: the working groups of a county 现场指挥部 as the county's plans usually list them; a
# response starts with these and may add or drop groups.
DEFAULT_GROUPS = (
    ("综合协调组", _("统筹协调、信息汇总报送、会议组织")),
    ("抢险救援组", _("搜救被困人员、排险、转移受威胁群众")),
    ("医疗救护组", _("伤员救治、转运和卫生防疫")),
    ("安置保障组", _("避难场所启用、群众安置、物资保障")),
    ("舆情宣传组", _("舆情监测研判、新闻发布、回应社会关切")),
)


class TaskPhase(models.TextChoices):
    """L1 Arts. 86–87: handling (应急处置) while the response runs; after it ends, 恢复重建 — restoring order and
    repairing damaged public facilities (transport, communications, water, power, gas, heating, health…)."""

    RESPONSE = "response", _("应急处置")
    RECOVERY = "recovery", _("恢复重建")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("已下达")
    ACCEPTED = "accepted", _("已接收")
    DONE = "done", _("已完成")


TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.ASSIGNED: frozenset({TaskStatus.ACCEPTED}),
    TaskStatus.ACCEPTED: frozenset({TaskStatus.DONE}),
    TaskStatus.DONE: frozenset(),
}


class OpinionKind(models.TextChoices):
    """Seed 003 (承德市应急管理局): the five kinds of online opinion, each with its own way of handling."""

    FALSE = "false", _("不实网络舆情")
    CLEAR = "clear", _("事实清晰网络舆情")
    UNCLEAR = "unclear", _("事实不够清晰网络舆情")
    CONCEALMENT = "concealment", _("涉及事故瞒报网络舆情")
    MAJOR_HAZARD = "major_hazard", _("涉及重大安全隐患网络舆情")


# Seed 003 says each kind has its own handling and progress release but not what they are. LOCAL DEFAULT:
# the usual practice, shown as guidance beside an entry of that kind.
OPINION_GUIDANCE = {
    OpinionKind.FALSE: _("核实后及时发布权威信息辟谣澄清，必要时提请网信、公安部门依法处置。"),
    OpinionKind.CLEAR: _("及时发布权威信息，主动回应关切，持续发布处置进展。"),
    OpinionKind.UNCLEAR: _("先发布已核实的基本情况，说明正在调查核实，随调查进展滚动发布。"),
    OpinionKind.CONCEALMENT: _("立即核查，如实公开核查结果，涉嫌瞒报的移交调查并依法追责。"),
    OpinionKind.MAJOR_HAZARD: _("组织排查核实隐患，督促整改，公开核查和整改情况。"),
}


class OpinionStatus(models.TextChoices):
    OPEN = "open", _("处置中")
    HANDLED = "handled", _("已处置")


class PressStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审核")
    PUBLISHED = "published", _("已发布")


PRESS_TRANSITIONS: dict[str, frozenset[str]] = {
    PressStatus.DRAFT: frozenset({PressStatus.APPROVED}),
    PressStatus.APPROVED: frozenset({PressStatus.PUBLISHED, PressStatus.DRAFT}),
    PressStatus.PUBLISHED: frozenset(),
}


class CommitmentKind(models.TextChoices):
    TEAM = "team", _("救援队伍")
    EXPERT = "expert", _("专家")
    ORDER = "order", _("物资调拨单")
    SHELTER = "shelter", _("避难场所")
