from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from yingji.core.permissions import Action, Role, apps_with_capabilities, has_permission, matrix_markdown
from yingji.divisions.models import Person
from yingji.divisions.tests.factories import UserFactory, county_tree

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[3] / "docs" / "permissions"


def test_permission_matrix_documents_match_the_code():
    with translation.override("zh-hans"):
        for app_label in apps_with_capabilities():
            doc = DOCS / f"{app_label}.md"
            assert doc.exists(), f"run `yingji permissions_matrix` to write {doc}"
            assert doc.read_text(encoding="utf-8") == matrix_markdown(app_label), doc


@pytest.mark.parametrize(
    ("role", "capability", "action", "allowed"),
    [
        (Role.LEADER, "divisions.person", Action.VIEW, True),
        (Role.LEADER, "divisions.person", Action.ADD, False),
        (Role.TOWNSHIP_STAFF, "divisions.person", Action.CHANGE, True),
        (Role.INFO_OFFICER, "divisions.person", Action.CHANGE, False),
        (Role.COUNTY_STAFF, "divisions.division", Action.IMPORT, True),
        (Role.TOWNSHIP_STAFF, "divisions.division", Action.IMPORT, False),
        (Role.COUNTY_STAFF, "divisions.user", Action.VIEW, False),
        (Role.ADMIN, "divisions.user", Action.ADD, True),
        (Role.TOWNSHIP_STAFF, "audit.entry", Action.VIEW, False),
    ],
)
def test_role_grants(role, capability, action, allowed):
    user = UserFactory(division=county_tree()["county"], role=role)
    assert has_permission(user, capability, action) is allowed


def test_read_only_leader_cannot_create_and_the_denial_is_audited(client):
    from yingji.audit.models import AuditEntry

    tree = county_tree()
    leader = UserFactory(division=tree["county"], role=Role.LEADER)
    client.force_login(leader)
    response = client.post(reverse("people-create"), {"division": tree["county"].pk, "name": "张三"})
    assert response.status_code == 403
    assert not Person.objects.filter(name="张三").exists()
    denied = AuditEntry.objects.get(action="auth.permission_denied")
    assert denied.actor == leader and denied.success is False


def test_inactive_user_has_no_permission():
    user = UserFactory(division=county_tree()["county"], role=Role.ADMIN, is_active=False)
    assert not has_permission(user, "divisions.person", Action.VIEW)
