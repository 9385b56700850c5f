"""Reads for shelters: coverage of villages within the service radius, township risk zones against the
shelter class they require, free places, the public list, and a shelter's photos."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from yingji.core.geo import KM_PER_DEGREE_LATITUDE, bounding_box, distance_km
from yingji.divisions.models import Division
from yingji.shelters import rules
from yingji.shelters.models import Shelter, ShelterPhoto
from yingji.shelters.rules import DURATION_RANK, REQUIRED_DURATION_BY_RISK_ZONE, Duration, Status, Tier

OPEN = ~Q(status=Status.CLOSED)


def with_free_places(queryset: QuerySet) -> QuerySet:
    """Annotate `free` = capacity − occupancy for shelters that are not closed (0 when closed)."""
    return queryset.annotate(free=F("capacity") - F("occupancy"))


def having_free_places(queryset: QuerySet, at_least: int) -> QuerySet:
    return with_free_places(queryset.filter(OPEN)).filter(free__gte=max(at_least, 1))


@dataclass
class VillageCoverage:
    village: Division
    nearest_km: float | None  # to the nearest open shelter, if one lies within the search box
    shelters_in_village: int

    @property
    def covered(self) -> bool:
        return self.nearest_km is not None


@dataclass
class Coverage:
    radius_km: float
    villages: list[VillageCoverage]
    unlocated: list[Division]  # villages without coordinates: they cannot be checked

    @property
    def gaps(self) -> list[VillageCoverage]:
        return [v for v in self.villages if not v.covered]


def village_coverage(division: Division, radius_km: float = rules.SERVICE_RADIUS_KM) -> Coverage:
    """Villages under `division` with no open shelter within `radius_km` of their centre.

    Two queries whatever the size: the villages, and the open shelters in the villages' box widened by
    the radius — every shelter, not only those under `division`, because a village near a border is
    served by the shelter across it (only the villages, never those shelters, are shown). The shelters
    go into a grid of radius-sized cells, so each village compares itself with the few shelters of the
    nine cells around it.
    """
    villages = list(Division.objects.within(division).filter(level=Division.Level.VILLAGE)
                    .annotate(shelter_count=Count("shelters", filter=Q(shelters__deleted_at__isnull=True)))
                    .order_by("code"))
    located = [v for v in villages if v.latitude is not None and v.longitude is not None]
    unlocated = [v for v in villages if v.latitude is None or v.longitude is None]
    result = Coverage(radius_km=radius_km, villages=[], unlocated=unlocated)
    if not located:
        return result
    lats = [float(v.latitude) for v in located]
    lngs = [float(v.longitude) for v in located]
    south = bounding_box(min(lats), min(lngs), radius_km)
    north = bounding_box(max(lats), max(lngs), radius_km)
    points = (Shelter.objects.filter(OPEN, latitude__gte=south.min_lat, latitude__lte=north.max_lat,
                                     longitude__gte=min(south.min_lng, north.min_lng),
                                     longitude__lte=max(south.max_lng, north.max_lng))
              .values_list("latitude", "longitude"))
    cell_lat = radius_km / KM_PER_DEGREE_LATITUDE
    widest = min(89.9, max(abs(x) for x in lats) + cell_lat)
    cell_lng = radius_km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(widest)))
    grid: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for lat, lng in points:
        lat, lng = float(lat), float(lng)
        grid[(math.floor(lat / cell_lat), math.floor(lng / cell_lng))].append((lat, lng))
    for village in located:
        lat, lng = float(village.latitude), float(village.longitude)
        row, col = math.floor(lat / cell_lat), math.floor(lng / cell_lng)
        distances = [distance_km(lat, lng, s_lat, s_lng)
                     for dr in (-1, 0, 1) for dc in (-1, 0, 1) for s_lat, s_lng in grid.get((row + dr, col + dc), ())]
        inside = [d for d in distances if d <= radius_km]
        result.villages.append(VillageCoverage(village, min(inside) if inside else None, village.shelter_count))
    return result


@dataclass
class TownshipRequirement:
    township: Division
    required: str | None  # a Duration, or None when the township has no risk zone
    best: str | None  # the longest duration among its open township-level (or higher) shelters
    shelters: int
    capacity: int

    @property
    def required_label(self) -> str:
        return Duration(self.required).label if self.required else ""

    @property
    def best_label(self) -> str:
        return Duration(self.best).label if self.best else ""

    @property
    def met(self) -> bool:
        if self.required is None:
            return self.best is not None
        return self.best is not None and DURATION_RANK[self.best] >= DURATION_RANK[self.required]


def township_requirements(division: Division) -> list[TownshipRequirement]:
    """Each township's risk zone (seed 003) against the longest-stay open shelter of township tier or
    above in it: one query for the townships, one grouped query for their shelters."""
    townships = list(Division.objects.within(division).filter(level=Division.Level.TOWNSHIP).order_by("code"))
    rows = (Shelter.objects.within(division).filter(OPEN)
            .exclude(tier=Tier.VILLAGE)
            .values("division__code", "duration").annotate(n=Count("id"), places=Sum("capacity")))
    by_township: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_township[row["division__code"][:9]].append(row)
    result = []
    for township in townships:
        found = by_township.get(township.code[:9], [])
        durations = [r["duration"] for r in found]
        best = max(durations, key=lambda d: DURATION_RANK[Duration(d)]) if durations else None
        result.append(TownshipRequirement(
            township=township, required=REQUIRED_DURATION_BY_RISK_ZONE.get(township.risk_zone),
            best=best, shelters=sum(r["n"] for r in found), capacity=sum(r["places"] or 0 for r in found)))
    return result


def totals(queryset: QuerySet) -> dict:
    return queryset.aggregate(
        shelters=Count("id"), capacity=Sum("capacity", filter=OPEN), occupancy=Sum("occupancy"),
        in_use=Count("id", filter=Q(status=Status.IN_USE)), closed=Count("id", filter=Q(status=Status.CLOSED)),
        registered=Count("id", filter=Q(national_registered=True)))


def public_shelters() -> QuerySet:
    """What the public portal lists: shelters that are open, with where they are and what they offer."""
    return with_free_places(Shelter.objects.filter(OPEN).select_related("division")).order_by("division__code",
                                                                                               "name")


def photos_of(shelter: Shelter) -> QuerySet[ShelterPhoto]:
    """The shelter's photos in their order (deleted ones left out). The caller has already checked that the
    user may see the shelter: photos are reached only through it."""
    return shelter.photos.select_related("uploaded_by").order_by("order", "id")


def photo_of(shelter: Shelter, photo_id) -> ShelterPhoto:
    """One photo of a shelter the caller may see; the same 404 for missing, deleted or another shelter's."""
    try:
        return photos_of(shelter).get(pk=photo_id)
    except (ShelterPhoto.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
