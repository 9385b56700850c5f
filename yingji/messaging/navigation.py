from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.messaging import permissions

nav_entry(label=_("我的消息"), url_name="notification-list", capability=permissions.INBOX.code,
          group=_("消息"), order=85)
nav_entry(label=_("消息发送记录"), url_name="dispatch-list", capability=permissions.DISPATCHES.code,
          group=_("消息"), order=85)
