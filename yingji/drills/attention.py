"""Home-page attention: overdue improvement actions; in the last quarter, drill quotas still unmet."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.drills import permissions, rules, selectors
from yingji.drills.models import ImprovementAction


@attention_provider
def drill_items(user) -> list[AttentionItem]:
    items = []
    today = timezone.localdate()
    if has_permission(user, permissions.ACTIONS.code, Action.VIEW):
        overdue = selectors.overdue_actions(ImprovementAction.objects.visible_to(user), today).count()
        if overdue:
            items.append(AttentionItem(_("逾期未完成的演练整改措施"), reverse("drills-overdue"), overdue, "danger"))
    division = scope_division(user)
    if (today.month >= rules.BEHIND_FROM_MONTH and division is not None
            and has_permission(user, permissions.DRILLS.code, Action.VIEW)):
        behind = sum(not row.met for row in selectors.quota_progress(division, today.year))
        if behind:
            items.append(AttentionItem(_("本年度尚未完成的演练指标"), reverse("drills-progress"), behind, "warning"))
    return items
