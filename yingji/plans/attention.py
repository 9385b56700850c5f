"""Home-page attention: filings to review, filings overdue (for whoever must chase them: the township
office for its villages, the county for its townships), and plans past their 3-year evaluation."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.plans import permissions, selectors
from yingji.plans.models import Plan


@attention_provider
def plan_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.PLANS.code, Action.VIEW):
        return []
    home = getattr(user, "division", None)
    reviews = has_permission(user, permissions.FILING.code, Action.CHANGE) and home is not None
    reviewed_here = selectors.reviewer_q(home) if reviews else Q(pk__isnull=True)
    own = Q(division=home) if home is not None else Q(pk__isnull=True)
    counts = Plan.objects.visible_to(user).aggregate(
        to_review=Count("id", filter=reviewed_here & Q(status=Plan.Status.FILING)),
        filing_overdue=Count("id", filter=selectors.filing_overdue_q() & (reviewed_here | own)),
        evaluation_overdue=Count("id", filter=selectors.evaluation_overdue_q()))
    items = []
    if counts["to_review"]:
        items.append(AttentionItem(_("待备案审查的预案"), reverse("plans-review"), counts["to_review"], "warning"))
    if counts["filing_overdue"]:
        items.append(AttentionItem(_("逾期未备案的预案"), reverse("plans-overdue"), counts["filing_overdue"], "danger"))
    if counts["evaluation_overdue"]:
        items.append(AttentionItem(_("超过3年未评估的预案"), reverse("plans-overdue"), counts["evaluation_overdue"],
                                   "warning"))
    return items
