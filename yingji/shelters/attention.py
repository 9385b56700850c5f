"""Home-page attention: shelters in use (people are there now) and villages outside every shelter's radius."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.shelters import permissions, selectors
from yingji.shelters.models import Shelter
from yingji.shelters.rules import Status


@attention_provider
def shelter_items(user) -> list[AttentionItem]:
    if not has_permission(user, permissions.SHELTERS.code, Action.VIEW):
        return []
    items = []
    in_use = Shelter.objects.visible_to(user).filter(status=Status.IN_USE).count()
    if in_use:
        items.append(AttentionItem(_("启用中的避难场所"), f"{reverse('shelters-list')}?status=in_use", in_use,
                                   "warning"))
    division = scope_division(user)
    # The village check reads every village of the scope: worth it up to a county, not on a province's home page.
    if division is not None and division.level in ("county", "township", "village"):
        gaps = len(selectors.village_coverage(division).gaps)
        if gaps:
            items.append(AttentionItem(_("服务半径内没有避难场所的村(社区)"), reverse("shelters-coverage"), gaps,
                                       "warning"))
    return items
