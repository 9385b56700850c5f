"""Pages: the resource map (资源一张图) and "nearest resources" for a point or a village."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.audit.signals import record_denied
from yingji.core.geo import BoundingBox
from yingji.core.navigation import nav_entry
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.divisions.models import Division
from yingji.resources import permissions, selectors
from yingji.resources.layers import layer_for, layers_for

nav_entry(label=gettext_lazy("资源一张图"), url_name="resource-map", capability=permissions.MAP.code,
          group=gettext_lazy("应急资源"), order=30)
nav_entry(label=gettext_lazy("就近查找资源"), url_name="resource-nearest", capability=permissions.MAP.code,
          group=gettext_lazy("应急资源"), order=30)

DEFAULT_CENTRE = (35.66, 103.39)  # the demo county, when a division has no coordinates at all


def _require(request) -> None:
    if not has_permission(request.user, permissions.MAP.code, Action.VIEW):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _centre(user) -> tuple[float, float]:
    division = getattr(user, "active_division", None) or scope_division(user)
    if division is None:
        return DEFAULT_CENTRE
    if division.latitude is not None and division.longitude is not None:
        return float(division.latitude), float(division.longitude)
    mean = Division.objects.within(division).exclude(latitude=None).aggregate(lat=Avg("latitude"), lng=Avg("longitude"))
    return (float(mean["lat"]), float(mean["lng"])) if mean["lat"] is not None else DEFAULT_CENTRE


def _layers_json(user) -> list[dict]:
    return [{"key": layer.key, "label": str(layer.label), "colour": layer.colour} for layer in layers_for(user)]


@login_required
def resource_map(request):
    _require(request)
    lat, lng = _centre(request.user)
    return render(request, "resources/map.html", {
        "title": _("资源一张图"), "layers": _layers_json(request.user), "centre": [lat, lng]})


def parse_box(text: str) -> BoundingBox | None:
    try:
        south, west, north, east = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        return None
    return BoundingBox(south, north, west, east)


@login_required
def map_points(request):
    _require(request)
    layer = layer_for(request.user, request.GET.get("layer", ""))
    box = parse_box(request.GET.get("bbox", ""))
    try:
        zoom = int(request.GET.get("zoom", "10"))
    except ValueError:
        zoom = -1
    if layer is None or box is None or not 0 <= zoom <= 20:
        return JsonResponse({"message": _("参数有误：需要图层、范围(南,西,北,东)和缩放级别。")}, status=400)
    return JsonResponse({"layer": layer.key, "points": selectors.map_points(request.user, layer, box, zoom)})


def resolve_place(user, params) -> tuple[float | None, float | None, Division | None, str]:
    """A point from lat/lng or from a village (code or exact name) in the user's subtree; an error text."""
    village_text = (params.get("village") or "").strip()
    if village_text:
        villages = Division.objects.visible_to(user).exclude(latitude=None)
        found = list(villages.filter(code=village_text)[:1]) or list(villages.filter(name=village_text)[:2])
        if len(found) != 1:
            return None, None, None, (_("找不到“%(text)s”，或有重名，请填村(社区)的区划代码。") % {"text": village_text})
        return float(found[0].latitude), float(found[0].longitude), found[0], ""
    try:
        lat, lng = Decimal(params.get("lat", "")), Decimal(params.get("lng", ""))
    except InvalidOperation:
        return None, None, None, ""
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None, None, _("经纬度超出范围。")
    return float(lat), float(lng), None, ""


@login_required
def nearest_view(request):
    _require(request)
    layers = layers_for(request.user)
    layer = layer_for(request.user, request.GET.get("layer", "")) or (layers[0] if layers else None)
    lat, lng, village, error = resolve_place(request.user, request.GET)
    try:
        count = max(1, min(int(request.GET.get("n", "5")), selectors.MAX_NEAREST))
    except ValueError:
        count = 5
    options = {o.name: request.GET.get(o.name, "") for o in (layer.options if layer else ())}
    results = None
    if layer is not None and lat is not None:
        results = selectors.nearest_resources(request.user, layer, lat, lng, count,
                                              {k: v for k, v in options.items() if v})
    option_fields = [{"name": o.name, "label": o.label, "value": options.get(o.name, ""),
                      "choices": o.choices(request.user) if o.choices else None}
                     for o in (layer.options if layer else ())]
    return render(request, "resources/nearest.html", {
        "title": _("就近查找资源"), "layers": layers, "layer": layer, "option_fields": option_fields,
        "lat": lat, "lng": lng, "village": village, "village_text": request.GET.get("village", ""),
        "count": count, "error": error, "results": results, "origin": [lat, lng],
        "markers": [{"lat": r.latitude, "lng": r.longitude, "title": r.title, "distance": r.distance_km}
                    for r in results or []],
    })
