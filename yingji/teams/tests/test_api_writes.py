"""/api/v1/teams: soft delete of teams, members and information officers, members moved between teams,
and the register filters on the member and officer lists — the web registers' permissions and services,
audited, scoped to the caller's subtree, refusals that write nothing."""

import pytest

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import PersonFactory, UserFactory, two_townships
from yingji.teams.models import InfoOfficer, Team, TeamMember
from yingji.teams.rules import Kind, Level, OfficerKind, Origin, TrainingStatus
from yingji.teams.tests.factories import InfoOfficerFactory, TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = two_townships()
    for key in ("a", "b"):
        town, person = world.tree[f"town_{key}"], getattr(world, f"person_{key}")
        team = TeamFactory(division=town, name=f"{town.name}专职队")
        setattr(world, f"team_{key}", team)
        setattr(world, f"member_{key}", TeamMemberFactory(team=team, person=person, origin=Origin.MILITIA))
        setattr(world, f"officer_{key}", InfoOfficerFactory(division=world.tree[f"village_{key}"], person=person))
    return world


def _row(model, pk):
    return model._base_manager.filter(pk=pk).values().get()


def _writes():
    """Audit entries of teams writes (API token use and refusals are audited too, elsewhere)."""
    return AuditEntry.objects.filter(action__startswith="teams.").count()


def _url(world, kind, key="a"):
    record = getattr(world, f"{kind}_{key}")
    base = {"team": "/api/v1/teams", "member": "/api/v1/teams/members", "officer": "/api/v1/teams/info-officers"}
    return f"{base[kind]}/{record.pk}", type(record), record.pk


# Delete ----------------------------------------------------------------------------------------------------


def test_an_empty_team_is_soft_deleted_and_audited(world):
    api = token_client(world.user_a)
    empty = TeamFactory(division=world.tree["town_a"], name="锁南镇志愿队", kind=Kind.VOLUNTEER)

    deleted = api.delete(f"/api/v1/teams/{empty.pk}")

    assert deleted.status_code == 204 and deleted.content == b""
    assert Team.all_objects.get(pk=empty.pk).deleted_at is not None
    entry = AuditEntry.objects.get(action="teams.team.deleted", object_pk=str(empty.pk))
    assert entry.actor == world.user_a and entry.division_code == world.tree["town_a"].code
    assert api.get(f"/api/v1/teams/{empty.pk}").status_code == 404
    assert empty.pk not in {t["id"] for t in api.get("/api/v1/teams").json()["items"]}


def test_a_team_with_members_is_not_deleted_until_they_are_removed(world):
    api = token_client(world.user_a)
    url = f"/api/v1/teams/{world.team_a.pk}"
    before = _row(Team, world.team_a.pk)

    refused = api.delete(url)

    assert refused.status_code == 400 and refused.json()["code"] == "has_members"
    assert refused.json()["message"] == "队伍还有队员，请先移除队员。"
    assert _row(Team, world.team_a.pk) == before

    assert api.delete(f"/api/v1/teams/members/{world.member_a.pk}").status_code == 204
    assert TeamMember.all_objects.get(pk=world.member_a.pk).deleted_at is not None
    assert AuditEntry.objects.filter(action="teams.teammember.deleted", object_pk=str(world.member_a.pk)).exists()
    assert api.get(url).json()["member_count"] == 0
    assert api.delete(url).status_code == 204


def test_an_information_officer_is_soft_deleted_and_audited(world):
    api = token_client(world.user_a)
    url = f"/api/v1/teams/info-officers/{world.officer_a.pk}"

    assert api.delete(url).status_code == 204

    assert InfoOfficer.all_objects.get(pk=world.officer_a.pk).deleted_at is not None
    assert AuditEntry.objects.filter(action="teams.infoofficer.deleted", object_pk=str(world.officer_a.pk)).exists()
    assert api.get(url).status_code == 404
    # The village has no information officer any more.
    assert [v["code"] for v in api.get("/api/v1/teams/coverage-gaps").json()["items"]] == [
        world.tree["village_a"].code]


@pytest.mark.parametrize("kind", ["team", "member", "officer"])
@pytest.mark.parametrize("role", [Role.LEADER, Role.DUTY_OFFICER, Role.INFO_OFFICER])
def test_read_only_roles_cannot_delete(world, kind, role):
    api = token_client(UserFactory(division=world.tree["county"], role=role))
    url, model, pk = _url(world, kind)
    before, entries = _row(model, pk), _writes()

    refused = api.delete(url)

    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert _row(model, pk) == before and _writes() == entries


@pytest.mark.parametrize("kind", ["team", "member", "officer"])
def test_another_townships_records_are_404_to_delete_and_unchanged(world, kind):
    api = token_client(world.user_a)
    url, model, pk = _url(world, kind, "b")
    before, entries = _row(model, pk), _writes()

    refused = api.delete(url)

    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert _row(model, pk) == before and _writes() == entries
    # The county sees it: deleted, or refused for its members rather than hidden.
    assert token_client(world.county_user).delete(url).status_code == {"team": 400}.get(kind, 204)


# Members moved between teams -------------------------------------------------------------------------------


def test_a_member_moves_to_another_team_and_its_division(world):
    api = token_client(world.user_a)
    village_team = TeamFactory(division=world.tree["village_a"], level=Level.VILLAGE, kind=Kind.VILLAGE_RESPONSE,
                               name="锁南村响应队")
    villager = PersonFactory(division=world.tree["village_a"])

    moved = api.patch_json(f"/api/v1/teams/members/{world.member_a.pk}",
                           {"team": village_team.pk, "person": villager.pk, "origin": "volunteer"})

    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert (body["team"], body["team_name"], body["division"], body["person"], body["origin"]) == (
        village_team.pk, "锁南村响应队", world.tree["village_a"].code, villager.pk, "volunteer")
    entry = AuditEntry.objects.get(action="teams.teammember.updated", object_pk=str(world.member_a.pk))
    assert entry.changes["team"] == [world.team_a.pk, village_team.pk]


def test_a_member_cannot_move_out_of_scope_or_twice_into_one_team(world):
    api = token_client(world.user_a)
    url = f"/api/v1/teams/members/{world.member_a.pk}"
    second = TeamFactory(division=world.tree["town_a"], name="锁南镇二队")
    TeamMemberFactory(team=second, person=world.person_a)
    before, entries = _row(TeamMember, world.member_a.pk), _writes()

    foreign_team = api.patch_json(url, {"team": world.team_b.pk})
    foreign_person = api.patch_json(url, {"person": world.person_b.pk})
    missing_team = api.patch_json(url, {"team": 987654})
    twice = api.patch_json(url, {"team": second.pk})
    bad_origin = api.patch_json(url, {"origin": "pirate"})

    assert foreign_team.status_code == 422 and foreign_team.json()["code"] == "out_of_scope"
    assert foreign_team.json()["errors"] == {"team": ["所选队伍不存在或不在您的管辖范围内。"]}
    assert foreign_person.status_code == 422 and foreign_person.json()["errors"] == {
        "person": ["所选人员不在您的管辖范围内。"]}
    assert missing_team.status_code == 422 and list(missing_team.json()["errors"]) == ["team"]
    assert twice.status_code == 400 and twice.json()["message"] == "提交的数据有误。"
    assert bad_origin.status_code == 422 and list(bad_origin.json()["errors"]) == ["origin"]
    assert _row(TeamMember, world.member_a.pk) == before and _writes() == entries


def test_a_member_of_another_township_is_404_to_move(world):
    api = token_client(world.user_a)
    before = _row(TeamMember, world.member_b.pk)

    refused = api.patch_json(f"/api/v1/teams/members/{world.member_b.pk}", {"team": world.team_a.pk})

    assert refused.status_code == 404
    assert _row(TeamMember, world.member_b.pk) == before


def test_read_only_role_cannot_move_a_member(world):
    api = token_client(UserFactory(division=world.tree["county"], role=Role.LEADER))
    before = _row(TeamMember, world.member_a.pk)

    assert api.patch_json(f"/api/v1/teams/members/{world.member_a.pk}", {"origin": "cadre"}).status_code == 403
    assert _row(TeamMember, world.member_a.pk) == before


# List filters ----------------------------------------------------------------------------------------------


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_member_list_filters_by_subtree_team_origin_and_search(world):
    api = token_client(world.county_user)
    medic = TeamMemberFactory(team=world.team_b, person=PersonFactory(division=world.tree["town_b"], name="白医生"),
                              origin=Origin.MEDIC)
    url = "/api/v1/teams/members"

    assert _ids(api.get(url)) == {world.member_a.pk, world.member_b.pk, medic.pk}
    assert _ids(api.get(url, {"division": world.tree["town_b"].code})) == {world.member_b.pk, medic.pk}
    assert _ids(api.get(url, {"team": world.team_a.pk})) == {world.member_a.pk}
    assert _ids(api.get(url, {"origin": "medic"})) == {medic.pk}
    assert _ids(api.get(url, {"q": "白医"})) == {medic.pk}
    assert _ids(api.get(url, {"q": "锁南镇专职"})) == {world.member_a.pk}
    assert api.get(url, {"origin": "pirate"}).status_code == 422
    assert _ids(token_client(world.user_a).get(url, {"division": world.tree["town_b"].code})) == set()


def test_officer_list_filters_by_subtree_kind_training_active_and_search(world):
    api = token_client(world.county_user)
    grid = InfoOfficerFactory(division=world.tree["village_b"], kind=OfficerKind.GRID_WORKER, active=False,
                              training_status=TrainingStatus.TRAINED,
                              person=PersonFactory(division=world.tree["village_b"], name="马网格"))
    url = "/api/v1/teams/info-officers"

    assert _ids(api.get(url)) == {world.officer_a.pk, world.officer_b.pk, grid.pk}
    assert _ids(api.get(url, {"division": world.tree["town_a"].code})) == {world.officer_a.pk}
    assert _ids(api.get(url, {"kind": "grid_worker"})) == {grid.pk}
    assert _ids(api.get(url, {"training_status": "trained"})) == {grid.pk}
    assert _ids(api.get(url, {"active": "false"})) == {grid.pk}
    assert _ids(api.get(url, {"active": "true"})) == {world.officer_a.pk, world.officer_b.pk}
    assert _ids(api.get(url, {"q": "马网"})) == {grid.pk}
    assert _ids(api.get(url, {"q": "达板村"})) == {world.officer_b.pk, grid.pk}
    assert api.get(url, {"training_status": "expert"}).status_code == 422
