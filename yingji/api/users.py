"""User accounts (read-only, account administrators only) and the caller's own profile."""

from ninja import Query, Router

from yingji.api.access import filter_params, paginated, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, ErrorOut
from yingji.api.schemas import MeOut, UserFilters, UserOut
from yingji.core.listing import filtered
from yingji.core.permissions import Action, Role, capabilities
from yingji.core.scoping import scope_division
from yingji.divisions import registers

router = Router()


@router.get("/users", response={200: list[UserOut], **READ_ERRORS}, tags=["users"], url_name="user-list")
@paginated
def user_list(request, filters: Query[UserFilters]):
    reg = registers.USERS
    require(request, reg.capability, Action.VIEW)
    qs = within_division(reg.base_queryset(request.user), request.user, filters.division)
    return filtered(reg, qs, filter_params(filters))


@router.get("/users/{user_id}", response={200: UserOut, **READ_ERRORS}, tags=["users"],
            url_name="user-detail")
def user_get(request, user_id: int):
    reg = registers.USERS
    account = reg.access(request.user, user_id)
    require(request, reg.capability, Action.VIEW)
    return account


def _division_ref(division):
    if division is None:
        return None
    return {"code": division.code, "name": division.name, "level": division.level}


@router.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["me"], url_name="me")
def me(request):
    """The caller: role, home and active division, and what each capability allows them to do."""
    user = request.user
    granted = []
    for cap in capabilities():
        actions = [a for a in Action.values if a in cap.grants.get(user.role, frozenset())]
        if actions:
            granted.append({"code": cap.code, "label": str(cap.label), "actions": actions})
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": str(user),
        "role": user.role,
        "role_label": str(Role(user.role).label) if user.role in Role.values else user.role,
        "division": _division_ref(user.division),
        "active_division": _division_ref(scope_division(user)),
        "language": user.language,
        "capabilities": granted,
    }
