"""Home-page attention: expired and soon-expiring lots, minimum stock not met, equipment gaps."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.divisions.models import Division
from yingji.supplies import permissions, selectors
from yingji.supplies.models import MinimumStock, StockLot
from yingji.supplies.rules import EXPIRING_DAYS


@attention_provider
def supplies_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.LOTS.code, Action.VIEW):
        return []
    today = timezone.localdate()
    counts = StockLot.objects.visible_to(user).filter(quantity__gt=0).aggregate(
        expired=Count("id", filter=Q(expiry_date__lt=today)),
        expiring=Count("id", filter=Q(expiry_date__gte=today,
                                      expiry_date__lte=today + datetime.timedelta(days=EXPIRING_DAYS))))
    below = selectors.below_minimum(MinimumStock.objects.visible_to(user), today).count()
    url = reverse("supplies-alerts")
    items = []
    if counts["expired"]:
        items.append(AttentionItem(_("已过期的应急物资批次"), f"{url}#expired", counts["expired"], "danger"))
    if below:
        items.append(AttentionItem(_("低于最低储备量的物资"), f"{url}#below", below, "warning"))
    gaps = len(selectors.equipment_gaps(Division.objects.within(scope_division(user)),
                                        StockLot.objects.visible_to(user), today))
    if gaps:
        items.append(AttentionItem(_("应急装备配备缺口"), f"{url}#gaps", gaps, "info"))
    if counts["expiring"]:
        items.append(AttentionItem(_("%(days)d天内到期的物资批次") % {"days": EXPIRING_DAYS}, f"{url}#expiring",
                                   counts["expiring"], "warning"))
    return items
