"""Registers: one declaration per model gives its list, filters, detail, history, form and Excel.

Every later capability declares its registers here instead of writing list/detail/form views, so
scoping, permissions, audit, pagination and export behave the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.http import Http404

from yingji.core.scoping import ScopedQuerySet


@dataclass(frozen=True)
class Column:
    """A list/export column: `path` is an attribute path ("division.name"); choices show labels."""

    path: str
    label: Any = None
    sort: str | None = None  # ORM ordering expression; None = not sortable
    value: Callable[[Any], Any] | None = None

    def get(self, obj) -> Any:
        if self.value is not None:
            return self.value(obj)
        target = obj
        parts = self.path.split(".")
        for part in parts[:-1]:
            target = getattr(target, part, None)
            if target is None:
                return ""
        last = parts[-1]
        display = getattr(target, f"get_{last}_display", None)
        value = display() if callable(display) else getattr(target, last, "")
        return "" if value is None else value

    def header(self, model: type[models.Model]) -> str:
        if self.label is not None:
            return str(self.label)
        meta = model._meta
        parts = self.path.split(".")
        for part in parts[:-1]:
            meta = meta.get_field(part).related_model._meta
        return str(meta.get_field(parts[-1]).verbose_name)


@dataclass
class Register:
    model: type[models.Model]
    slug: str
    capability: str
    columns: Sequence[Column]
    form_class: type[forms.ModelForm] | None = None
    search_fields: Sequence[str] = ()
    filter_fields: Sequence[str] = ()
    default_ordering: Sequence[str] = ()
    select_related: Sequence[str] = ()
    prefetch_related: Sequence[str] = ()
    detail_fields: Sequence[str] | None = None
    export_columns: Sequence[Column] | None = None
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    restore: Callable[..., Any] | None = None
    import_url_name: str | None = None
    # Excel import through the register's own form and create service (core/imports.py): a template
    # to download, per-row errors, all-or-nothing unless the user asks for the valid rows only.
    importable: bool = False
    # A form field the import page may fix from its query string (`duty-assignments/import/?roster=12`):
    # every row then goes into that one parent record and the file leaves the column out.
    import_parent: str | None = None
    # A detail page with more than fields and history: a template extending core/register_detail.html
    # and a function (request, obj) -> extra context.
    detail_template: str = "core/register_detail.html"
    detail_context: Callable[[Any, Any], dict] | None = None
    # Filters beyond the model's own choice fields (a many-to-many code, a computed condition such as
    # "under-staffed"): `narrow(queryset, params)` applies them to the list and its export alike, and
    # `extra_filters(request)` offers them as FilterOptions beside the generic ones.
    narrow: Callable[[Any, Any], Any] | None = None
    extra_filters: Callable[[Any], list] | None = None

    def __post_init__(self) -> None:
        if self.importable:
            if self.form_class is None or self.create is None:
                raise ValueError(f"register {self.slug}: import needs a form and a create service")
            self.import_url_name = self.url_name("import")

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def url_name(self, view: str) -> str:
        return f"{self.slug}-{view}"

    def base_queryset(self, user, *, deleted: bool = False) -> ScopedQuerySet:
        manager = self.model.all_objects if deleted else self.model.objects
        qs = manager.visible_to(user)
        if deleted:
            qs = qs.deleted()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def access(self, user, pk, *, deleted: bool = False):
        """The record if the user may see it; the same 404 for missing and out-of-jurisdiction."""
        try:
            return self.base_queryset(user, deleted=deleted).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc


_REGISTERS: dict[str, Register] = {}


def register(reg: Register) -> Register:
    if reg.slug in _REGISTERS:
        raise ValueError(f"register {reg.slug} declared twice")
    _REGISTERS[reg.slug] = reg
    return reg


def registers() -> list[Register]:
    return list(_REGISTERS.values())


def get_register(slug: str) -> Register:
    return _REGISTERS[slug]
