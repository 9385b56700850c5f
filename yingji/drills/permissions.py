from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

# Drills are organised and recorded by the county bureau and township offices (seeds 000/002/004);
# village information officers record their own evacuation drills.
DRILLS = capability(
    "drills.drill",
    _("应急演练"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT},
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Improvement actions from a drill evaluation, tracked until done.
ACTIONS = capability(
    "drills.improvementaction",
    _("演练整改措施"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
