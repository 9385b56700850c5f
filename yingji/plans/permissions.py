from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

# Plans are drafted where they apply: the county bureau, the township office, the village (info officer).
PLANS = capability(
    "plans.plan",
    _("应急预案"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.DELETE, Action.IMPORT},
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD, Action.CHANGE},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# 备案审查 (R4.1): reviewing the plans filed with one's own division; the level is checked by the services.
FILING = capability(
    "plans.filing",
    _("预案备案审查"),
    {
        Role.ADMIN: {Action.VIEW, Action.CHANGE},
        Role.COUNTY_STAFF: {Action.VIEW, Action.CHANGE},
        Role.TOWNSHIP_STAFF: {Action.VIEW, Action.CHANGE},
        Role.LEADER: {Action.VIEW},
    },
)
# The controlled list of hazard topics, extended by the county bureau.
TOPICS = capability(
    "plans.hazardtopic",
    _("灾种目录"),
    {
        Role.ADMIN: {Action.VIEW, Action.ADD},
        Role.COUNTY_STAFF: {Action.VIEW, Action.ADD},
        Role.TOWNSHIP_STAFF: {Action.VIEW},
    },
)
# 县、乡、村三级全覆盖 (seed 000): counts, the township × topic and village matrices, gaps.
COVERAGE = capability(
    "plans.coverage",
    _("预案覆盖情况"),
    {
        Role.ADMIN: READ,
        Role.COUNTY_STAFF: READ,
        Role.TOWNSHIP_STAFF: READ,
        Role.LEADER: READ,
    },
)
