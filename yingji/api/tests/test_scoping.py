"""Jurisdiction: township A's callers neither see nor change township B's records, via any route."""

import pytest

from yingji.api.routes import scoped_api_routes
from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.models import Organisation, Person, User
from yingji.divisions.tests.factories import two_townships

pytestmark = pytest.mark.django_db

RECORDS = [("/api/v1/organisations", "org_b", Organisation), ("/api/v1/people", "person_b", Person)]


def _row(model, pk):
    return model._base_manager.filter(pk=pk).values().get()


@pytest.mark.parametrize(("base", "attr", "model"), RECORDS)
def test_other_township_record_is_404_everywhere_and_unchanged(world, client_a, base, attr, model):
    record = getattr(world, attr)
    before = _row(model, record.pk)
    entries_before = AuditEntry.objects.count()
    url = f"{base}/{record.pk}"

    listed = client_a.get(base, {"page_size": 500}).json()
    responses = [client_a.get(url), client_a.patch_json(url, {"name": "改名"}), client_a.delete(url)]

    assert record.pk not in {item["id"] for item in listed["items"]}
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert {r.json()["code"] for r in responses} == {"not_found"}
    assert responses[0].json() == client_a.get(f"{base}/987654").json()  # same as a missing record
    assert _row(model, record.pk) == before
    assert AuditEntry.objects.count() == entries_before


@pytest.mark.parametrize(("base", "attr", "model"), RECORDS)
def test_county_user_sees_both_townships(world, county_client, base, attr, model):
    listed = {item["id"] for item in county_client.get(base).json()["items"]}
    own = getattr(world, attr.replace("_b", "_a"))

    assert {own.pk, getattr(world, attr).pk} <= listed
    assert county_client.get(f"{base}/{getattr(world, attr).pk}").status_code == 200


def test_other_township_division_is_404(world, client_a):
    assert client_a.get(f"/api/v1/divisions/{world.tree['town_b'].code}").status_code == 404
    assert client_a.get(f"/api/v1/divisions/{world.tree['county'].code}").status_code == 404
    assert client_a.get(f"/api/v1/divisions/{world.tree['village_a'].code}").status_code == 200


def test_cannot_create_or_move_records_into_the_other_township(world, client_a):
    town_b = world.tree["town_b"].code

    created = client_a.post_json("/api/v1/organisations",
                                 {"division": town_b, "kind": "department", "name": "越界"})
    moved = client_a.patch_json(f"/api/v1/people/{world.person_a.pk}",
                                {"division": town_b, "organisation": None})
    borrowed = client_a.post_json("/api/v1/people", {"division": world.tree["town_a"].code, "name": "借调",
                                                     "organisation": world.org_b.pk})

    assert created.status_code == 422
    assert created.json()["errors"] == {"division": ["所选区划不在您的管辖范围内。"]}
    assert moved.status_code == 422 and "division" in moved.json()["errors"]
    assert borrowed.status_code == 422 and list(borrowed.json()["errors"]) == ["organisation"]
    assert not Organisation.objects.filter(name="越界").exists()
    assert not Person.objects.filter(name="借调").exists()
    assert Person.objects.get(pk=world.person_a.pk).division == world.tree["town_a"]


def test_admins_see_only_users_of_their_own_subtree():
    world = two_townships(role=Role.ADMIN)
    client = token_client(world.user_a)

    listed = {item["id"] for item in client.get("/api/v1/users").json()["items"]}

    assert listed == {world.user_a.pk}
    assert client.get(f"/api/v1/users/{world.user_b.pk}").status_code == 404
    assert client.get(f"/api/v1/users/{world.county_user.pk}").status_code == 404


def test_scoped_route_matrix_for_an_admin_of_township_a():
    """The helper the cross-app scoping test iterates; checked here on this app's records."""
    world = two_townships(role=Role.ADMIN)
    client = token_client(world.user_a)
    records_b = {"divisions.division": world.tree["town_b"], "divisions.organisation": world.org_b,
                 "divisions.person": world.person_b, "divisions.user": world.user_b}

    for label, list_url, detail_url in scoped_api_routes():
        if label not in records_b:
            continue  # another app's route: covered by core/tests/test_scoping.py
        record = records_b[label]
        key = "code" if label == "divisions.division" else "id"
        before = type(record)._base_manager.filter(pk=record.pk).values().get()
        listed = client.get(list_url, {"page_size": 500}).json()
        url = detail_url.format(pk=getattr(record, key))

        assert getattr(record, key) not in {item[key] for item in listed["items"]}, label
        assert client.get(url).status_code == 404, url
        assert client.patch_json(url, {"name": "x"}).status_code in (404, 405), url
        assert client.delete(url).status_code in (404, 405), url
        assert type(record)._base_manager.filter(pk=record.pk).values().get() == before
    assert User.objects.filter(pk=world.user_b.pk, is_active=True).exists()
