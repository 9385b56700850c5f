"""/api/v1/experts: soft delete of experts and engagements, engagements moved to another expert, and the
register filters on the participation log — the web registers' permissions and services, audited,
scoped to the caller's subtree, refusals that write nothing."""

import pytest

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, two_townships
from yingji.experts.models import Expert, ExpertEngagement
from yingji.experts.rules import EngagementKind
from yingji.experts.tests.factories import EngagementFactory, ExpertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = two_townships()
    for key in ("a", "b"):
        expert = ExpertFactory(division=world.tree[f"town_{key}"], name=f"专家{key.upper()}")
        setattr(world, f"expert_{key}", expert)
        setattr(world, f"engagement_{key}", EngagementFactory(expert=expert, subject=f"{key.upper()}镇汛期会商"))
    return world


def _row(model, pk):
    return model._base_manager.filter(pk=pk).values().get()


def _writes():
    """Audit entries of experts writes (API token use and refusals are audited too, elsewhere)."""
    return AuditEntry.objects.filter(action__startswith="experts.").count()


def _url(world, kind, key="a"):
    record = getattr(world, f"{kind}_{key}")
    base = {"expert": "/api/v1/experts", "engagement": "/api/v1/experts/engagements"}
    return f"{base[kind]}/{record.pk}", type(record), record.pk


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# Delete ----------------------------------------------------------------------------------------------------


def test_county_staff_soft_delete_an_expert_and_the_log_is_kept(world):
    api = token_client(world.county_user)

    deleted = api.delete(f"/api/v1/experts/{world.expert_a.pk}")

    assert deleted.status_code == 204 and deleted.content == b""
    assert Expert.all_objects.get(pk=world.expert_a.pk).deleted_at is not None
    entry = AuditEntry.objects.get(action="experts.expert.deleted", object_pk=str(world.expert_a.pk))
    assert entry.actor == world.county_user and entry.division_code == world.tree["town_a"].code
    assert api.get(f"/api/v1/experts/{world.expert_a.pk}").status_code == 404
    assert _ids(api.get("/api/v1/experts")) == {world.expert_b.pk}
    assert world.engagement_a.pk in _ids(api.get("/api/v1/experts/engagements"))


def test_county_staff_soft_delete_an_engagement(world):
    api = token_client(world.county_user)
    url = f"/api/v1/experts/engagements/{world.engagement_a.pk}"

    assert api.delete(url).status_code == 204

    assert ExpertEngagement.all_objects.get(pk=world.engagement_a.pk).deleted_at is not None
    assert AuditEntry.objects.filter(action="experts.expertengagement.deleted",
                                     object_pk=str(world.engagement_a.pk)).exists()
    assert api.get(url).status_code == 404


@pytest.mark.parametrize("kind", ["expert", "engagement"])
@pytest.mark.parametrize("role", [Role.TOWNSHIP_STAFF, Role.LEADER, Role.DUTY_OFFICER])
def test_roles_without_delete_cannot_delete(world, kind, role):
    api = token_client(UserFactory(division=world.tree["town_a"], role=role))
    url, model, pk = _url(world, kind)
    before, entries = _row(model, pk), _writes()

    refused = api.delete(url)

    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert _row(model, pk) == before and _writes() == entries


@pytest.mark.parametrize("kind", ["expert", "engagement"])
def test_another_townships_records_are_404_to_delete_and_unchanged(world, kind):
    api = token_client(UserFactory(division=world.tree["town_a"], role=Role.ADMIN))
    url, model, pk = _url(world, kind, "b")
    before, entries = _row(model, pk), _writes()

    refused = api.delete(url)

    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert _row(model, pk) == before and _writes() == entries


# Engagements moved to another expert -----------------------------------------------------------------------


def test_an_engagement_moves_to_another_expert_and_its_division(world):
    api = token_client(world.user_a)
    village_expert = ExpertFactory(division=world.tree["village_a"], name="村专家")

    moved = api.patch_json(f"/api/v1/experts/engagements/{world.engagement_a.pk}",
                           {"expert": village_expert.pk, "kind": "incident"})

    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert (body["expert"], body["expert_name"], body["division"], body["kind"]) == (
        village_expert.pk, "村专家", world.tree["village_a"].code, "incident")
    entry = AuditEntry.objects.get(action="experts.expertengagement.updated", object_pk=str(world.engagement_a.pk))
    assert entry.changes["expert"] == [world.expert_a.pk, village_expert.pk]


def test_bad_engagement_changes_are_refused_and_write_nothing(world):
    api = token_client(world.user_a)
    url = f"/api/v1/experts/engagements/{world.engagement_a.pk}"
    before, entries = _row(ExpertEngagement, world.engagement_a.pk), _writes()

    foreign = api.patch_json(url, {"expert": world.expert_b.pk})
    missing = api.patch_json(url, {"expert": 987654})
    blank = api.patch_json(url, {"subject": ""})
    kind = api.patch_json(url, {"kind": "party"})
    date = api.patch_json(url, {"date": "2026-02-30"})

    assert foreign.status_code == 422 and foreign.json()["code"] == "out_of_scope"
    assert foreign.json()["errors"] == {"expert": ["所选专家不存在或不在您的管辖范围内。"]}
    assert missing.status_code == 422 and list(missing.json()["errors"]) == ["expert"]
    assert [(r.status_code, list(r.json()["errors"])) for r in (blank, kind, date)] == [
        (422, ["subject"]), (422, ["kind"]), (422, ["date"])]
    assert _row(ExpertEngagement, world.engagement_a.pk) == before and _writes() == entries


def test_another_townships_engagement_is_404_to_change(world):
    before = _row(ExpertEngagement, world.engagement_b.pk)

    refused = token_client(world.user_a).patch_json(f"/api/v1/experts/engagements/{world.engagement_b.pk}",
                                                    {"expert": world.expert_a.pk})

    assert refused.status_code == 404
    assert _row(ExpertEngagement, world.engagement_b.pk) == before


def test_read_only_role_cannot_change_an_engagement(world):
    api = token_client(UserFactory(division=world.tree["county"], role=Role.LEADER))
    before = _row(ExpertEngagement, world.engagement_a.pk)

    refused = api.patch_json(f"/api/v1/experts/engagements/{world.engagement_a.pk}", {"subject": "改"})

    assert refused.status_code == 403
    assert _row(ExpertEngagement, world.engagement_a.pk) == before


# List filters ----------------------------------------------------------------------------------------------


def test_engagement_list_filters_by_subtree_expert_kind_and_search(world):
    api = token_client(world.county_user)
    meeting = EngagementFactory(expert=world.expert_b, kind=EngagementKind.ANNUAL_MEETING, subject="专家组年会")
    url = "/api/v1/experts/engagements"

    assert _ids(api.get(url)) == {world.engagement_a.pk, world.engagement_b.pk, meeting.pk}
    assert _ids(api.get(url, {"division": world.tree["town_b"].code})) == {world.engagement_b.pk, meeting.pk}
    assert _ids(api.get(url, {"expert": world.expert_a.pk})) == {world.engagement_a.pk}
    assert _ids(api.get(url, {"kind": "annual_meeting"})) == {meeting.pk}
    assert _ids(api.get(url, {"q": "年会"})) == {meeting.pk}
    assert _ids(api.get(url, {"q": "专家A"})) == {world.engagement_a.pk}
    assert api.get(url, {"kind": "party"}).status_code == 422
    assert _ids(token_client(world.user_a).get(url, {"division": world.tree["town_b"].code})) == set()


def test_a_malformed_id_is_a_422_and_deletes_nothing(world):
    api = token_client(world.county_user)
    entries = _writes()

    responses = [api.delete("/api/v1/experts/abc"), api.delete("/api/v1/experts/engagements/1.5")]

    assert [r.status_code for r in responses] == [422, 422]
    assert all("pk" in r.json()["errors"] for r in responses)
    assert Expert.objects.count() == 2 and ExpertEngagement.objects.count() == 2 and _writes() == entries
