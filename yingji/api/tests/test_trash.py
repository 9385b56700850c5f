"""The API's recycle bin: deleted records of any register in the caller's subtree, and restoring them with
the delete permission, audited; another division's record is a 404, an unknown register too."""

import pytest

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.models import Person
from yingji.divisions.services import person_delete
from yingji.divisions.tests.factories import PersonFactory, UserFactory, two_townships

pytestmark = pytest.mark.django_db


def test_deleted_records_are_listed_and_restored_within_the_subtree():
    world = two_townships()
    mine = PersonFactory(division=world.tree["town_a"], name="马小明")
    theirs = PersonFactory(division=world.tree["town_b"], name="韩小红")
    staff = UserFactory(division=world.tree["town_a"], role=Role.TOWNSHIP_STAFF)
    for person in (mine, theirs):
        person_delete(actor=staff, person=person)
    api = token_client(staff)

    listed = api.get("/api/v1/trash/people")
    assert listed.status_code == 200
    assert [(row["id"], row["label"]) for row in listed.json()["items"]] == [(mine.pk, str(mine))]
    assert api.post_json(f"/api/v1/trash/people/{theirs.pk}/restore", {}).status_code == 404
    restored = api.post_json(f"/api/v1/trash/people/{mine.pk}/restore", {})
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert Person.objects.filter(pk=mine.pk).exists() and not Person.objects.filter(pk=theirs.pk).exists()
    assert AuditEntry.objects.filter(action__endswith=".restored", object_pk=str(mine.pk)).count() == 1
    assert api.get("/api/v1/trash/no-such-register").status_code == 404


def test_restoring_needs_the_delete_permission():
    world = two_townships()
    person = PersonFactory(division=world.tree["town_a"])
    person_delete(actor=None, person=person)
    reader = token_client(UserFactory(division=world.tree["town_a"], role=Role.LEADER))
    assert reader.get("/api/v1/trash/people").status_code == 403
    assert reader.post_json(f"/api/v1/trash/people/{person.pk}/restore", {}).status_code == 403
