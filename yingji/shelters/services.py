"""Writes for shelters: one path each for registering, editing, the occupancy during an event and deletion."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update
from yingji.core.exceptions import ApplicationError
from yingji.shelters.models import Shelter
from yingji.shelters.rules import Status


def shelter_create(*, actor, data: dict) -> Shelter:
    return audited_create(actor=actor, obj=Shelter(**data))


def shelter_update(*, actor, obj: Shelter, data: dict) -> Shelter:
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def set_occupancy(*, actor, shelter: Shelter, status: str, occupancy: int) -> Shelter:
    """Open, update or close a shelter during an event. Closing with people still inside is refused."""
    if status != Status.IN_USE and occupancy:
        raise ApplicationError(_("仍有人员安置时不能关闭或设为可用，请先将安置人数改为 0。"),
                               field_errors={"occupancy": [_("只有启用中的场所才有安置人数。")]})
    return audited_update(actor=actor, obj=shelter, data={"status": status, "occupancy": occupancy})


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
