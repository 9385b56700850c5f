"""Distances and "nearest N" over records with latitude/longitude columns, without scanning every row.

`nearest()` asks the database only for rows inside a bounding box (a range on an indexed latitude
column plus a longitude range), ranks those few in Python by great-circle distance, and widens the box
until it holds N rows that are truly within its inscribed circle — so the answer is exact, and the rows
read grow with the density around the point, not with the size of the table. Models that use it
declare `models.Index(fields=["latitude", "longitude"])`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


def distance_km(lat1: float | Decimal, lng1: float | Decimal, lat2: float | Decimal, lng2: float | Decimal) -> float:
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lng2) - float(lng1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float

    def filter(self, queryset: QuerySet, lat_field: str = "latitude", lng_field: str = "longitude") -> QuerySet:
        return queryset.filter(**{
            f"{lat_field}__gte": self.min_lat, f"{lat_field}__lte": self.max_lat,
            f"{lng_field}__gte": self.min_lng, f"{lng_field}__lte": self.max_lng,
        })


def bounding_box(lat: float | Decimal, lng: float | Decimal, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding every point within `radius_km` (China never
    reaches a pole or the antimeridian, so neither is handled)."""
    lat, lng = float(lat), float(lng)
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    # The widest longitude span is at the box edge nearest the pole.
    widest = min(89.9, abs(lat) + dlat)
    dlng = radius_km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(widest)))
    return BoundingBox(lat - dlat, lat + dlat, lng - dlng, lng + dlng)


@dataclass(frozen=True)
class Near:
    obj: Any
    distance_km: float


def rank_by_distance(objs: Iterable[Any], lat: float | Decimal, lng: float | Decimal,
                     lat_attr: str = "latitude", lng_attr: str = "longitude") -> list[Near]:
    ranked = [Near(o, distance_km(lat, lng, getattr(o, lat_attr), getattr(o, lng_attr)))
              for o in objs if getattr(o, lat_attr) is not None and getattr(o, lng_attr) is not None]
    ranked.sort(key=lambda n: n.distance_km)
    return ranked


def nearest(queryset: QuerySet, lat: float | Decimal, lng: float | Decimal, n: int = 5, *,
            start_radius_km: float = 5.0, max_radius_km: float = 500.0,
            lat_field: str = "latitude", lng_field: str = "longitude") -> list[Near]:
    """The `n` rows of `queryset` nearest to the point, nearest first, each with its distance; rows
    farther than `max_radius_km` are never returned. Filter the queryset first (kind, speciality,
    free capacity, scope): the box is applied on top."""
    radius = start_radius_km
    while True:
        box = bounding_box(lat, lng, radius)
        ranked = rank_by_distance(box.filter(queryset, lat_field, lng_field), lat, lng, lat_field, lng_field)
        within = [near for near in ranked if near.distance_km <= radius]
        if len(within) >= n or radius >= max_radius_km:
            return [near for near in within if near.distance_km <= max_radius_km][:n]
        radius = min(max_radius_km, radius * 2 if within else radius * 4)


@dataclass(frozen=True)
class Cluster:
    latitude: float
    longitude: float
    count: int
    pk: int | None = None  # set when the cluster is a single record


def grid_clusters(queryset: QuerySet, box: BoundingBox, zoom: int, *, max_points: int = 400,
                  lat_field: str = "latitude", lng_field: str = "longitude") -> list[Cluster]:
    """What a map at `zoom` shows inside `box`: the records themselves when there are few, otherwise one
    marker per grid cell (about a quarter of a 256-pixel tile) with its count at the cells' mean
    position — counted by the database, so a province of points costs one GROUP BY, not a download."""
    from django.db.models import Avg, Count, FloatField
    from django.db.models.functions import Cast, Floor

    inside = box.filter(queryset, lat_field, lng_field)
    if inside.count() <= max_points:
        return [Cluster(float(lat), float(lng), 1, pk)
                for pk, lat, lng in inside.values_list("pk", lat_field, lng_field)]
    cell = 360 / (2 ** max(0, min(zoom, 20))) / 4
    cells = (inside.annotate(
        cell_y=Floor(Cast(lat_field, FloatField()) / cell), cell_x=Floor(Cast(lng_field, FloatField()) / cell))
        .values("cell_y", "cell_x")
        .annotate(n=Count("pk"), lat=Avg(Cast(lat_field, FloatField())), lng=Avg(Cast(lng_field, FloatField())))
        .order_by())
    return [Cluster(row["lat"], row["lng"], row["n"]) for row in cells]
