from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import READ, WRITE, Action, Role, capability

# Scores are read from the registers; nobody edits them here.
READINESS = capability(
    "readiness.score",
    _("基层应急能力达标"),
    dict.fromkeys((Role.ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.INFO_OFFICER, Role.DUTY_OFFICER,
                   Role.LEADER), READ),
)

# Bulletins (通报) are issued by the offices that supervise the divisions below them; once issued a
# bulletin is a frozen record (no change, no delete), read by everyone who reads the scores.
BULLETINS = capability(
    "readiness.bulletin",
    _("达标情况通报"),
    {**dict.fromkeys((Role.INFO_OFFICER, Role.DUTY_OFFICER, Role.LEADER), READ),
     **dict.fromkeys((Role.ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF), WRITE - {Action.CHANGE})},
)
