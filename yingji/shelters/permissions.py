from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

SHELTERS = capability(
    "shelters.shelter",
    _("应急避难场所"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT},
        # The village information officer reports how many people a shelter holds during an event.
        Role.INFO_OFFICER: {Action.VIEW, Action.CHANGE},
        Role.DUTY_OFFICER: READ | {Action.CHANGE},
        Role.LEADER: READ,
    },
)
