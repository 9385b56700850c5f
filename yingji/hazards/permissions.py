from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

HAZARDS = capability(
    "hazards.hazard",
    _("隐患排查治理"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT},
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Triage of anonymous public reports (隐患举报) into the register.
PUBLIC_REPORTS = capability(
    "hazards.publicreport",
    _("群众隐患举报"),
    {
        Role.ADMIN: READ | {Action.CHANGE},
        Role.COUNTY_STAFF: READ | {Action.CHANGE},
        Role.TOWNSHIP_STAFF: READ | {Action.CHANGE},
        Role.LEADER: READ,
    },
)
