"""Writes for publicity events and their material lines, all audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update
from yingji.core.exceptions import ApplicationError
from yingji.publicity.models import MaterialLine, PublicityEvent


def event_create(*, actor, data: dict) -> PublicityEvent:
    return audited_create(actor=actor, obj=PublicityEvent(**data))


@transaction.atomic
def event_update(*, actor, obj: PublicityEvent, data: dict) -> PublicityEvent:
    event = audited_update(actor=actor, obj=obj, data=data)
    # Material lines are scoped by their event's division and follow it.
    MaterialLine.all_objects.filter(event=event).exclude(division=event.division).update(division=event.division)
    return event


@transaction.atomic
def event_delete(*, actor, obj: PublicityEvent) -> PublicityEvent:
    if obj.lines.exists():
        raise ApplicationError(_("该活动有资料发放记录，请先删除资料发放记录。"), code="has_lines")
    return audited_soft_delete(actor=actor, obj=obj)


def line_create(*, actor, data: dict) -> MaterialLine:
    return audited_create(actor=actor, obj=MaterialLine(**data))


def line_update(*, actor, obj: MaterialLine, data: dict) -> MaterialLine:
    return audited_update(actor=actor, obj=obj, data=data)


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
