"""Writes for training sessions, attendance and certificates, all audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update
from yingji.core.exceptions import ApplicationError
from yingji.training.models import Attendance, Certificate, TrainingSession


def session_create(*, actor, data: dict) -> TrainingSession:
    return audited_create(actor=actor, obj=TrainingSession(**data))


@transaction.atomic
def session_update(*, actor, obj: TrainingSession, data: dict) -> TrainingSession:
    session = audited_update(actor=actor, obj=obj, data=data)
    if "division" in data:
        # Attendance is scoped by the session's division and follows it.
        Attendance.all_objects.filter(session=session).exclude(division=session.division).update(
            division=session.division)
    return session


@transaction.atomic
def session_delete(*, actor, obj: TrainingSession) -> TrainingSession:
    if obj.attendances.exists():
        raise ApplicationError(_("该培训有参训记录，请先删除参训记录。"), code="has_attendance")
    return audited_soft_delete(actor=actor, obj=obj)


def attach_materials(*, actor, session: TrainingSession, upload) -> TrainingSession:
    """Store an uploaded materials file; the model's validators check extension and size."""
    return audited_update(actor=actor, obj=session, data={"materials_file": upload})


def attendance_create(*, actor, data: dict) -> Attendance:
    return audited_create(actor=actor, obj=Attendance(**data))


def attendance_update(*, actor, obj: Attendance, data: dict) -> Attendance:
    return audited_update(actor=actor, obj=obj, data=data)


def certificate_create(*, actor, data: dict) -> Certificate:
    return audited_create(actor=actor, obj=Certificate(**data))


def certificate_update(*, actor, obj: Certificate, data: dict) -> Certificate:
    return audited_update(actor=actor, obj=obj, data=data)


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
