"""Jurisdiction scoping: the one mechanism that limits what a user may read or write.

Division codes nest by level (2/4/6/9/12 significant digits of the 12-digit 统计用区划代码), so
"everything under a division" is a half-open range of codes: [prefix000…, (prefix+1)000…). Any
B-tree index serves it, on SQLite and PostgreSQL alike, and it never recurses per row.
"""

from __future__ import annotations

from typing import Any

from django.db import models

CODE_LENGTH = 12

# Significant digits of the code at each level (RULES.md R10.2, DIV-12).
PREFIX_LENGTH = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}


def code_prefix(code: str, level: str) -> str:
    return code[: PREFIX_LENGTH[level]]


def subtree_bounds(code: str, level: str) -> tuple[str, str]:
    """Lowest code in the subtree and the first code past it."""
    prefix = code_prefix(code, level)
    upper = str(int(prefix) + 1).zfill(len(prefix))
    if len(upper) > len(prefix):
        # An all-nines prefix ("99") has no next prefix of the same length; a 13-digit string of
        # the prefix and nines sorts after every 12-digit code under it and before any other.
        return prefix.ljust(CODE_LENGTH, "0"), prefix.ljust(CODE_LENGTH + 1, "9")
    return prefix.ljust(CODE_LENGTH, "0"), upper.ljust(CODE_LENGTH, "0")


def scope_division(user: Any):
    """The division a user is looking at now: the switcher's choice, else their home division."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "active_division", None) or getattr(user, "division", None)


class ScopedQuerySet(models.QuerySet):
    """Querysets of records that belong to a division.

    The model names the path to the code of its division in `scope_code_field`
    ("code" for a division itself, "division__code" for most records).
    """

    def within(self, division) -> ScopedQuerySet:
        if division is None:
            return self.none()
        field = self.model.scope_code_field
        low, high = subtree_bounds(division.code, division.level)
        return self.filter(**{f"{field}__gte": low, f"{field}__lt": high})

    def visible_to(self, user) -> ScopedQuerySet:
        return self.within(scope_division(user))

    def alive(self) -> ScopedQuerySet:
        if hasattr(self.model, "deleted_at"):
            return self.filter(deleted_at__isnull=True)
        return self

    def deleted(self) -> ScopedQuerySet:
        return self.filter(deleted_at__isnull=False)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager: soft-deleted rows are hidden from every list, page, export and endpoint."""

    def get_queryset(self):
        return super().get_queryset().alive()


AllObjectsManager = models.Manager.from_queryset(ScopedQuerySet)


def scoped_models() -> list[type[models.Model]]:
    """Every installed model that belongs to a division; the scoping test walks this list."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "scope_code_field", None)]
