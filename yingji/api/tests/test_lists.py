"""Lists: pagination, filters (division subtree, search, choices) and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.models import Organisation, Person
from yingji.divisions.tests.factories import OrganisationFactory, PersonFactory, UserFactory, division

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_list_is_paginated_with_items_and_count(world, client_a):
    extra = PersonFactory.create_batch(4, division=world.tree["village_a"])
    everyone = [world.person_a.pk] + [p.pk for p in extra]

    first = client_a.get("/api/v1/people", {"page_size": 2})
    third = client_a.get("/api/v1/people", {"page_size": 2, "page": 3})
    beyond = client_a.get("/api/v1/people", {"page_size": 2, "page": 9})

    assert first.json()["count"] == 5
    seen = ids(first) + ids(client_a.get("/api/v1/people", {"page_size": 2, "page": 2})) + ids(third)
    assert sorted(seen) == sorted(everyone)
    assert len(ids(third)) == 1
    assert ids(beyond) == []
    assert client_a.get("/api/v1/people", {"page": 0}).status_code == 422


def test_division_filter_is_a_subtree_inside_scope(world, client_a, county_client):
    in_village = PersonFactory(division=world.tree["village_a"])
    village, town_b = world.tree["village_a"].code, world.tree["town_b"].code

    assert ids(client_a.get("/api/v1/people", {"division": village})) == [in_village.pk]
    assert ids(client_a.get("/api/v1/people", {"division": town_b})) == []
    assert ids(client_a.get("/api/v1/people", {"division": "999999999999"})) == []
    whole_county = county_client.get("/api/v1/people", {"division": world.tree["county"].code})
    assert sorted(ids(whole_county)) == sorted([world.person_a.pk, world.person_b.pk, in_village.pk])
    assert ids(county_client.get("/api/v1/organisations", {"division": town_b})) == [world.org_b.pk]


def test_organisation_filters_search_and_kind(world, client_a):
    school = OrganisationFactory(division=world.tree["town_a"], kind=Organisation.Kind.SCHOOL,
                                 name="锁南中学")

    assert ids(client_a.get("/api/v1/organisations", {"q": "中学"})) == [school.pk]
    assert ids(client_a.get("/api/v1/organisations", {"kind": "school"})) == [school.pk]
    assert ids(client_a.get("/api/v1/organisations", {"kind": "emergency_office"})) == [world.org_a.pk]
    bad = client_a.get("/api/v1/organisations", {"kind": "castle"})
    assert bad.status_code == 422 and "kind" in bad.json()["errors"]


def test_people_filters_employment_organisation_and_search(world, client_a):
    volunteer = PersonFactory(division=world.tree["town_a"], name="马志愿",
                              employment=Person.Employment.VOLUNTEER)

    assert ids(client_a.get("/api/v1/people", {"employment": "volunteer"})) == [volunteer.pk]
    assert ids(client_a.get("/api/v1/people", {"organisation": world.org_a.pk})) == [world.person_a.pk]
    assert ids(client_a.get("/api/v1/people", {"organisation": world.org_b.pk})) == []
    assert ids(client_a.get("/api/v1/people", {"q": "马志"})) == [volunteer.pk]


def test_divisions_list_filters_and_detail_by_code(world, client_a, county_client):
    codes = [d["code"] for d in client_a.get("/api/v1/divisions").json()["items"]]
    assert codes == [world.tree["town_a"].code, world.tree["village_a"].code]

    villages = county_client.get("/api/v1/divisions", {"level": "village"}).json()
    assert [d["code"] for d in villages["items"]] == [
        world.tree["village_a"].code, world.tree["village_b"].code]
    assert county_client.get("/api/v1/divisions", {"q": "达板"}).json()["count"] == 2
    small = county_client.get("/api/v1/divisions", {"size_class": "small"}).json()["items"]
    assert [d["code"] for d in small] == [world.tree["village_b"].code]
    assert client_a.get("/api/v1/divisions", {"division": world.tree["town_b"].code}).json()["count"] == 0

    detail = client_a.get(f"/api/v1/divisions/{world.tree['village_a'].code}").json()
    assert detail["parent"] == world.tree["town_a"].code and detail["size_class"] == "large"


def _queries(client, url) -> int:
    client.get(url)  # the first request of a token stamps its last use: one extra UPDATE
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/people", "/api/v1/organisations", "/api/v1/divisions"])
def test_list_query_count_does_not_grow_with_rows(world, client_a, url):
    one = _queries(client_a, url)
    for n in range(20):
        org = OrganisationFactory(division=world.tree["village_a"], name=f"村组织{n}")
        PersonFactory(division=world.tree["village_a"], organisation=org)
        division(f"{world.tree['town_a'].code[:9]}{n + 300:03d}", f"村{n}", "village", world.tree["town_a"])

    assert client_a.get(url, {"page_size": 100}).json()["count"] > 20
    assert _queries(client_a, url) == one


def test_users_list_query_count_does_not_grow_with_rows(world):
    admin = UserFactory(division=world.tree["county"], role=Role.ADMIN)
    client = token_client(admin)
    one = _queries(client, "/api/v1/users")
    for _ in range(20):
        UserFactory(division=world.tree["village_a"], person=PersonFactory(division=world.tree["village_a"]))

    assert client.get("/api/v1/users", {"page_size": 100}).json()["count"] > 20
    assert _queries(client, "/api/v1/users") == one


def test_filter_params_hand_booleans_to_the_lists_as_one_and_zero():
    """core.listing.filtered reads a boolean filter as "1"/"0"; str(True) would read as false."""
    from ninja import Schema

    from yingji.api.access import filter_params

    class Filters(Schema):
        division: str | None = None
        q: str | None = None
        announced: bool | None = None

    assert filter_params(Filters(division="622926000000", q="防汛", announced=True)) == {"q": "防汛", "announced": "1"}
    assert filter_params(Filters(announced=False)) == {"announced": "0"}
    assert filter_params(Filters()) == {}
