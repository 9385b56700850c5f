"""Home-page attention: my level's open reporting obligations, the overdue ones, reports to handle."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.incidents import permissions
from yingji.incidents.models import Obligation, Receipt


@attention_provider
def reporting_obligations(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.OBLIGATIONS.code, Action.VIEW):
        return []
    division = scope_division(user)
    if division is None:
        return []
    now = timezone.now()
    counts = Obligation.objects.visible_to(user).filter(division=division, fulfilled_at__isnull=True).exclude(
        status=Obligation.Status.CANCELLED).aggregate(
        open=Count("id", filter=Q(due_at__gt=now)), overdue=Count("id", filter=Q(due_at__lte=now)))
    pending = Receipt.objects.visible_to(user).filter(division=division, forwarded_at__isnull=True,
                                                      acknowledged_at__isnull=True).count()
    url = reverse("incident-obligations-list")
    items = []
    if counts["overdue"]:
        items.append(AttentionItem(_("已超时的报告(迟报/漏报)"), f"{url}?status=late", counts["overdue"], "danger"))
    if counts["open"]:
        items.append(AttentionItem(_("本级待报的报告"), f"{url}?status=open", counts["open"], "warning"))
    if pending and has_permission(user, permissions.RECEIPTS.code, Action.VIEW):
        items.append(AttentionItem(_("待签收的报告"), reverse("incident-receipts-list"), pending, "warning"))
    return items
