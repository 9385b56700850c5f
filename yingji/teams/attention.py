"""Home-page attention: village response teams below their norm (seed 000) and villages without an
information officer (seed 002). Two counting queries, whatever the number of teams or villages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.teams import permissions, selectors
from yingji.teams.models import Team


@attention_provider
def team_items(user) -> list[AttentionItem]:
    items = []
    if has_permission(user, permissions.TEAMS.code, Action.VIEW):
        short = selectors.under_staffed(Team.objects.visible_to(user)).count()
        if short:
            items.append(AttentionItem(_("人数不足的村级应急响应队"), reverse("teams-norms"), short, "warning"))
    if has_permission(user, permissions.OFFICERS.code, Action.VIEW):
        gaps = selectors.coverage_gaps(scope_division(user)).count()
        if gaps:
            items.append(AttentionItem(_("无信息员的村(社区)"), reverse("teams-coverage"), gaps, "warning"))
    return items
