"""Writing audit entries, and the audited create/update/soft-delete every service builds on.

Audit is written inside the caller's transaction, so a change and its entry commit together
or not at all (STYLE.md convention 3).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from yingji.audit.context import current_ip
from yingji.audit.models import AuditEntry

SKIPPED_FIELDS = {"password", "created_at", "updated_at", "last_login"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of a record as JSON-ready data (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.primary_key:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    before, after = before or {}, after or {}
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def division_code_of(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    path = getattr(type(obj), "scope_code_field", "")
    value: Any = obj
    for part in path.split("__") if path else []:
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value if isinstance(value, str) else ""


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    division_code: str | None = None,
    success: bool = True,
    actor_name: str | None = None,
) -> AuditEntry:
    """Record one event. `changes` overrides the diff for events that are not field edits."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_name=actor_name if actor_name is not None else (actor.get_username() if authenticated else ""),
        ip_address=current_ip.get(),
        action=action,
        model_label=obj._meta.label_lower if obj is not None else "",
        object_pk=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        division_code=division_code if division_code is not None else division_code_of(obj),
        success=success,
        changes=changes if changes is not None else diff(before, after),
    )


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


@transaction.atomic
def audited_create(*, actor, obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    record(actor=actor, action=_action(obj, "created"), obj=obj, after=snapshot(obj))
    return obj


@transaction.atomic
def audited_update(*, actor, obj: models.Model, data: dict[str, Any]) -> models.Model:
    """Apply `data` to the stored row (locked) and record what really changed."""
    locked = obj._meta.model._base_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    after = snapshot(locked)
    if before != after:
        record(actor=actor, action=_action(locked, "updated"), obj=locked, before=before, after=after)
    return locked


@transaction.atomic
def audited_soft_delete(*, actor, obj: models.Model) -> models.Model:
    locked = obj._meta.model._base_manager.select_for_update().get(pk=obj.pk)
    if locked.deleted_at is None:
        before = snapshot(locked)
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["deleted_at", "updated_at"])
        record(actor=actor, action=_action(locked, "deleted"), obj=locked, before=before, after=snapshot(locked))
    return locked


@transaction.atomic
def audited_restore(*, actor, obj: models.Model) -> models.Model:
    locked = obj._meta.model._base_manager.select_for_update().get(pk=obj.pk)
    if locked.deleted_at is not None:
        before = snapshot(locked)
        locked.deleted_at = None
        locked.full_clean()
        locked.save(update_fields=["deleted_at", "updated_at"])
        record(actor=actor, action=_action(locked, "restored"), obj=locked, before=before, after=snapshot(locked))
    return locked
