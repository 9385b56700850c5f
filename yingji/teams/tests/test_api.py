"""/api/v1/teams: filters (subtree, speciality, kind, under-staffed), writes through the services with
their checks, summary and coverage gaps."""

import pytest

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import PersonFactory, UserFactory, two_townships
from yingji.teams.models import Speciality, Team
from yingji.teams.rules import Kind, Level
from yingji.teams.tests.factories import InfoOfficerFactory, TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return two_townships()


def test_list_filters_by_subtree_speciality_kind_and_under_staffing(world):
    village = world.tree["village_a"]  # large: 25
    short = TeamFactory(division=village, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE, name="锁南村响应队")
    short.specialities.add(Speciality.objects.get(code="flood"))
    TeamMemberFactory(team=short, person=world.person_a)
    town = TeamFactory(division=world.tree["town_a"], name="锁南镇专职队")
    TeamFactory(division=world.tree["town_b"], name="达板镇专职队")
    client = token_client(world.county_user)

    def names(**params):
        return {t["name"] for t in client.get("/api/v1/teams", params).json()["items"]}

    assert names() == {"锁南村响应队", "锁南镇专职队", "达板镇专职队"}
    assert names(division=world.tree["town_a"].code) == {"锁南村响应队", "锁南镇专职队"}
    assert names(speciality="flood") == {"锁南村响应队"}
    assert names(kind="township_full_time") == {"锁南镇专职队", "达板镇专职队"}
    assert names(understaffed="true") == {"锁南村响应队"}
    detail = client.get(f"/api/v1/teams/{short.pk}").json()
    assert (detail["member_count"], detail["norm"], detail["under_staffed"], detail["specialities"]) == (
        1, 25, True, ["flood"])
    assert client.get(f"/api/v1/teams/{town.pk}").json()["norm"] is None
    assert token_client(world.user_a).get("/api/v1/teams", {"division": world.tree["town_b"].code}).json()[
        "items"] == []


def test_create_and_update_go_through_the_services(world):
    client = token_client(world.user_a)
    body = {"division": world.tree["town_a"].code, "name": "锁南镇专职救援队", "level": "township",
            "kind": "township_full_time", "specialities": ["flood", "water"], "leader": world.person_a.pk,
            "latitude": "35.66", "longitude": "103.39"}
    created = client.post_json("/api/v1/teams", body)
    assert created.status_code == 201 and sorted(created.json()["specialities"]) == ["flood", "water"]
    pk = created.json()["id"]
    assert AuditEntry.objects.filter(action="teams.team.created", object_pk=str(pk)).exists()

    unknown = client.post_json("/api/v1/teams", {**body, "name": "二队", "specialities": ["flying"]})
    assert unknown.status_code == 422 and list(unknown.json()["errors"]) == ["specialities"]
    foreign = client.post_json("/api/v1/teams", {**body, "name": "三队", "leader": world.person_b.pk})
    assert foreign.status_code == 422 and list(foreign.json()["errors"]) == ["leader"]
    wrong_level = client.post_json("/api/v1/teams", {**body, "name": "四队", "kind": "village_response"})
    assert wrong_level.status_code == 400 and "division" in wrong_level.json()["errors"]
    half_position = client.post_json("/api/v1/teams", {**body, "name": "五队", "longitude": None})
    assert half_position.status_code == 400

    patched = client.patch_json(f"/api/v1/teams/{pk}", {"readiness": "deployed", "specialities": ["fire"]})
    assert patched.status_code == 200 and patched.json()["readiness"] == "deployed"
    assert patched.json()["specialities"] == ["fire"] and patched.json()["leader"] == world.person_a.pk
    assert Team.objects.count() == 1


def test_members_and_officers_through_the_api(world):
    client = token_client(world.user_a)
    team = TeamFactory(division=world.tree["town_a"])
    other = TeamFactory(division=world.tree["town_b"])
    added = client.post_json("/api/v1/teams/members", {"team": team.pk, "person": world.person_a.pk,
                                                       "origin": "militia"})
    assert added.status_code == 201 and added.json()["division"] == world.tree["town_a"].code
    twice = client.post_json("/api/v1/teams/members", {"team": team.pk, "person": world.person_a.pk,
                                                       "origin": "militia"})
    assert twice.status_code == 400
    assert client.post_json("/api/v1/teams/members", {"team": other.pk, "person": world.person_a.pk,
                                                      "origin": "militia"}).status_code == 422
    assert client.post_json("/api/v1/teams/members", {"team": team.pk, "person": world.person_b.pk,
                                                      "origin": "militia"}).status_code == 422
    assert [m["person_name"] for m in client.get("/api/v1/teams/members", {"team": team.pk}).json()["items"]] == [
        world.person_a.name]

    officer = client.post_json("/api/v1/teams/info-officers", {"division": world.tree["village_a"].code,
                                                               "person": world.person_a.pk, "kind": "grid_worker"})
    assert officer.status_code == 201
    assert client.post_json("/api/v1/teams/info-officers", {"division": world.tree["town_a"].code,
                                                            "person": world.person_a.pk}).status_code == 400
    trained = client.patch_json(f"/api/v1/teams/info-officers/{officer.json()['id']}",
                                {"training_status": "trained", "trained_on": "2026-04-20"})
    assert trained.status_code == 200 and trained.json()["training_status"] == "trained"
    assert client.patch_json(f"/api/v1/teams/info-officers/{officer.json()['id']}",
                             {"person": world.person_b.pk}).status_code == 422
    member = client.patch_json(f"/api/v1/teams/members/{added.json()['id']}", {"origin": "veteran"})
    assert member.status_code == 200 and member.json()["origin"] == "veteran"
    gaps = client.get("/api/v1/teams/coverage-gaps").json()["items"]
    assert gaps == []
    county = token_client(world.county_user)
    assert [v["code"] for v in county.get("/api/v1/teams/coverage-gaps").json()["items"]] == [
        world.tree["village_b"].code]


def test_summary_endpoint_and_roles_without_write(world):
    TeamFactory(division=world.tree["town_a"])
    county = token_client(world.county_user)
    rows = {r["key"]: r["teams"] for r in county.get("/api/v1/teams/summary").json()}
    assert rows["township"] == 1
    assert county.get("/api/v1/teams/summary", {"division": world.tree["town_b"].code}).json()[1]["teams"] == 0
    assert token_client(world.user_a).get("/api/v1/teams/summary",
                                           {"division": world.tree["town_b"].code}).status_code == 422
    leader = token_client(UserFactory(division=world.tree["county"], role=Role.LEADER))
    assert leader.get("/api/v1/teams").status_code == 200
    assert leader.post_json("/api/v1/teams", {"division": world.tree["town_a"].code, "name": "x", "level": "county",
                                              "kind": "volunteer"}).status_code == 403


def test_team_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    for i in range(8):
        village = Division.objects.create(code=f"{world.tree['town_a'].code[:9]}{400 + i:03d}", name=f"村{i}",
                                          level="village", parent=world.tree["town_a"], size_class="small")
        team = TeamFactory(division=village, level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE)
        team.specialities.add(*Speciality.objects.all()[:2])
        TeamMemberFactory(team=team, person=PersonFactory(division=village))
        InfoOfficerFactory(division=village, person=PersonFactory(division=village))
    client = token_client(world.user_a)
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/teams").json()["items"]) == 8
