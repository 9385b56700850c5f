"""Home-page attention: certificates expiring or expired, and training quotas behind in the second half
of the year."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.training import permissions, selectors
from yingji.training.models import Certificate
from yingji.training.rules import EXPIRING_SOON_DAYS, QUOTA_REMINDER_FROM_MONTH


@attention_provider
def certificate_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.CERTIFICATES.code, Action.VIEW):
        return []
    today = timezone.localdate()
    counts = (Certificate.objects.visible_to(user).exclude(selectors.renewed()).aggregate(
        expired=Count("pk", filter=Q(expires_on__lt=today)),
        expiring=Count("pk", filter=Q(expires_on__gte=today,
                                      expires_on__lte=today + datetime.timedelta(days=EXPIRING_SOON_DAYS)))))
    url = reverse("training-expiry")
    items = []
    if counts["expired"]:
        items.append(AttentionItem(_("已过期未换证的证书"), url, counts["expired"], "danger"))
    if counts["expiring"]:
        items.append(AttentionItem(_("%(days)d天内到期的证书") % {"days": EXPIRING_SOON_DAYS}, url,
                                   counts["expiring"], "warning"))
    return items


@attention_provider
def quota_items(user) -> list[AttentionItem]:
    today = timezone.localdate()
    division = scope_division(user)
    if (today.month < QUOTA_REMINDER_FROM_MONTH or division is None
            or not has_permission(user, permissions.TRAINING.code, Action.VIEW)):
        return []
    url = f"{reverse('training-progress')}?division={division.code}&year={today.year}"
    items = []
    behind = selectors.guidance_behind_count(division, today.year)
    if behind:
        items.append(AttentionItem(_("年度指导培训未达2次的县、乡镇"), url, behind, "warning"))
    departments = selectors.department_guidance_behind_count(division, today.year)
    if departments:
        items.append(AttentionItem(_("年度行业指导培训未达2次的部门"), url, departments, "warning"))
    if selectors.officer_share_behind(division, today.year):
        items.append(AttentionItem(_("今年还有村(社区)信息员未参加培训"), url, None, "warning"))
    return items
