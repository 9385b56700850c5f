"""Who may see and work on warnings. Which lifecycle step a role may take (draft, approve, issue)
is in rules.py (DRAFT_ROLES, APPROVE_ROLES, ISSUE_ROLES) and enforced by services.py."""

from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

WARNINGS = capability(
    "earlywarning.warning",
    _("预警信息"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.DELETE},
        Role.TOWNSHIP_STAFF: READ,
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: WRITE,
        Role.LEADER: READ,
    },
)
ENDPOINTS = capability(
    "earlywarning.endpoint",
    _("广播终端"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.TOWNSHIP_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
SUBSCRIBERS = capability(
    "earlywarning.subscriber",
    _("公众订阅"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: READ | {Action.DELETE},
        Role.TOWNSHIP_STAFF: READ,
    },
)
BULLETINS = capability(
    "earlywarning.bulletin",
    _("月度风险提示"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE | {Action.DELETE},
        Role.TOWNSHIP_STAFF: READ,
        Role.INFO_OFFICER: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
