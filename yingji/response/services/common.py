"""Shared by the response services: who acts, refusals, stated times, locked rows, scope checks."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.exceptions import ApplicationError
from yingji.core.scoping import scope_division
from yingji.response import rules
from yingji.response.models import Response
from yingji.response.rules import Level


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _in_actor_scope(actor, division) -> bool:
    """The system itself (actor None, the demo loader) may act anywhere; a user only in their subtree."""
    if _user(actor) is None:
        return True
    home = scope_division(actor)
    return home is not None and home.contains(division)


def _refuse(message, *, code: str = "invalid", field: str | None = None):
    raise ApplicationError(message, code=code, field_errors={field: [message]} if field else None)


def _moment(at: datetime.datetime | None, *, field: str, not_before: datetime.datetime | None = None,
            not_before_message=None) -> datetime.datetime:
    """A time stated by the user (records are often entered after the fact): never in the future."""
    now = timezone.now()
    at = at or now
    if at > now + datetime.timedelta(minutes=1):
        _refuse(_("时间不能晚于现在。"), code="future", field=field)
    if not_before is not None and at < not_before:
        _refuse(not_before_message or _("时间不能早于响应启动时间。"), code="too_early", field=field)
    return at


def _fresh(obj):
    """The stored row, locked: rules are checked against it, never against a stale copy."""
    return type(obj).all_objects.select_for_update().get(pk=obj.pk)


def _locked(response: Response) -> Response:
    return Response.all_objects.select_for_update().select_related("division", "event").get(pk=response.pk)


def _check_level(division, level: str) -> None:
    allowed = rules.START_LEVELS.get(division.level)
    if not allowed:
        _refuse(_("只有县级和乡镇(街道)可以启动应急响应。"), code="division_level", field="division")
    if level not in allowed:
        _refuse(_("%(division)s只能启动%(levels)s，更高级别的响应须由县启动。") % {
            "division": division.name, "levels": "、".join(str(Level(v).label) for v in sorted(allowed))},
            code="level_not_allowed", field="level")


def _check_organisation(actor, organisation, field: str) -> None:
    if organisation is None or _user(actor) is None:
        return
    from yingji.divisions.models import Organisation

    if not Organisation.objects.visible_to(actor).filter(pk=organisation.pk).exists():
        _refuse(_("所选单位不在您的管辖范围内。"), code="out_of_scope", field=field)


def _visible(actor, model, obj, message) -> None:
    if _user(actor) is not None and not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
        _refuse(message, code="out_of_scope")
