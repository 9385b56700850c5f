"""Home-page attention: overdue hazards, major hazards not yet reported, public reports to triage."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.hazards import permissions
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.rules import Grade
from yingji.hazards.selectors import overdue_q


@attention_provider
def hazard_items(user) -> list[AttentionItem]:
    items = []
    if has_permission(user, permissions.HAZARDS.code, Action.VIEW):
        counts = Hazard.objects.visible_to(user).aggregate(
            overdue=Count("id", filter=overdue_q()),
            unreported=Count("id", filter=Q(grade=Grade.MAJOR, reported_at__isnull=True)))
        url = reverse("hazards-list")
        if counts["overdue"]:
            items.append(AttentionItem(_("逾期未整改的隐患"), reverse("hazards-overdue"), counts["overdue"], "danger"))
        if counts["unreported"]:
            items.append(AttentionItem(_("未上报的重大隐患"), f"{url}?grade=major", counts["unreported"], "danger"))
    if has_permission(user, permissions.PUBLIC_REPORTS.code, Action.VIEW):
        new = PublicReport.objects.visible_to(user).filter(status=PublicReport.Status.NEW).count()
        if new:
            items.append(AttentionItem(_("待核实的群众举报"), f"{reverse('hazard-reports-list')}?status=new", new,
                                       "warning"))
    return items
