from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import READ, Role, capability

DISPATCHES = capability(
    "messaging.dispatch",
    _("消息发送记录"),
    {Role.ADMIN: READ, Role.COUNTY_STAFF: READ, Role.TOWNSHIP_STAFF: READ, Role.DUTY_OFFICER: READ,
     Role.LEADER: READ},
)
INBOX = capability(
    "messaging.notification",
    _("我的消息"),
    dict.fromkeys(Role, READ),
)
