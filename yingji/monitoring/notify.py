"""Who hears of an escalated alarm, through the channel layer (yingji.messaging). Called after commit.

An alarm nobody acknowledged within rules.ESCALATE_AFTER_MINUTES goes to the office accounts of the
level above the alarm's division (a village's township, a township's county; the nearest level up that
has any). The dedupe key is per alarm, so a scan that runs twice, or two scans at once, tell them once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.messaging.recipients import nearest_office_above, user_recipient
from yingji.messaging.services import send
from yingji.monitoring.models import Alarm
from yingji.monitoring.rules import ESCALATE_AFTER_MINUTES

CHANNELS = ["app", "sms"]


def alarms_escalated(ids: Iterable[int]) -> int:
    """Tell the level above of each escalated alarm; returns how many dispatches were made."""
    sent = 0
    for alarm in Alarm.all_objects.filter(pk__in=list(ids)).select_related("sensor__site", "division__parent"):
        division, users = nearest_office_above(alarm.division)
        if not users:
            continue
        recipients = [user_recipient(u) for u in users]
        send(dedupe_key=f"monitoring.alarm.{alarm.pk}.escalated", topic="monitoring.alarm.escalated",
             subject=_("【超时未确认】%(site)s %(sensor)s %(level)s报警") % {
                 "site": alarm.sensor.site.name, "sensor": alarm.sensor.name, "level": alarm.get_level_display()},
             body=_("%(division)s %(site)s %(sensor)s于%(at)s发生%(level)s%(kind)s报警，超过%(minutes)s分钟未确认，"
                    "请督促处置。") % {
                 "division": alarm.division.name, "site": alarm.sensor.site.name, "sensor": alarm.sensor.name,
                 "at": timezone.localtime(alarm.raised_at).strftime("%Y-%m-%d %H:%M"), "level": alarm.get_level_display(),
                 "kind": alarm.get_kind_display(), "minutes": ESCALATE_AFTER_MINUTES},
             recipients=recipients, channels=CHANNELS, division=division, source=alarm,
             link=reverse("monitoring-alarm", args=[alarm.pk]))
        sent += 1
    return sent

