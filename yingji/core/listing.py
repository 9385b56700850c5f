"""Search, filters and sort for register lists: the same for the page and its Excel export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from yingji.core.registers import Register


@dataclass
class FilterOption:
    name: str
    label: str
    choices: list[tuple[str, str]]
    selected: str


def filter_options(reg: Register, params) -> list[FilterOption]:
    options = []
    for name in reg.filter_fields:
        model_field = reg.model._meta.get_field(name)
        choices = [(str(v), str(label)) for v, label in model_field.choices or []]
        if model_field.get_internal_type() == "BooleanField":
            choices = [("1", "是"), ("0", "否")]
        options.append(FilterOption(name, str(model_field.verbose_name), choices, params.get(name, "")))
    return options


def filtered(reg: Register, qs: QuerySet, params) -> QuerySet:
    q = (params.get("q") or "").strip()
    if q and reg.search_fields:
        condition = Q()
        for name in reg.search_fields:
            condition |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(condition)
    for name in reg.filter_fields:
        value = params.get(name)
        if not value:
            continue
        model_field = reg.model._meta.get_field(name)
        if model_field.get_internal_type() == "BooleanField":
            qs = qs.filter(**{name: value == "1"})
        elif value in {str(v) for v, _label in model_field.choices or []}:
            qs = qs.filter(**{name: value})
    return qs


def sorted_by(reg: Register, qs: QuerySet, sort: str | None) -> tuple[QuerySet, str]:
    sortable = {c.path: c.sort for c in reg.columns if c.sort}
    key = (sort or "").lstrip("-")
    if key in sortable:
        expression = sortable[key]
        descending = (sort or "").startswith("-")
        return qs.order_by(f"-{expression}" if descending else expression, "pk"), sort or ""
    ordering = list(reg.default_ordering) or list(reg.model._meta.ordering) or ["pk"]
    return qs.order_by(*ordering, "pk"), ""
