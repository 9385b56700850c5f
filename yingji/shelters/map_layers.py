"""Shelters on the resource map and in the "nearest" search, narrowed to those with free places."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.resources.layers import MapLayer, NearestOption, map_layer
from yingji.shelters import permissions, selectors
from yingji.shelters.models import Shelter


def _describe(shelter) -> dict:
    return {"title": shelter.name,
            "detail": _("%(kind)s · %(status)s · 可容纳 %(capacity)s 人，空余 %(free)s") % {
                "kind": shelter.get_kind_display(), "status": shelter.get_status_display(),
                "capacity": shelter.capacity, "free": shelter.free_places},
            "url": reverse("shelters-detail", args=[shelter.pk])}


def _narrow(queryset, options: dict):
    try:
        wanted = int(options.get("free") or 0)
    except ValueError:
        wanted = 0
    return selectors.having_free_places(queryset, wanted) if wanted > 0 else queryset.filter(selectors.OPEN)


map_layer(MapLayer(
    key="shelters", label=gettext_lazy("避难场所"), capability=permissions.SHELTERS.code, colour="#1a7f37",
    queryset=lambda user: Shelter.objects.visible_to(user).exclude(latitude=None).exclude(longitude=None),
    describe=_describe,
    options=[NearestOption("free", gettext_lazy("至少空余床位(人)"))],
    narrow=_narrow,
))
