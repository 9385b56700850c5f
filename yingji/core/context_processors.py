from yingji.core.navigation import nav_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_groups": nav_for(user), "active_division": getattr(user, "active_division", None)}
