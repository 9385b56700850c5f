"""Home-page attention: response tasks past their deadline and not done, and ended responses whose recovery
plan has not been reported to the level above (L1 Art. 87), in the user's subtree."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.response import permissions, selectors
from yingji.response.models import Response, Task
from yingji.response.rules import Status


@attention_provider
def response_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.TASKS.code, Action.VIEW):
        return []
    count = selectors.overdue(Task.objects.visible_to(user)).count()
    if not count:
        return []
    return [AttentionItem(_("逾期未完成的响应任务"), reverse("response-tasks-overdue"), count, "danger")]


@attention_provider
def recovery_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.RESPONSES.code, Action.CHANGE):
        return []
    count = Response.objects.visible_to(user).exclude(status=Status.ACTIVE).filter(
        recovery_reported_at__isnull=True).count()
    if not count:
        return []
    return [AttentionItem(_("恢复重建计划待报上一级"), reverse("responses-list"), count, "warning")]
