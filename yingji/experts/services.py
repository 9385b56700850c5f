"""Writes for the expert pool and the participation log; every one audited."""

from __future__ import annotations

from django.db import transaction

from yingji.audit.services import audited_create, audited_restore, audited_soft_delete, audited_update, record
from yingji.experts.models import Expert, ExpertEngagement


def set_domains(*, actor, expert: Expert, domains) -> None:
    """The form path saves many-to-many choices itself; the API and the demo come through here."""
    before = sorted(str(d) for d in expert.domains.all())
    expert.domains.set(domains)
    after = sorted(str(d) for d in expert.domains.all())
    if before != after:
        record(actor=actor, action="experts.expert.updated", obj=expert, changes={"domains": [before, after]})


def expert_create(*, actor, data: dict) -> Expert:
    data = dict(data)
    domains = data.pop("domains", None)
    with transaction.atomic():
        expert = audited_create(actor=actor, obj=Expert(**data))
        if domains is not None:
            set_domains(actor=actor, expert=expert, domains=domains)
    return expert


def expert_update(*, actor, obj: Expert, data: dict) -> Expert:
    data = dict(data)
    domains = data.pop("domains", None)
    with transaction.atomic():
        expert = audited_update(actor=actor, obj=obj, data=data)
        if "division" in data:
            ExpertEngagement.objects.filter(expert=expert).exclude(division=expert.division).update(
                division=expert.division)
        if domains is not None:
            set_domains(actor=actor, expert=expert, domains=domains)
    return expert


def engagement_create(*, actor, data: dict) -> ExpertEngagement:
    engagement = ExpertEngagement(**data)
    engagement.division = engagement.expert.division
    return audited_create(actor=actor, obj=engagement)


def engagement_update(*, actor, obj: ExpertEngagement, data: dict) -> ExpertEngagement:
    data = dict(data)
    if "expert" in data:
        data["division"] = data["expert"].division
    return audited_update(actor=actor, obj=obj, data=data)


def soft_delete(*, actor, obj):
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)
