from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

_OFFICES = {
    Role.ADMIN: ALL,
    Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
    Role.TOWNSHIP_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
    Role.DUTY_OFFICER: WRITE,
    Role.INFO_OFFICER: READ,
    Role.LEADER: READ,
}

PERIODS = capability("duty.specialperiod", _("特殊值班时段"), {
    Role.ADMIN: ALL, Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT}, Role.TOWNSHIP_STAFF: READ,
    Role.DUTY_OFFICER: READ, Role.INFO_OFFICER: READ, Role.LEADER: READ,
})
ROSTERS = capability("duty.dutyroster", _("值班表"), _OFFICES)
SPOT_CHECKS = capability("duty.spotcheck", _("值班抽查"), {
    Role.ADMIN: ALL, Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT}, Role.TOWNSHIP_STAFF: WRITE,
    Role.DUTY_OFFICER: READ, Role.LEADER: READ,
})
DUTY_LOG = capability("duty.dutylogentry", _("值班日志"), _OFFICES)
