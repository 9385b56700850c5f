from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

_GRANTS = {
    Role.ADMIN: ALL,
    Role.COUNTY_STAFF: ALL,
    Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT, Action.DELETE},
    Role.INFO_OFFICER: {Action.VIEW},
    Role.DUTY_OFFICER: READ,
    Role.LEADER: READ,
}

TEAMS = capability("teams.team", _("应急救援队伍"), _GRANTS)
MEMBERS = capability("teams.teammember", _("队员"), _GRANTS)
# Seed 002: 有专兼职信息员 in every village; the register and its coverage check.
OFFICERS = capability("teams.infoofficer", _("信息员和网格员"), _GRANTS)
