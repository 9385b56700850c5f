"""Drill quotas as data, each with its source (RULES.md §4, seeds 000/002/004)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Quota:
    code: str
    label: str
    level: str  # the division level the quota applies to
    kinds: tuple[str, ...]  # drill kinds that count; empty = any
    per_year: int
    source: str


QUOTAS = (
    Quota("county_comprehensive", "县级综合性演练", "county", ("comprehensive",), 3, "seed 000"),
    Quota("county_real_or_tabletop", "县级综合/实战/桌面演练", "county", ("comprehensive", "real", "tabletop"), 2,
          "seed 004"),
    Quota("county_cross_region", "跨区域拉动演练", "county", ("cross_region",), 1, "seed 004"),
    Quota("county_joint", "联合演练（队伍/物资/运输）", "county", ("joint",), 2, "seed 004"),
)
# seed 002: every plan drilled at least once a year (whole years only).
PLAN_DRILL_MONTHS = 12
