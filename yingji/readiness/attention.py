"""Home-page attention: how many townships or villages under the user fall short of their "六有"; and, for the
county office, a readiness bulletin due (seed 002: one every half month)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.attention import AttentionItem, attention_provider
from yingji.core.permissions import Action, Role, has_permission
from yingji.core.scoping import scope_division
from yingji.readiness import selectors
from yingji.readiness.models import Bulletin
from yingji.readiness.permissions import BULLETINS, READINESS
from yingji.readiness.rules import BULLETIN_EVERY_DAYS


@attention_provider
def readiness_items(user) -> list[AttentionItem]:
    scope = scope_division(user)
    # Offices that build readiness see it; a province's home page would score 25,000 villages on every visit.
    if (getattr(user, "role", None) not in (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF) or scope is None
            or scope.level not in ("county", "township")
            or not has_permission(user, READINESS.code, Action.VIEW)):
        return []
    standard = selectors.standard_for(None, scope)
    result = selectors.scores(scope, standard)
    short = len(result.rows) - result.compliant
    if not short:
        return []
    return [AttentionItem(_("%(standard)s未达标") % {"standard": standard.label},
                          f"{reverse('readiness')}?standard={standard.code}&gaps=1", short, "warning")]



@attention_provider
def bulletin_due(user) -> list[AttentionItem]:
    scope = scope_division(user)
    if scope is None or scope.level != "county" or not has_permission(user, BULLETINS.code, Action.ADD):
        return []
    last = Bulletin.objects.filter(division=scope).order_by("-date").values_list("date", flat=True).first()
    today = timezone.localdate()
    if last is not None and today - last < datetime.timedelta(days=BULLETIN_EVERY_DAYS):
        return []
    return [AttentionItem(_("达标情况通报到期(每半月一次)"), reverse("readiness-bulletins"), 1, "warning")]
