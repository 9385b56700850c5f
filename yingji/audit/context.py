"""The request that caused a change (user and address), for audit entries written by services."""

from contextvars import ContextVar

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("yingji_audit_ip", default=None)


def client_ip(request) -> str | None:
    # Behind the reverse proxy (docs/deployment.md) REMOTE_ADDR is the proxy and the proxy sets
    # X-Real-IP; without one, that header comes from the client and must not be believed.
    if settings.YINGJI_BEHIND_PROXY and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"]
    return request.META.get("REMOTE_ADDR") or None
