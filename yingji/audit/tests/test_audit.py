import pytest
from django.urls import reverse

from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.models import Person
from yingji.divisions.tests.factories import PASSWORD, UserFactory, county_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    tree = county_tree()
    user = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)
    client.force_login(user)
    return tree, user


def test_create_update_delete_restore_are_recorded_with_before_and_after(client, staff):
    tree, user = staff
    town = tree["town_a"]
    response = client.post(reverse("people-create"), {
        "division": town.pk, "name": "马小兰", "mobile": "13909301234", "employment": "full_time",
    }, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    person = Person.objects.get(name="马小兰")
    created = AuditEntry.objects.get(action="divisions.person.created")
    assert (created.actor, created.ip_address, created.division_code) == (user, "10.1.2.3", town.code)
    assert created.changes["name"] == [None, "马小兰"]

    client.post(reverse("people-update", args=[person.pk]), {
        "division": town.pk, "name": "马小兰", "mobile": "13909305678", "employment": "part_time",
    })
    updated = AuditEntry.objects.get(action="divisions.person.updated")
    assert updated.changes == {"mobile": ["13909301234", "13909305678"], "employment": ["full_time", "part_time"]}

    client.post(reverse("people-delete", args=[person.pk]))
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Person.all_objects.get(pk=person.pk).deleted_at is not None
    assert AuditEntry.objects.filter(action="divisions.person.deleted", object_pk=str(person.pk)).exists()

    client.post(reverse("people-restore", args=[person.pk]))
    assert Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(action="divisions.person.restored", object_pk=str(person.pk)).exists()


def test_unchanged_save_writes_no_entry(client, staff):
    tree, _user = staff
    person = Person.objects.create(division=tree["town_a"], name="王五", mobile="13909301111")
    client.post(reverse("people-update", args=[person.pk]), {
        "division": tree["town_a"].pk, "name": "王五", "mobile": "13909301111", "employment": "part_time"})
    assert not AuditEntry.objects.filter(action="divisions.person.updated").exists()


def test_history_is_shown_on_the_detail_page(client, staff):
    tree, _user = staff
    client.post(reverse("people-create"), {"division": tree["town_a"].pk, "name": "李四", "employment": "volunteer"})
    person = Person.objects.get(name="李四")
    page = client.get(reverse("people-detail", args=[person.pk]))
    assert [e.action for e in page.context["history"]] == ["divisions.person.created"]


def test_invalid_input_saves_nothing_and_writes_no_entry(client, staff):
    tree, _user = staff
    response = client.post(reverse("people-create"), {"division": tree["town_a"].pk, "name": "赵六",
                                                      "mobile": "12345", "employment": "full_time"})
    assert response.status_code == 400
    assert "不是有效的电话号码" in response.content.decode()
    assert not Person.all_objects.filter(name="赵六").exists()
    assert not AuditEntry.objects.filter(model_label="divisions.person").exists()


def test_security_events_are_recorded(client):
    tree = county_tree()
    user = UserFactory(division=tree["county"], role=Role.COUNTY_STAFF, username="xu")
    client.post(reverse("login"), {"username": "xu", "password": "wrong"})
    client.post(reverse("login"), {"username": "xu", "password": PASSWORD})
    client.post(reverse("logout"))
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "success", "actor_name"))
    assert actions == [("auth.login_failed", False, "xu"), ("auth.login", True, "xu"), ("auth.logout", True, "xu")]
    assert AuditEntry.objects.get(action="auth.login").actor == user


def test_audit_search_filters_by_person_model_and_period(client):
    tree = county_tree()
    admin = UserFactory(division=tree["county"], role=Role.ADMIN, username="auditor")
    AuditEntry.objects.create(action="divisions.person.created", actor_name="alice", model_label="divisions.person",
                              division_code=tree["town_a"].code)
    AuditEntry.objects.create(action="divisions.organisation.created", actor_name="bob",
                              model_label="divisions.organisation", division_code=tree["town_b"].code)
    client.force_login(admin)
    by_actor = client.get(reverse("audit-list"), {"actor": "alice"}).context["page"].object_list
    assert [e.actor_name for e in by_actor] == ["alice"]
    by_model = client.get(reverse("audit-list"), {"model_label": "divisions.organisation"}).context["page"]
    assert [e.actor_name for e in by_model.object_list] == ["bob"]
    by_division = client.get(reverse("audit-list"), {"division_code": tree["town_b"].code}).context["page"]
    assert [e.actor_name for e in by_division.object_list] == ["bob"]


def test_audit_trail_cannot_be_changed_through_the_application(client):
    tree = county_tree()
    client.force_login(UserFactory(division=tree["county"], role=Role.ADMIN))
    entry = AuditEntry.objects.create(action="x.y.created", division_code=tree["county"].code)
    assert client.post(reverse("audit-list"), {"id": entry.pk}).status_code == 405
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_postgresql_refuses_to_alter_audit_entries():
    from django.db import connection, transaction
    from django.db.utils import DatabaseError

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    entry = AuditEntry.objects.create(action="x.y.created")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(("behind_proxy", "recorded"), [(False, "10.1.2.3"), (True, "172.16.0.9")])
def test_the_client_address_comes_from_x_real_ip_only_behind_the_proxy(client, staff, settings,
                                                                      behind_proxy, recorded):
    settings.YINGJI_BEHIND_PROXY = behind_proxy
    tree, _ = staff
    client.post(reverse("people-create"), {
        "division": tree["town_a"].pk, "name": "马小兰", "mobile": "13909301234", "employment": "full_time",
    }, REMOTE_ADDR="10.1.2.3", HTTP_X_REAL_IP="172.16.0.9")
    assert AuditEntry.objects.get(action="divisions.person.created").ip_address == recorded


def test_history_labels_a_change_named_like_a_reverse_relation():
    from yingji.audit.models import AuditEntry
    from yingji.audit.templatetags.audit_tags import labelled_changes

    entry = AuditEntry(model_label="divisions.division", changes={"children": [1, 2], "name": ["甲", "乙"]})
    assert labelled_changes(entry) == [("children", 1, 2), ("名称", "甲", "乙")]
