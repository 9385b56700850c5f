"""/api/v1/resources: the map layers, their markers for a box, and the nearest resources to a point."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Schema

from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, field_error
from yingji.core.permissions import Action
from yingji.resources import permissions, selectors
from yingji.resources.layers import layer_for, layers_for
from yingji.resources.views import parse_box, resolve_place

router = Router(tags=["resources"])


class LayerOut(Schema):
    key: str
    label: str
    colour: str
    options: list[str]


def _layer(request, key: str):
    layer = layer_for(request.user, key)
    if layer is None:
        raise field_error("layer", _("未知图层或无权查看。"), code="unknown_layer")
    return layer


@router.get("/resources/layers", response={200: list[LayerOut], **READ_ERRORS}, url_name="resource-layers-api")
def layers(request):
    require(request, permissions.MAP.code, Action.VIEW)
    return [{"key": layer.key, "label": str(layer.label), "colour": layer.colour,
             "options": [o.name for o in layer.options]} for layer in layers_for(request.user)]


@router.get("/resources/points", response={200: dict, **READ_ERRORS}, url_name="resource-points-api")
def points(request, layer: str, bbox: str, zoom: int = 10):
    """Markers in the box `south,west,north,east`: records, or counted grid cells where there are many."""
    require(request, permissions.MAP.code, Action.VIEW)
    chosen = _layer(request, layer)
    box = parse_box(bbox)
    if box is None:
        raise field_error("bbox", _("范围应为“南,西,北,东”四个数。"), code="bad_bbox")
    return {"layer": chosen.key, "points": selectors.map_points(request.user, chosen, box, max(0, min(zoom, 20)))}


@router.get("/resources/nearest", response={200: list[selectors.Found], **READ_ERRORS}, url_name="resource-nearest-api")
def nearest(request, layer: str, lat: float | None = None, lng: float | None = None, village: str = "", n: int = 5):
    """The `n` nearest records of a layer to a point or a village, nearest first, within the caller's
    subtree; layer options (speciality, item and quantity, free places, …) come as further query parameters."""
    require(request, permissions.MAP.code, Action.VIEW)
    chosen = _layer(request, layer)
    params = {"village": village, "lat": "" if lat is None else str(lat), "lng": "" if lng is None else str(lng)}
    point_lat, point_lng, _village, error = resolve_place(request.user, params)
    if point_lat is None:
        raise field_error("village" if village else "lat", error or _("需要经纬度或村(社区)。"), code="no_place")
    options = {o.name: request.GET[o.name] for o in chosen.options if request.GET.get(o.name)}
    return selectors.nearest_resources(request.user, chosen, point_lat, point_lng, n, options)
