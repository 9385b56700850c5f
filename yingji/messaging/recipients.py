"""Who in a division is told of something: its office accounts — the roles that keep its watch and its
registers — as channel-layer recipients. Shared by the capabilities that tell a level, or the level above,
of a report, a filed roster, an escalated alarm or a recovery plan."""

from __future__ import annotations

from yingji.core.permissions import Role
from yingji.divisions.models import User
from yingji.messaging.services import Recipient

OFFICE_ROLES = (Role.DUTY_OFFICER, Role.LEADER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF)


def user_recipient(user: User) -> Recipient:
    person = user.person if user.person_id else None
    return Recipient(key=f"user:{user.pk}", name=str(user), user_id=user.pk, phone=person.mobile if person else "")


def office_accounts(division, roles=OFFICE_ROLES) -> list[User]:
    return list(User.objects.filter(division=division, is_active=True, role__in=roles)
                .select_related("person").order_by("pk"))


def office_recipients(division, roles=OFFICE_ROLES) -> list[Recipient]:
    return [user_recipient(user) for user in office_accounts(division, roles)]


def nearest_office_above(division, roles=OFFICE_ROLES) -> tuple[object | None, list[User]]:
    """The nearest division above `division` that has office accounts, and those accounts (a village whose
    township has none set up yet reaches the county)."""
    parent = division.parent
    while parent is not None:
        users = office_accounts(parent, roles)
        if users:
            return parent, users
        parent = parent.parent
    return None, []
