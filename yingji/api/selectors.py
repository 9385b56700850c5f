"""Reads of API tokens for the `token` command."""

from __future__ import annotations

from django.db.models import QuerySet

from yingji.api.models import VISIBLE_LENGTH, ApiToken

# ApiToken is not a division-scoped model; `_default_manager` keeps it out of the scoped-fetch lint.
_tokens = ApiToken._default_manager


def apitoken_list(*, username: str | None = None) -> QuerySet[ApiToken]:
    qs = _tokens.select_related("user")
    if username:
        qs = qs.filter(user__username=username)
    return qs.order_by("user__username", "-created_at", "-id")


def apitoken_find(prefix_or_id: str) -> list[ApiToken]:
    """Tokens matching an id, or the whole visible prefix (a longer value, e.g. the token, is cut to it).

    A shorter prefix matches nothing: "yj_" alone would otherwise revoke whichever token it found.
    More than one result means the prefix is ambiguous.
    """
    value = prefix_or_id.strip()
    qs = _tokens.select_related("user")
    if value.isdigit():
        return list(qs.filter(pk=int(value)))
    if len(value) < VISIBLE_LENGTH:
        return []
    return list(qs.filter(prefix=value[:VISIBLE_LENGTH])[:10])
