"""Resolving codes and ids sent by clients, always inside the caller's jurisdiction."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja.pagination import PageNumberPagination, paginate

from yingji.api.errors import field_error
from yingji.divisions.models import Division, Organisation

# ninja reads its maximum page size from NINJA_MAX_PER_PAGE_SIZE, not the NINJA_PAGINATION_*
# name the settings use, so the two values are passed explicitly.
paginated = paginate(
    PageNumberPagination,
    page_size=settings.NINJA_PAGINATION_PER_PAGE,
    max_page_size=settings.NINJA_PAGINATION_MAX_PER_PAGE_SIZE,
)


# Filters handled here rather than by `core.listing.filtered`.
_SCOPED_FILTERS = {"division", "organisation"}


def filter_params(filters) -> dict[str, str]:
    """Search and choice filters in the form `core.listing.filtered` reads for the UI lists."""
    data = filters.dict(exclude_none=True)
    # The UI lists' boolean filters take "1"/"0" (str(True) would be "True", read as false).
    return {name: ("1" if value else "0") if isinstance(value, bool) else str(value)
            for name, value in data.items() if name not in _SCOPED_FILTERS}


def division_in_scope(user, code: str | None) -> Division | None:
    if not code:
        return None
    return Division.objects.visible_to(user).filter(code=code).first()


def within_division(qs: QuerySet, user, code: str | None) -> QuerySet:
    """The `division=` filter: that subtree if it is in scope, nothing if it is not."""
    if not code:
        return qs
    division = division_in_scope(user, code)
    return qs.none() if division is None else qs.within(division)


def resolve_division(user, code: str, *, field: str = "division") -> Division:
    """The division for an input code; unknown and out-of-scope codes get the same 422."""
    division = division_in_scope(user, code)
    if division is None:
        raise field_error(field, _("所选区划不在您的管辖范围内。"), code="out_of_scope")
    return division


def resolve_organisation(user, pk: int | None, *, field: str = "organisation") -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.visible_to(user).filter(pk=pk).first()
    if organisation is None:
        raise field_error(field, _("所选机构不存在或不在您的管辖范围内。"), code="out_of_scope")
    return organisation
