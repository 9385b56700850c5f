"""The request that caused a change (user and address), for audit entries written by services."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("yingji_audit_ip", default=None)


def client_ip(request) -> str | None:
    # Behind the reverse proxy (README: deployment) the proxy sets X-Real-IP; REMOTE_ADDR otherwise.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None
