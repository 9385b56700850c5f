"""What the map and the "nearest" search show: always through a layer's own scoped queryset."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yingji.core.geo import BoundingBox, grid_clusters, nearest
from yingji.resources.layers import MapLayer

MAX_NEAREST = 50


@dataclass(frozen=True)
class Found:
    layer: str
    pk: int
    latitude: float
    longitude: float
    distance_km: float | None
    title: str
    detail: str
    url: str


def map_points(user, layer: MapLayer, box: BoundingBox, zoom: int) -> list[dict]:
    """Markers for one layer in the visible box: records when few, counted grid cells when many."""
    queryset = layer.queryset(user)
    clusters = grid_clusters(queryset, box, zoom)
    singles = {c.pk: c for c in clusters if c.pk is not None}
    described = {obj.pk: layer.describe(obj) for obj in queryset.filter(pk__in=singles)} if singles else {}
    points = []
    for cluster in clusters:
        point = {"lat": cluster.latitude, "lng": cluster.longitude, "count": cluster.count}
        if cluster.pk is not None and cluster.pk in described:
            point.update(pk=cluster.pk, **described[cluster.pk])
        points.append(point)
    return points


def nearest_resources(user, layer: MapLayer, lat: float | Decimal, lng: float | Decimal, n: int = 5,
                      options: dict | None = None, max_radius_km: float = 300) -> list[Found]:
    queryset = layer.queryset(user)
    if layer.narrow is not None and options:
        queryset = layer.narrow(queryset, options)
    found = nearest(queryset, lat, lng, max(1, min(n, MAX_NEAREST)), max_radius_km=max_radius_km)
    results = []
    for near in found:
        description = layer.describe(near.obj)
        results.append(Found(layer=layer.key, pk=near.obj.pk, latitude=float(near.obj.latitude),
                             longitude=float(near.obj.longitude), distance_km=round(near.distance_km, 2),
                             title=description.get("title", ""), detail=description.get("detail", ""),
                             url=description.get("url", "")))
    return results
