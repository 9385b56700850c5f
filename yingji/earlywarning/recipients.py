"""Who receives a warning: resolved from its area (RULES.md R2.5, R2.9, R2.10; seed 002).

- the leaders of village response groups, township leadership groups and emergency offices
  (村(社区)应急工作组组长/副组长, 乡镇领导小组, 应急办) and the information officers (信息员, R3.12);
- enterprises, schools and hospitals — crowded places must designate staff to receive warnings (R2.9);
- public subscribers who confirmed their number;
- emergency-broadcast terminals and village loudspeakers (应急广播、大喇叭, seed 002).

Each person, organisation, subscriber or terminal is one recipient with a stable key; a phone number
reached through one recipient is not used again for another (the same handset gets one SMS).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from yingji.core.scoping import subtree_bounds
from yingji.divisions.models import Membership, Organisation
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning, PublicSubscriber

LEADING_RANKS = (Membership.Rank.LEADER, Membership.Rank.DEPUTY)
LEADING_ORGANISATIONS = (Organisation.Kind.RESPONSE_GROUP, Organisation.Kind.LEADERSHIP_GROUP,
                         Organisation.Kind.EMERGENCY_OFFICE, Organisation.Kind.SERVICE_STATION)
INFO_OFFICER_TITLE = "信息员"
RECEIVING_UNITS = (Organisation.Kind.ENTERPRISE, Organisation.Kind.SCHOOL, Organisation.Kind.HOSPITAL)
CHUNK = 2000


@dataclass(frozen=True)
class Target:
    key: str
    kind: str  # leader, info_officer, unit, subscriber, broadcast
    name: str
    phone: str = ""
    user_id: int | None = None
    address: str = ""

    @property
    def channels(self) -> tuple[str, ...]:
        if self.kind == "broadcast":
            return ("broadcast",)
        return ("app", "sms") if self.user_id else ("sms",)


def area_q(warning: EarlyWarning, path: str = "division__code") -> Q:
    condition = Q(pk__in=[])
    for area in warning.areas.all():
        low, high = subtree_bounds(area.code, area.level)
        condition |= Q(**{f"{path}__gte": low, f"{path}__lt": high})
    return condition


def _people(warning: EarlyWarning) -> Iterator[Target]:
    memberships = (Membership.objects.filter(area_q(warning))
                   .filter(Q(rank__in=LEADING_RANKS, organisation__kind__in=LEADING_ORGANISATIONS)
                           | Q(title__contains=INFO_OFFICER_TITLE))
                   .select_related("person", "person__user").order_by("person_id"))
    for m in memberships.iterator(chunk_size=CHUNK):
        person = m.person
        user = getattr(person, "user", None)
        kind = "info_officer" if INFO_OFFICER_TITLE in m.title else "leader"
        yield Target(key=f"person:{person.pk}", kind=kind, name=person.name, phone=person.mobile,
                     user_id=user.pk if user is not None and user.is_active else None)


def _units(warning: EarlyWarning) -> Iterator[Target]:
    for org in (Organisation.objects.filter(area_q(warning), kind__in=RECEIVING_UNITS).order_by("pk")
                .iterator(chunk_size=CHUNK)):
        phone = org.contact_phone or org.phone
        if phone:
            yield Target(key=f"org:{org.pk}", kind="unit", name=org.contact_name or org.name, phone=phone)


def _subscribers(warning: EarlyWarning) -> Iterator[Target]:
    rows = (PublicSubscriber.objects.filter(area_q(warning), confirmed_at__isnull=False).order_by("pk")
            .values_list("pk", "phone").iterator(chunk_size=CHUNK))
    for pk, phone in rows:
        yield Target(key=f"subscriber:{pk}", kind="subscriber", name="", phone=phone)


def _endpoints(warning: EarlyWarning) -> Iterator[Target]:
    rows = (BroadcastEndpoint.objects.filter(area_q(warning), active=True).order_by("pk")
            .values_list("pk", "name", "address").iterator(chunk_size=CHUNK))
    for pk, name, address in rows:
        yield Target(key=f"endpoint:{pk}", kind="broadcast", name=name, address=address)


def resolve(warning: EarlyWarning) -> list[Target]:
    """Every recipient of the warning's area, once; a query per source, never per recipient."""
    seen_keys: set[str] = set()
    seen_phones: set[str] = set()
    targets = []
    for source in (_people, _units, _subscribers, _endpoints):
        for target in source(warning):
            if target.key in seen_keys or (target.phone and target.phone in seen_phones and not target.user_id):
                continue
            seen_keys.add(target.key)
            if target.phone:
                seen_phones.add(target.phone)
            targets.append(target)
    return targets
