"""Home-page attention: unacknowledged alarms (escalated ones first) and offline sensors."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.monitoring import permissions
from yingji.monitoring.models import Alarm


@attention_provider
def alarm_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.ALARMS.code, Action.VIEW):
        return []
    counts = Alarm.objects.visible_to(user).exclude(status=Alarm.Status.RESOLVED).aggregate(
        escalated=Count("id", filter=Q(status=Alarm.Status.OPEN, escalated_at__isnull=False)),
        open=Count("id", filter=Q(status=Alarm.Status.OPEN, escalated_at__isnull=True)),
        offline=Count("id", filter=Q(kind=Alarm.Kind.OFFLINE)))
    url = reverse("monitoring-alarms-list")
    items = []
    if counts["escalated"]:
        items.append(AttentionItem(_("超时未确认的监测报警"), f"{url}?status=open", counts["escalated"], "danger"))
    if counts["open"]:
        items.append(AttentionItem(_("待确认的监测报警"), f"{url}?status=open", counts["open"], "warning"))
    if counts["offline"]:
        items.append(AttentionItem(_("离线的传感器"), f"{url}?kind=offline", counts["offline"], "warning"))
    return items
