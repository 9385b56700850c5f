"""Home-page items: warnings waiting for approval or issue, and issued warnings past their end
that were never lifted (R2.8: lift at once when the threat is over)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.earlywarning import permissions, rules
from yingji.earlywarning.models import EarlyWarning

S = EarlyWarning.Status


@attention_provider
def warning_attention(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.WARNINGS.code, Action.CHANGE):
        return []
    now = timezone.now()
    counts = EarlyWarning.objects.visible_to(user).aggregate(
        drafts=Count("pk", filter=Q(status=S.DRAFT)),
        approved=Count("pk", filter=Q(status=S.APPROVED)),
        overdue=Count("pk", filter=Q(status=S.ISSUED, expires__lte=now) & ~Q(msg_type=EarlyWarning.MsgType.CANCEL)),
    )
    url = reverse("warnings-list")
    items = []
    if counts["drafts"] and user.role in rules.APPROVE_ROLES:
        items.append(AttentionItem(_("预警信息待审核"), f"{url}?status=draft", counts["drafts"], "warning"))
    if counts["approved"] and user.role in rules.ISSUE_ROLES:
        items.append(AttentionItem(_("预警信息待签发"), f"{url}?status=approved", counts["approved"], "warning"))
    if counts["overdue"]:
        items.append(AttentionItem(_("预警已过截止时间但未解除"), f"{url}?status=issued", counts["overdue"], "danger"))
    return items
