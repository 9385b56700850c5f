"""Drill quotas and legal drill frequencies as data, each with its source (RULES.md §4, §9; seeds 000/002/004)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from yingji.core.files import PDF, PHOTOS

# What a quota is counted for, besides a division level ("county", "village", …).
DEPARTMENT = "department"  # each organisation of kind 部门 in the division's subtree
PLAN = "plan"  # each plan in force in the division's subtree



@dataclass(frozen=True)
class Quota:
    code: str
    label: str
    applies_to: str  # a division level, DEPARTMENT or PLAN
    source: str
    kinds: tuple[str, ...] = ()  # drill kinds that count; empty = any
    per_year: int = 1  # drills needed in the window (division and department quotas)
    years: int = 1  # the window: the calendar year and the `years - 1` before it
    plan_kinds: tuple[str, ...] = ()  # PLAN: plan kinds covered; empty = every kind
    plan_topics: tuple[str, ...] = ()  # PLAN: covered only if the plan has one of these hazard topics
    plan_levels: tuple[str, ...] = ()  # PLAN: levels of the plan's division covered; empty = every level
    legal: bool = False  # a statutory frequency rather than a local target

    def window(self, year: int) -> tuple[datetime.date, datetime.date]:
        """First and last day (inclusive) of the calendar years that count for `year`."""
        return datetime.date(year - self.years + 1, 1, 1), datetime.date(year, 12, 31)

    @property
    def months(self) -> int:
        return 12 * self.years

    def __post_init__(self) -> None:
        # Departments and plans are counted as "drilled at least once in the window".
        if self.applies_to in (DEPARTMENT, PLAN) and self.per_year != 1:
            raise ValueError(f"quota {self.code}: department and plan quotas count one drill per window")


GOVERNMENT_LEVELS = ("province", "city", "county", "township")
# L3 (部令2号) covers 生产安全事故 plans; hazardous-chemicals accidents are work-safety accidents. Both the
# plans app's seeded names and the words townships use for them (安全生产, 危化品) are listed.
WORK_SAFETY_TOPICS = ("生产安全事故", "安全生产", "危险化学品事故", "危化品")

QUOTAS = (
    # Seed 000 (县应急管理局年度总结): 一般每年至少组织3次综合性应急演练.
    Quota("county_comprehensive", _("县级综合性演练"), "county", _("《全省基层应急管理体系和能力建设现场会交流发言》：每年至少3次综合性应急演练"),
          kinds=("comprehensive",), per_year=3),
    # Seed 004 (三): 各县市年内要组织综合演练、实战演练及桌面推演不少于2次.
    Quota("county_real_or_tabletop", _("县级综合/实战演练及桌面推演"), "county",
          _("《2015年伊犁州直应急管理工作要点》：综合演练、实战演练及桌面推演每年不少于2次"),
          kinds=("comprehensive", "real", "tabletop"), per_year=2),
    # Seed 004 (三): 组织本级跨地域拉动的应急演练不少于1次.
    Quota("county_cross_region", _("跨区域拉动演练"), "county", _("《2015年伊犁州直应急管理工作要点》：本级跨地域拉动演练每年不少于1次"),
          kinds=("cross_region",), per_year=1),
    # Seed 004 (三): 开展队伍调动、物资保障、交通运输等综合联动演练不少于2次.
    Quota("county_joint", _("联合演练（队伍调动/物资保障/交通运输）"), "county",
          _("《2015年伊犁州直应急管理工作要点》：队伍调动、物资保障、交通运输等综合联动演练每年不少于2次"),
          kinds=("joint",), per_year=2),
    # Seed 004 (三): 各部门年内至少组织1次双盲或实兵拉动演练 (counted for the organising department).
    Quota("department_blind_or_pull", _("部门双盲或实兵拉动演练"), DEPARTMENT,
          _("《2015年伊犁州直应急管理工作要点》：各部门每年至少组织1次双盲或实兵拉动演练"),
          kinds=("double_blind", "pull"), per_year=1),
    # Seed 002 (社区(村)常态化组织开展各类应急疏散演练) with RULES.md R9.7 (广西示范标准：村每年至少1次演练).
    Quota("village_yearly", _("村（社区）演练"), "village",
          _("《“基层应急能力提升年”活动实施方案》：村（社区）常态化开展疏散演练；广西基层应急示范标准：每年至少1次"), per_year=1),
    # Seed 002: 确保各项应急预案每年至少进行1次应急演练.
    Quota("plan_yearly", _("每项预案每年演练"), PLAN, _("《“基层应急能力提升年”活动实施方案》：各项应急预案每年至少演练1次")),
    # RULES.md R4.3 / PLAN-DRILL-GOV (国办发〔2024〕5号; 2013年办法第22条): 政府专项、部门预案每3年至少1次.
    Quota("plan_government_3y", _("政府专项和部门预案每3年演练"), PLAN,
          _("政府专项应急预案、部门应急预案每3年至少演练1次（国办发〔2024〕5号）"),
          years=3, plan_kinds=("special", "department"), legal=True),
    # RULES.md R4.6 and R9.5 / PLAN-DRILL-SAFE-GOV (L3 部令2号 第8条): 县级以上政府、部门和乡镇街道
    # 生产安全事故应急救援预案每2年至少1次 — for work-safety plans the 2 years win over R4.3's 3.
    Quota("plan_work_safety_2y", _("生产安全事故应急预案每2年演练"), PLAN,
          _("县级以上政府及部门、乡镇（街道）生产安全事故应急救援预案每2年至少演练1次（部令2号第8条）"),
          years=2, plan_kinds=("overall", "special", "department", "joint"), plan_topics=WORK_SAFETY_TOPICS,
          plan_levels=GOVERNMENT_LEVELS, legal=True),
    # RULES.md R4.10 / PLAN-DRILL-ENT (部令2号 第33条): 企业每年至少1次综合或专项预案演练.
    Quota("plan_enterprise_yearly", _("企业预案每年演练"), PLAN,
          _("生产经营单位每年至少组织1次综合或专项应急预案演练（部令2号第33条）"),
          plan_kinds=("enterprise",), legal=True),
    # Not encoded: R4.6's every-6-months rule for high-risk units and crowded places, and R4.10's for
    # 现场处置方案 — the registers do not record which units are high-risk or which plans are on-site plans.
)
# Seed 002: every plan drilled at least once a year — the rolling window of "plans not drilled".
PLAN_DRILL_MONTHS = 12
# How far ahead "falls due next" looks.
DUE_SOON_DAYS = 90
# Quotas still unmet are flagged on the home page from this month on (the last quarter).
BEHIND_FROM_MONTH = 10

# Attachments: photos and PDF only, recognised by their first bytes (core.files), not by name or declared type.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_DRILL = 30
ATTACHMENT_KINDS = (*PHOTOS, PDF)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); the 29th–31st fall back to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
