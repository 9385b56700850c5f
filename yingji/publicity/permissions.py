from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

# Publicity events (宣传教育活动台账) and the materials each distributed.
PUBLICITY = capability(
    "publicity.event",
    _("宣传教育活动台账"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT, Action.DELETE},
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
