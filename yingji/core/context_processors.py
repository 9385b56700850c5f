from django.conf import settings

from yingji.core.navigation import nav_for


def shell(request):
    """Every page: the tile server for maps (public pages too); signed-in pages: the menu and division."""
    context = {"map_tile_url": settings.YINGJI_MAP_TILE_URL}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    return {**context, "nav_groups": nav_for(user), "active_division": getattr(user, "active_division", None)}
