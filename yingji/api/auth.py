"""Who is calling: a bearer token (integrations) or the browser session (with CSRF).

Both are accepted on every endpoint. A token request never passed through the session-based
middlewares, so the token auth sets up what they would have: `request.user`, the scope division
and the user's language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from yingji.api.errors import CsrfFailed
from yingji.api.services import apitoken_authenticate
from yingji.audit.signals import record_denied
from yingji.core.permissions import has_permission


class TokenAuth(HttpBearer):
    """`Authorization: Bearer yj_…`; revoked tokens and inactive users are refused."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = apitoken_authenticate(token.strip())
        if api_token is None:
            return None
        user = api_token.user
        # Tokens always act in the home division: the division switcher is a session feature.
        user.active_division = user.division
        request.user = user
        if user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods need the CSRF token (X-CSRFToken header).

    Unlike ninja's SessionAuth it checks the session before CSRF, so an anonymous request gets
    401 rather than a CSRF failure.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return self.__call__(request)


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)


def require(request: HttpRequest, capability_code: str, action: str) -> None:
    """403 unless the caller's role grants `action` on the capability; denials are audited."""
    if not has_permission(request.user, capability_code, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied
