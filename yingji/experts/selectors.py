"""Reads of the expert pool: filters, the public list, masking of private phones."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from yingji.experts.models import Domain, Expert


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise a number, not to dial it."""
    digits = phone or ""
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def domain_choices() -> list[tuple[str, str]]:
    return [(d.code, str(d)) for d in Domain.objects.all()]


def narrow(qs: QuerySet[Expert], params) -> QuerySet[Expert]:
    domain = (params.get("domain") or "").strip()
    if domain:
        qs = qs.filter(Exists(Expert.domains.through.objects.filter(expert=OuterRef("pk"), domain__code=domain)))
    return qs


def public_experts(domain: str = "") -> QuerySet[Expert]:
    """The public list: name, domains, title, organisation, level — nothing else is loaded."""
    return (narrow(Expert.objects.all(), {"domain": domain}).prefetch_related("domains")
            .only("name", "title", "organisation", "level").order_by("level", "name", "id"))
