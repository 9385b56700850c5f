from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

# Training sessions and their attendance lists (培训台账).
TRAINING = capability(
    "training.session",
    _("培训台账"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT, Action.DELETE},
        Role.INFO_OFFICER: {Action.VIEW},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Certificates people hold (持证人员台账): the ID-linked record stays with staff and leaders.
CERTIFICATES = capability(
    "training.certificate",
    _("持证人员台账"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT, Action.DELETE},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
