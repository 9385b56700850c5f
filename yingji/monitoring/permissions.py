from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

SITES = capability(
    "monitoring.site",
    _("监测点位与传感器"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: READ,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Alarms are raised by the system; people acknowledge, handle and resolve them (change).
ALARMS = capability(
    "monitoring.alarm",
    _("监测报警"),
    {
        Role.ADMIN: READ | {Action.CHANGE},
        Role.COUNTY_STAFF: READ | {Action.CHANGE},
        Role.TOWNSHIP_STAFF: READ | {Action.CHANGE},
        Role.DUTY_OFFICER: READ | {Action.CHANGE},
        Role.LEADER: READ,
    },
)
# Pushing readings (HTTP batch) and seeing the ingest rejection counters.
INGEST = capability(
    "monitoring.ingest",
    _("监测数据接入"),
    {
        Role.ADMIN: WRITE,
        Role.COUNTY_STAFF: READ,
    },
)
