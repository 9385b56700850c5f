from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.duty import permissions, selectors


@attention_provider
def overdue_rosters(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.ROSTERS.code, Action.VIEW):
        return []
    overdue = selectors.overdue_rosters(user, timezone.localdate())
    if not overdue:
        return []
    return [AttentionItem(_("逾期未报送的值班表"), reverse("duty-overdue"), len(overdue), "danger")]
