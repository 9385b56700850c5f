"""Writes through the services: audit, validation errors per field, permissions, ID masking."""

import json

import pytest

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.models import Organisation, Person
from yingji.divisions.tests.factories import two_townships
from yingji.divisions.validators import id_check_char

pytestmark = pytest.mark.django_db

ID17 = "62292619900101123"
ID_NUMBER = ID17 + id_check_char(ID17)


def test_create_update_delete_organisation_is_audited(world, client_a):
    town_a = world.tree["town_a"].code

    created = client_a.post_json("/api/v1/organisations", {"division": town_a, "kind": "department",
                                                            "name": "水务站", "phone": "0930 7120000"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["division"] == town_a and body["phone"] == "09307120000"
    url = f"/api/v1/organisations/{body['id']}"

    patched = client_a.patch_json(url, {"contact_name": "马明"})
    assert patched.status_code == 200 and patched.json()["contact_name"] == "马明"
    assert patched.json()["name"] == "水务站"
    assert client_a.delete(url).status_code == 204
    assert client_a.get(url).status_code == 404

    assert Organisation.all_objects.get(pk=body["id"]).deleted_at is not None
    actions = list(AuditEntry.objects.filter(object_pk=str(body["id"]), model_label="divisions.organisation")
                   .order_by("id").values_list("action", "actor"))
    assert actions == [("divisions.organisation.created", world.user_a.pk),
                       ("divisions.organisation.updated", world.user_a.pk),
                       ("divisions.organisation.deleted", world.user_a.pk)]


def test_person_create_and_patch_with_organisation(world, client_a):
    created = client_a.post_json("/api/v1/people", {"division": world.tree["town_a"].code, "name": "马兰",
                                                    "organisation": world.org_a.pk, "mobile": "13912345678"})
    assert created.status_code == 201, created.content
    assert created.json()["organisation"] == world.org_a.pk
    assert created.json()["employment"] == "part_time"

    cleared = client_a.patch_json(f"/api/v1/people/{created.json()['id']}",
                                  {"organisation": None, "post": "队长"})

    assert cleared.status_code == 200
    assert cleared.json()["organisation"] is None and cleared.json()["post"] == "队长"
    assert Person.objects.get(pk=created.json()["id"]).organisation is None


def test_invalid_mobile_is_a_field_error(world, client_a):
    response = client_a.post_json("/api/v1/people", {"division": world.tree["town_a"].code, "name": "张三",
                                                     "mobile": "12345"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "提交的数据有误。"
    assert list(body["errors"]) == ["mobile"]
    assert "12345" in body["errors"]["mobile"][0]
    assert not Person.objects.filter(name="张三").exists()


def test_schema_errors_are_422_per_field(world, client_a):
    response = client_a.post_json("/api/v1/people", {"division": "62", "employment": "boss", "nickname": "x"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert set(body["errors"]) == {"division", "name", "employment", "nickname"}
    assert all(isinstance(msgs, list) and msgs for msgs in body["errors"].values())


def test_patch_refuses_null_for_required_fields(world, client_a):
    response = client_a.patch_json(f"/api/v1/organisations/{world.org_a.pk}", {"name": None})

    assert response.status_code == 422 and list(response.json()["errors"]) == ["name"]
    assert Organisation.objects.get(pk=world.org_a.pk).name == world.org_a.name


def test_person_organisation_must_be_in_the_same_division(world, client_a):
    response = client_a.post_json("/api/v1/people", {"division": world.tree["village_a"].code, "name": "村民",
                                                     "organisation": world.org_a.pk})

    assert response.status_code == 400
    assert response.json()["errors"] == {"organisation": ["所在机构必须属于同一区划。"]}


def test_duplicate_organisation_is_a_400_with_the_constraint_message(world, client_a):
    body = {"division": world.tree["town_a"].code, "kind": world.org_a.kind, "name": world.org_a.name}

    response = client_a.post_json("/api/v1/organisations", body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"__all__": ["该区划下已有同类同名机构。"]}


def test_body_that_is_not_json_is_a_400_in_the_error_shape(world, client_a):
    response = client_a.post("/api/v1/people", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "errors"}


def test_id_number_never_appears_unmasked(world, client_a):
    created = client_a.post_json("/api/v1/people", {"division": world.tree["town_a"].code, "name": "李四",
                                                    "id_number": ID_NUMBER.lower()})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert Person.objects.get(pk=pk).id_number == ID_NUMBER

    responses = [created, client_a.get(f"/api/v1/people/{pk}"), client_a.get("/api/v1/people"),
                 client_a.patch_json(f"/api/v1/people/{pk}", {"post": "会计"})]

    for response in responses:
        text = response.content.decode()
        assert ID_NUMBER not in text and ID_NUMBER.lower() not in text and '"id_number"' not in text
    assert created.json()["id_number_masked"] == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]


def test_read_only_role_gets_403_on_writes_and_nothing_changes():
    world = two_townships(role=Role.LEADER)
    client = token_client(world.user_a)
    before = Organisation.objects.count(), Person.objects.count()
    url = f"/api/v1/people/{world.person_a.pk}"

    responses = [
        client.post_json("/api/v1/organisations",
                         {"division": world.tree["town_a"].code, "kind": "department", "name": "水务站"}),
        client.post_json("/api/v1/people", {"division": world.tree["town_a"].code, "name": "王五"}),
        client.patch_json(url, {"name": "改名"}),
        client.delete(url),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert {r.json()["code"] for r in responses} == {"permission_denied"}
    assert (Organisation.objects.count(), Person.objects.count()) == before
    assert Person.objects.get(pk=world.person_a.pk).name == world.person_a.name
    denied = AuditEntry.objects.filter(action="auth.permission_denied", actor=world.user_a)
    assert denied.count() == 4
    assert client.get(url).status_code == 200


def test_users_endpoint_needs_account_permission(world, client_a):
    response = client_a.get("/api/v1/users")

    assert response.status_code == 403
    denied = AuditEntry.objects.filter(action="auth.permission_denied", actor=world.user_a)
    assert denied.get().changes == {"path": "/api/v1/users"}


def test_users_are_listed_without_secrets_for_admins():
    world = two_townships(role=Role.ADMIN)
    client = token_client(world.user_a)

    response = client.get("/api/v1/users", {"role": "admin"})

    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["username"] == world.user_a.username and item["division"] == world.tree["town_a"].code
    assert "password" not in json.dumps(response.json())
    assert client.get("/api/v1/users", {"role": "leader"}).json()["count"] == 0


def test_me_reports_role_divisions_and_allowed_actions(world, client_a):
    me = client_a.get("/api/v1/me").json()

    assert me["role"] == Role.TOWNSHIP_STAFF
    assert me["division"]["code"] == world.tree["town_a"].code
    capabilities = {c["code"]: c["actions"] for c in me["capabilities"]}
    assert capabilities["divisions.person"] == ["view", "add", "change", "delete", "export", "import"]
    assert capabilities["divisions.division"] == ["view", "export"]
    assert "divisions.user" not in capabilities
