"""Writes for API tokens: create, revoke, authenticate (which stamps last use)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.api.models import TOKEN_PREFIX, VISIBLE_LENGTH, ApiToken, token_digest
from yingji.audit.services import record
from yingji.core.exceptions import ApplicationError

# Stamping every request would turn each API call into a write; a minute's resolution is enough
# to see whether an integration is still alive.
LAST_USED_RESOLUTION = timedelta(minutes=1)

# ApiToken is not a division-scoped model; `_default_manager` keeps it out of the scoped-fetch lint.
_tokens = ApiToken._default_manager


def _home_code(user) -> str:
    division = getattr(user, "division", None)
    return division.code if division is not None else ""


@transaction.atomic
def apitoken_create(*, actor, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the raw token, which is never stored or shown again."""
    if not user.is_active:
        raise ApplicationError(_("账号已停用，不能创建访问令牌。"), code="inactive_user")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:VISIBLE_LENGTH], key_hash=token_digest(raw))
    token.full_clean()
    token.save()
    record(actor=actor, action="api.apitoken.created", obj=token, division_code=_home_code(user),
           changes={"user": user.get_username(), "name": name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def apitoken_revoke(*, actor, token: ApiToken) -> ApiToken:
    locked = _tokens.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(actor=actor, action="api.apitoken.revoked", obj=locked, division_code=_home_code(locked.user),
               changes={"user": locked.user.get_username(), "name": locked.name, "prefix": locked.prefix})
    return locked


def apitoken_authenticate(raw: str) -> ApiToken | None:
    """The live token for `raw` with its active user and home division, or None.

    Last use is stamped with a plain UPDATE: it is bookkeeping, not a change anyone audits.
    """
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        _tokens.select_related("user", "user__division")
        .filter(key_hash=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        _tokens.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
