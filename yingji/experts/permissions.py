from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

_GRANTS = {
    Role.ADMIN: ALL,
    Role.COUNTY_STAFF: ALL,
    Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT},
    Role.DUTY_OFFICER: READ,
    Role.LEADER: READ,
}

EXPERTS = capability("experts.expert", _("应急专家库"), _GRANTS)
ENGAGEMENTS = capability("experts.expertengagement", _("专家参与记录"), _GRANTS)

# Who sees an expert's private mobile in full (lists, exports, API); everyone else sees it masked and
# the public never sees it at all.
FULL_PHONE_ROLES = frozenset({Role.ADMIN, Role.COUNTY_STAFF, Role.DUTY_OFFICER})


def sees_private_phone(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "role", "") in FULL_PHONE_ROLES
