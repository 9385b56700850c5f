from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

EVENTS = capability(
    "incidents.event",
    _("突发事件"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD},
        Role.DUTY_OFFICER: WRITE,
        Role.LEADER: READ,
    },
)
# Reports are added, never changed or deleted (immutable once submitted).
REPORTS = capability(
    "incidents.report",
    _("事件报告"),
    {
        Role.ADMIN: READ | {Action.ADD},
        Role.COUNTY_STAFF: READ | {Action.ADD},
        Role.TOWNSHIP_STAFF: READ | {Action.ADD},
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD},
        Role.DUTY_OFFICER: READ | {Action.ADD},
        Role.LEADER: READ,
    },
)
# Receiving, acknowledging, asking for more and forwarding reports: the duty desk's work.
RECEIPTS = capability(
    "incidents.receipt",
    _("接报办理"),
    {
        Role.ADMIN: READ | {Action.CHANGE},
        Role.COUNTY_STAFF: READ | {Action.CHANGE},
        Role.TOWNSHIP_STAFF: READ | {Action.CHANGE},
        Role.DUTY_OFFICER: READ | {Action.CHANGE},
        Role.LEADER: READ,
    },
)
OBLIGATIONS = capability(
    "incidents.obligation",
    _("报告时限与迟报漏报"),
    {
        Role.ADMIN: READ,
        Role.COUNTY_STAFF: READ,
        Role.TOWNSHIP_STAFF: READ,
        Role.INFO_OFFICER: {Action.VIEW},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
RULES = capability(
    "incidents.deadlinerule",
    _("报告时限规则"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: READ,
        Role.TOWNSHIP_STAFF: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
