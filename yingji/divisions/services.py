"""Writes for divisions, organisations, people, memberships and users: the one path for each.

Views, the API, Excel import, commands and the demo loader all call these.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import (
    audited_create,
    audited_restore,
    audited_soft_delete,
    audited_update,
    record,
    snapshot,
)
from yingji.core.exceptions import ApplicationError
from yingji.divisions.models import Division, Membership, Organisation, Person, User


def _ensure_within(actor, division: Division | None) -> None:
    """Writes outside the actor's subtree are refused as if the division did not exist."""
    from yingji.core.scoping import scope_division

    home = scope_division(actor) if actor is not None else None
    if actor is not None and (division is None or home is None or not home.contains(division)):
        raise ApplicationError(_("所选区划不在您的管辖范围内。"), code="out_of_scope",
                               field_errors={"division": [_("所选区划不在您的管辖范围内。")]})


def division_create(*, actor, data: dict[str, Any]) -> Division:
    division = Division(**data)
    if division.parent_id:
        _ensure_within(actor, division.parent)
    elif actor is not None:
        raise ApplicationError(_("只能在您的管辖范围内新增下级区划。"), code="out_of_scope")
    return audited_create(actor=actor, obj=division)


def division_update(*, actor, division: Division, data: dict[str, Any]) -> Division:
    if "code" in data and data["code"] != division.code:
        raise ApplicationError(_("区划代码不可修改；代码变更请停用旧区划并新增新区划。"), code="code_immutable",
                               field_errors={"code": [_("区划代码不可修改。")]})
    if "parent" in data and data["parent"] != division.parent:
        raise ApplicationError(_("上级区划由代码决定，不可修改。"), code="parent_immutable")
    return audited_update(actor=actor, obj=division, data=data)


def division_delete(*, actor, division: Division) -> Division:
    if Division.objects.filter(parent=division).exists():
        raise ApplicationError(_("该区划下还有下级区划，不能删除。"), code="has_children")
    return audited_soft_delete(actor=actor, obj=division)


def organisation_create(*, actor, data: dict[str, Any]) -> Organisation:
    organisation = Organisation(**data)
    _ensure_within(actor, organisation.division if organisation.division_id else None)
    return audited_create(actor=actor, obj=organisation)


def organisation_update(*, actor, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    if "division" in data:
        _ensure_within(actor, data["division"])
    return audited_update(actor=actor, obj=organisation, data=data)


def organisation_delete(*, actor, organisation: Organisation) -> Organisation:
    return audited_soft_delete(actor=actor, obj=organisation)


def person_create(*, actor, data: dict[str, Any]) -> Person:
    person = Person(**data)
    _ensure_within(actor, person.division if person.division_id else None)
    return audited_create(actor=actor, obj=person)


def person_update(*, actor, person: Person, data: dict[str, Any]) -> Person:
    if "division" in data:
        _ensure_within(actor, data["division"])
    return audited_update(actor=actor, obj=person, data=data)


def person_delete(*, actor, person: Person) -> Person:
    return audited_soft_delete(actor=actor, obj=person)


def membership_create(*, actor, data: dict[str, Any]) -> Membership:
    membership = Membership(**data)
    organisation = membership.organisation
    _ensure_within(actor, organisation.division)
    membership.division = organisation.division
    if membership.person.division_id != organisation.division_id:
        raise ApplicationError(_("成员必须与机构属于同一区划。"), code="division_mismatch",
                               field_errors={"person": [_("成员必须与机构属于同一区划。")]})
    return audited_create(actor=actor, obj=membership)


def membership_delete(*, actor, membership: Membership) -> Membership:
    return audited_soft_delete(actor=actor, obj=membership)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


@transaction.atomic
def user_create(*, actor, username: str, password: str, division: Division, role: str,
                person: Person | None = None, language: str = "") -> User:
    _ensure_within(actor, division)
    user = User(username=username, division=division, role=role, person=person, language=language)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password",
                               field_errors={"password": exc.messages}) from exc
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    record(actor=actor, action="divisions.user.created", obj=user, after=snapshot(user))
    return user


def user_update(*, actor, user: User, data: dict[str, Any]) -> User:
    if "division" in data:
        _ensure_within(actor, data["division"])
    return audited_update(actor=actor, obj=user, data=data)


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password",
                               field_errors={"password": exc.messages}) from exc
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    record(actor=actor, action="divisions.user.password_changed", obj=user, changes={})
    return user


def user_deactivate(*, actor, user: User) -> User:
    return audited_update(actor=actor, obj=user, data={"is_active": False})
