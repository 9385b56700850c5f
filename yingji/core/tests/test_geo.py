"""`nearest()` must give exactly what a scan of every row gives, reading only a box of rows."""

import math
import random

import pytest

from yingji.core.geo import bounding_box, distance_km, nearest, rank_by_distance
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import two_townships


def test_distance_of_one_degree_of_latitude_is_111_km():
    assert distance_km(35, 103, 36, 103) == pytest.approx(111.2, abs=0.1)
    assert distance_km(35.5, 103.4, 35.5, 103.4) == 0


def test_bounding_box_holds_every_point_of_the_circle():
    box = bounding_box(35.6, 103.4, 10)
    for bearing in range(0, 360, 5):
        # Points 9.99 km away in every direction lie inside the box.
        dlat = 9.99 * math.cos(math.radians(bearing)) / 111.195
        dlng = 9.99 * math.sin(math.radians(bearing)) / (111.195 * math.cos(math.radians(35.6 + dlat)))
        lat, lng = 35.6 + dlat, 103.4 + dlng
        assert box.min_lat <= lat <= box.max_lat and box.min_lng <= lng <= box.max_lng


@pytest.mark.django_db
def test_nearest_equals_a_brute_force_ranking():
    world = two_townships()
    rng = random.Random(7)
    town = world.tree["town_a"]
    created = []
    for i in range(60):
        created.append(Division.objects.create(
            code=f"{town.code[:9]}{300 + i:03d}", name=f"村{i}", level=Division.Level.VILLAGE, parent=town,
            latitude=round(35 + rng.uniform(-1.5, 1.5), 6), longitude=round(103 + rng.uniform(-1.5, 1.5), 6)))
    queryset = Division.objects.filter(pk__in=[d.pk for d in created])
    for lat, lng in ((35.0, 103.0), (36.4, 101.6), (33.0, 103.0)):
        expected = rank_by_distance(list(queryset), lat, lng)
        for n in (1, 5, 20):
            got = nearest(queryset, lat, lng, n, start_radius_km=2)
            assert [near.obj.pk for near in got] == [near.obj.pk for near in expected[:n]]
    assert nearest(queryset, 35.0, 103.0, 5, max_radius_km=1) == [
        near for near in rank_by_distance(list(queryset), 35.0, 103.0) if near.distance_km <= 1][:5]


@pytest.mark.django_db
def test_grid_clusters_count_every_point_once_and_show_few_points_themselves():
    from yingji.core.geo import grid_clusters

    world = two_townships()
    town = world.tree["town_a"]
    rng = random.Random(3)
    for i in range(120):
        Division.objects.create(code=f"{town.code[:9]}{400 + i:03d}", name=f"点{i}", level=Division.Level.VILLAGE,
                                parent=town, latitude=round(35 + rng.uniform(0, 2), 6),
                                longitude=round(103 + rng.uniform(0, 2), 6))
    queryset = Division.objects.filter(name__startswith="点")
    box = bounding_box(36, 104, 200)
    clusters = grid_clusters(queryset, box, zoom=7, max_points=50)
    assert sum(c.count for c in clusters) == 120
    assert 1 < len(clusters) < 120 and all(c.pk is None for c in clusters)
    singles = grid_clusters(queryset, box, zoom=7, max_points=500)
    assert sorted(c.pk for c in singles) == sorted(queryset.values_list("pk", flat=True))
