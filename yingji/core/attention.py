""""What needs my attention" on the home page: capabilities register providers here.

A provider is `f(user) -> list[AttentionItem]`; it must query within the user's scope and keep
its query count independent of the number of records (one aggregate, not a loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttentionItem:
    title: str
    url: str
    count: int | None = None
    level: str = "info"  # info, warning, danger


_PROVIDERS: list[Callable] = []


def attention_provider(func: Callable) -> Callable:
    _PROVIDERS.append(func)
    return func


def attention_for(user) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return items
