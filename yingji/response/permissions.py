from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

# Responses are started, adjusted and ended by the county bureau and, for their own events, township
# offices; the duty officer and leaders follow them; a village information officer sees the responses
# over their village and reports the situation from the scene.
RESPONSES = capability(
    "response.response",
    _("应急响应"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.INFO_OFFICER: {Action.VIEW},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Tasks given by the command post: assigned, accepted and reported done by the offices running it.
TASKS = capability(
    "response.task",
    _("响应任务"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# The situation log is append-only: nobody changes or deletes an entry, so no role has those actions.
SITUATION = capability(
    "response.situationentry",
    _("态势信息"),
    {
        Role.ADMIN: READ | {Action.ADD},
        Role.COUNTY_STAFF: READ | {Action.ADD},
        Role.TOWNSHIP_STAFF: READ | {Action.ADD},
        Role.INFO_OFFICER: {Action.VIEW, Action.ADD},
        Role.DUTY_OFFICER: READ | {Action.ADD},
        Role.LEADER: READ,
    },
)
# Online opinion (舆情) and press releases: the 舆情宣传组 of the county or township command post.
# Approving and publishing a release are changes (CHANGE).
OPINION = capability(
    "response.opinionentry",
    _("舆情"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
PRESS = capability(
    "response.pressrelease",
    _("新闻发布"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: WRITE,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
