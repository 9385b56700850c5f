"""The resource map and "nearest" search, through a layer of villages: they show only the caller's
subtree, answer like a brute-force ranking, cluster when there are many, and check their input."""

import random

import pytest
from django.urls import reverse

from yingji.core.geo import rank_by_distance
from yingji.core.permissions import Role
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import UserFactory, two_townships
from yingji.resources import layers
from yingji.resources.layers import MapLayer, NearestOption

pytestmark = pytest.mark.django_db


def _describe(village):
    return {"title": village.name, "detail": village.get_size_class_display(), "url": ""}


VILLAGES = MapLayer(
    key="test-villages", label="村", capability="divisions.division", colour="#2a7",
    queryset=lambda user: Division.objects.visible_to(user).filter(level="village").exclude(latitude=None),
    describe=_describe,
    options=[NearestOption("size", "村规模", lambda user: list(Division.SizeClass.choices))],
    narrow=lambda qs, options: qs.filter(size_class=options["size"]) if options.get("size") else qs,
)


@pytest.fixture
def world():
    layers.all_layers()  # discover the real layers first, so the test layer is added, not replaced
    layers._LAYERS[VILLAGES.key] = VILLAGES
    world = two_townships()
    rng = random.Random(11)
    for town_key in ("town_a", "town_b"):
        town = world.tree[town_key]
        for i in range(40):
            Division.objects.create(
                code=f"{town.code[:9]}{500 + i:03d}", name=f"{town.name}{i}村", level="village", parent=town,
                size_class=rng.choice(["large", "medium", "small"]),
                latitude=round(35.5 + rng.uniform(-0.3, 0.3), 6), longitude=round(103.4 + rng.uniform(-0.3, 0.3), 6))
    yield world
    layers._LAYERS.pop(VILLAGES.key, None)


def test_nearest_answers_like_a_brute_force_ranking_of_the_users_subtree(client, world):
    client.force_login(world.user_a)
    response = client.get(reverse("resource-nearest"), {"layer": VILLAGES.key, "lat": "35.5", "lng": "103.4",
                                                        "n": "7", "size": "large"})
    assert response.status_code == 200
    mine = Division.objects.within(world.tree["town_a"]).filter(level="village", size_class="large")
    expected = [near.obj.name for near in rank_by_distance(mine.exclude(latitude=None), 35.5, 103.4)[:7]]
    assert [r.title for r in response.context["results"]] == expected
    assert all(world.tree["town_b"].name not in r.title for r in response.context["results"])


def test_nearest_from_a_village_and_its_errors(client, world):
    client.force_login(world.user_a)
    start = Division.objects.within(world.tree["town_a"]).filter(level="village").exclude(latitude=None).first()
    response = client.get(reverse("resource-nearest"), {"layer": VILLAGES.key, "village": start.code, "n": "1"})
    assert [r.title for r in response.context["results"]] == [start.name]
    assert response.context["results"][0].distance_km == 0
    sibling = Division.objects.within(world.tree["town_b"]).filter(level="village").first()
    response = client.get(reverse("resource-nearest"), {"layer": VILLAGES.key, "village": sibling.code})
    assert response.context["results"] is None and "找不到" in response.context["error"]


def test_map_points_cluster_many_and_never_leave_the_subtree(client, world):
    client.force_login(world.user_a)
    url = reverse("resource-map-points")
    box = "34,102,37,105"
    few = client.get(url, {"layer": VILLAGES.key, "bbox": box, "zoom": "9"}).json()["points"]
    mine = Division.objects.within(world.tree["town_a"]).filter(level="village").exclude(latitude=None)
    assert sorted(p["pk"] for p in few) == sorted(mine.values_list("pk", flat=True))
    from yingji.resources import selectors

    original = selectors.grid_clusters
    selectors.grid_clusters = lambda qs, b, z: original(qs, b, z, max_points=10)
    try:
        many = client.get(url, {"layer": VILLAGES.key, "bbox": box, "zoom": "9"}).json()["points"]
    finally:
        selectors.grid_clusters = original
    assert sum(p["count"] for p in many) == mine.count() and len(many) < mine.count()
    assert client.get(url, {"layer": VILLAGES.key, "bbox": "a,b", "zoom": "9"}).status_code == 400
    assert client.get(url, {"layer": "nope", "bbox": box, "zoom": "9"}).status_code == 400


def test_a_layer_is_shown_only_to_roles_that_may_view_its_register(client, world):
    import dataclasses

    accounts = dataclasses.replace(VILLAGES, key="test-accounts", capability="divisions.user")
    layers._LAYERS[accounts.key] = accounts
    try:
        admin = UserFactory(division=world.tree["county"], role=Role.ADMIN)
        assert layers.layer_for(admin, accounts.key) is not None
        assert layers.layer_for(world.user_a, accounts.key) is None
        client.force_login(world.user_a)
        refused = client.get(reverse("resource-map-points"), {"layer": accounts.key, "bbox": "34,102,37,105"})
        assert refused.status_code == 400
    finally:
        layers._LAYERS.pop(accounts.key)


def test_map_page_and_api(client, world):
    client.force_login(world.user_a)
    page = client.get(reverse("resource-map"))
    assert page.status_code == 200 and VILLAGES.key in page.content.decode()
    found = client.get("/api/v1/resources/nearest", {"layer": VILLAGES.key, "lat": 35.5, "lng": 103.4, "n": 3}).json()
    assert len(found) == 3 and found[0]["distance_km"] <= found[1]["distance_km"] <= found[2]["distance_km"]
    assert client.get("/api/v1/resources/nearest", {"layer": VILLAGES.key}).status_code == 422
    listed = client.get("/api/v1/resources/layers").json()
    assert VILLAGES.key in [layer["key"] for layer in listed]
