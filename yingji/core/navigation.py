"""Navigation by capability: apps add their entries; the shell shows those the user may view."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from yingji.core.permissions import Action, has_permission


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    capability: str
    group: str
    order: int
    action: str


_ENTRIES: list[NavEntry] = []


def nav_entry(*, label, url_name: str, capability: str, group, order: int = 50, action: str = Action.VIEW) -> None:
    """`order` places the entry's group: capability groups 10–80, system pages 90. `action` is what
    the page needs (a "report from the field" form needs ADD), so nobody is shown a page they cannot open."""
    _ENTRIES.append(NavEntry(label=label, url_name=url_name, capability=capability, group=group, order=order,
                             action=action))


@dataclass(frozen=True)
class PublicEntry:
    label: str
    url_name: str
    description: str
    order: int


_PUBLIC: list[PublicEntry] = []


def public_entry(*, label, url_name: str, description, order: int = 50) -> None:
    """A page open to the public without login, listed on the portal (公众服务) in `order`."""
    _PUBLIC.append(PublicEntry(label=label, url_name=url_name, description=description, order=order))


def public_entries() -> list[dict]:
    return [{"label": str(e.label), "url": reverse(e.url_name), "description": str(e.description)}
            for e in sorted(_PUBLIC, key=lambda e: e.order)]


def nav_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if has_permission(user, entry.capability, entry.action):
            groups.setdefault(str(entry.group), []).append((str(entry.label), reverse(entry.url_name)))
    return list(groups.items())
