from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

DIVISIONS = capability(
    "divisions.division",
    _("行政区划"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.IMPORT},
        Role.TOWNSHIP_STAFF: READ,
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
ORGANISATIONS = capability(
    "divisions.organisation",
    _("应急机构"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.TOWNSHIP_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
PEOPLE = capability(
    "divisions.person",
    _("人员"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.TOWNSHIP_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
MEMBERSHIPS = capability(
    "divisions.membership",
    _("机构成员"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.TOWNSHIP_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# 等保2.0 访问控制 d (RULES.md §11.2): account administration is separated from business work.
USERS = capability(
    "divisions.user",
    _("用户账号"),
    {
        Role.ADMIN: WRITE,
    },
)
