"""Duty norms as data, each with its source (RULES.md §5, seeds 000 and 001)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StaffingNorm:
    leaders_per_day: int
    staff_per_day: int
    source: str


# Seed 000: in flood season and on public holidays "每天由一名带班领导和6名值班人员昼夜值班".
SPECIAL_PERIOD_NORM = StaffingNorm(1, 6, _("《全省基层应急管理体系和能力建设现场会交流发言》：防汛、法定节假日期间每天一名带班领导和6名值班人员"))
# RULES.md R5.3 (国汛〔2009〕6号 Art. 3) and R5.4: 24-hour duty, a leader in charge with staff on duty.
ORDINARY_NORM = StaffingNorm(1, 1, _("24小时值班，领导带班、工作人员值班（国汛〔2009〕6号）"))

# Seed 001: rosters (leader, staff names and contacts) are filed with the level above "提前" — in
# advance; how far ahead is the bureau's call, three days unless a period says otherwise.
ROSTER_DUE_DAYS_BEFORE = 3
