import pytest
from django.conf import settings
from django.urls import reverse

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions import services
from yingji.divisions.tests.factories import PASSWORD, UserFactory, county_tree

pytestmark = pytest.mark.django_db


def test_locks_the_account_after_repeated_failures(client):
    tree = county_tree()
    UserFactory(division=tree["county"], role=Role.COUNTY_STAFF, username="ma")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "ma", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "ma", "password": PASSWORD})
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.locked_out", actor_name="ma").exists()


@pytest.mark.parametrize("password", ["short1!", "alllowercase", "lowerandnumber1", "12345678"])
def test_weak_passwords_are_refused_in_chinese(password):
    tree = county_tree()
    with pytest.raises(ApplicationError) as exc:
        services.user_create(actor=None, username="u1", password=password, division=tree["county"],
                             role=Role.LEADER)
    assert exc.value.field_errors["password"]


def test_a_strong_password_is_accepted_and_audited():
    tree = county_tree()
    user = services.user_create(actor=None, username="u2", password="Strong-Pass-42", division=tree["county"],
                                role=Role.LEADER)
    assert user.check_password("Strong-Pass-42") and user.password_changed_at is not None
    assert AuditEntry.objects.filter(action="divisions.user.created", object_pk=str(user.pk)).exists()


def test_sessions_expire_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 30 * 60


def test_password_change_goes_through_the_audited_service(client):
    user = UserFactory(division=county_tree()["county"], role=Role.LEADER)
    client.force_login(user)
    response = client.post(reverse("password-change"), {
        "old_password": PASSWORD, "new_password1": "Another-Pass-77", "new_password2": "Another-Pass-77"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-Pass-77")
    assert AuditEntry.objects.filter(action="divisions.user.password_changed").exists()


def test_user_language_choice_is_kept_on_the_account(client):
    user = UserFactory(division=county_tree()["county"], role=Role.COUNTY_STAFF)
    client.force_login(user)
    client.post(reverse("language-set"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_division_switch_is_limited_to_the_home_subtree(client):
    tree = county_tree()
    user = UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)
    client.force_login(user)
    assert client.post(reverse("division-switch"), {"code": tree["village_a"].code}).status_code == 302
    assert client.get(reverse("home")).context["active_division"] == tree["village_a"]
    assert client.post(reverse("division-switch"), {"code": tree["town_b"].code}).status_code == 404
    assert client.post(reverse("division-switch"), {"code": tree["county"].code}).status_code == 404


def test_english_interface_is_complete_on_the_home_page(client):
    user = UserFactory(division=county_tree()["county"], role=Role.COUNTY_STAFF, language="en")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "What needs my attention" in page and "Organisation &amp; jurisdiction" in page
    assert "待办与提醒" not in page
