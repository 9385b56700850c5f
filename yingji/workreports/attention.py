from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.workreports import permissions, rules, selectors


@attention_provider
def work_reports(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.DUES.code, Action.VIEW):
        return []
    counts = selectors.attention_counts(user, timezone.localdate())
    items = []
    if counts["overdue"]:
        items.append(AttentionItem(_("逾期未报送的工作报告"), reverse("workreports-overdue"), counts["overdue"],
                                   "danger"))
    if counts["due_soon"]:
        items.append(AttentionItem(_("%(days)d天内到期的工作报告") % {"days": rules.DUE_SOON_DAYS},
                                   reverse("workreports-overdue"), counts["due_soon"], "warning"))
    return items
