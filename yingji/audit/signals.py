"""Security events (等保2.0 安全审计 a/b): login, logout, failed login, lockout, denied access."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from yingji.audit.services import record


def _home_code(user) -> str:
    division = getattr(user, "division", None)
    return division.code if division is not None else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(actor=user, action="auth.login", division_code=_home_code(user), changes={})


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logout", division_code=_home_code(user), changes={})


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(actor=None, actor_name=username, action="auth.login_failed", success=False,
           division_code=_home_code_of_username(username), changes={})


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, **kwargs):
    username = str(username or "")[:150]
    record(actor=None, actor_name=username, action="auth.locked_out", success=False,
           division_code=_home_code_of_username(username), changes={})


def _home_code_of_username(username: str) -> str:
    from django.contrib.auth import get_user_model

    user = get_user_model()._base_manager.filter(username=username).select_related("division").first()
    return _home_code(user) if user else ""


def record_denied(*, user, path: str) -> None:
    record(actor=user, action="auth.permission_denied", success=False,
           division_code=_home_code(user), changes={"path": path[:500]})
