from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import READ, Role, capability

# Scores are read from the registers; nobody edits them here.
READINESS = capability(
    "readiness.score",
    _("基层应急能力达标"),
    dict.fromkeys((Role.ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.INFO_OFFICER, Role.DUTY_OFFICER,
                   Role.LEADER), READ),
)
