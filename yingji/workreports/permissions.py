from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

TEMPLATES = capability("workreports.reporttemplate", _("报告模板"), {
    Role.ADMIN: ALL - {Action.DELETE, Action.IMPORT}, Role.COUNTY_STAFF: READ, Role.TOWNSHIP_STAFF: READ,
    Role.INFO_OFFICER: READ, Role.DUTY_OFFICER: READ, Role.LEADER: READ,
})
CAMPAIGNS = capability("workreports.campaign", _("专项活动"), {
    Role.ADMIN: ALL, Role.COUNTY_STAFF: WRITE | {Action.DELETE}, Role.TOWNSHIP_STAFF: READ,
    Role.INFO_OFFICER: READ, Role.DUTY_OFFICER: READ, Role.LEADER: READ,
})
DUES = capability("workreports.reportdue", _("应报报告"), {
    Role.ADMIN: READ, Role.COUNTY_STAFF: READ, Role.TOWNSHIP_STAFF: READ, Role.INFO_OFFICER: READ,
    Role.DUTY_OFFICER: READ, Role.LEADER: READ,
})
# Submitting is an ADD on a submission; a submission is never changed or deleted (notes are ADDs too).
SUBMISSIONS = capability("workreports.submission", _("报告报送"), {
    Role.ADMIN: READ | {Action.ADD}, Role.COUNTY_STAFF: READ | {Action.ADD}, Role.TOWNSHIP_STAFF: READ | {Action.ADD},
    Role.INFO_OFFICER: READ | {Action.ADD}, Role.DUTY_OFFICER: READ, Role.LEADER: READ,
})
