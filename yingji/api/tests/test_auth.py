"""Token and session authentication; the `token` command."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from yingji.api.models import ApiToken, token_digest
from yingji.api.services import apitoken_create, apitoken_revoke
from yingji.api.tests.conftest import TokenClient
from yingji.audit.models import AuditEntry
from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

tokens = ApiToken._default_manager


def test_token_is_stored_only_as_digest_and_prefix(world):
    token, raw = apitoken_create(actor=world.county_user, user=world.user_a, name="sync")

    assert raw.startswith("yj_") and len(raw) > 40
    assert token.prefix == raw[:11]
    assert token.key_hash == token_digest(raw)
    stored = tokens.filter(pk=token.pk).values().get()
    assert raw not in {str(v) for v in stored.values()}
    entry = AuditEntry.objects.get(action="api.apitoken.created")
    assert entry.actor == world.county_user
    assert entry.division_code == world.tree["town_a"].code
    assert entry.changes == {"user": world.user_a.username, "name": "sync", "prefix": token.prefix}
    assert raw not in str(entry.changes)


def test_valid_token_authenticates_as_its_user(world):
    _token, raw = apitoken_create(actor=None, user=world.user_a)

    response = TokenClient(raw).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == world.user_a.username
    assert response.json()["active_division"]["code"] == world.tree["town_a"].code


@pytest.mark.parametrize(
    "header", [None, "Bearer yj_not-a-real-token", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"]
)
def test_missing_or_unknown_credentials_get_401(world, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()

    response = client.get("/api/v1/organisations")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_token_gets_401_and_revocation_is_audited(world):
    token, raw = apitoken_create(actor=None, user=world.user_a)
    assert TokenClient(raw).get("/api/v1/me").status_code == 200

    apitoken_revoke(actor=world.county_user, token=token)

    assert TokenClient(raw).get("/api/v1/me").status_code == 401
    entry = AuditEntry.objects.get(action="api.apitoken.revoked")
    assert entry.actor == world.county_user and entry.changes["prefix"] == token.prefix


def test_token_of_inactive_user_gets_401(world):
    _token, raw = apitoken_create(actor=None, user=world.user_a)
    world.user_a.is_active = False
    world.user_a.save(update_fields=["is_active"])

    assert TokenClient(raw).get("/api/v1/me").status_code == 401


def test_last_use_is_stamped_at_most_once_a_minute_without_audit(world):
    token, raw = apitoken_create(actor=None, user=world.user_a)
    entries_before = AuditEntry.objects.count()
    client = TokenClient(raw)

    client.get("/api/v1/me")
    first = tokens.get(pk=token.pk).last_used_at
    client.get("/api/v1/me")
    assert tokens.get(pk=token.pk).last_used_at == first
    tokens.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=5))
    client.get("/api/v1/me")

    assert first is not None
    assert tokens.get(pk=token.pk).last_used_at > first - timedelta(seconds=1)
    assert AuditEntry.objects.count() == entries_before


def test_token_command_creates_lists_and_revokes(world):
    out = io.StringIO()
    call_command("token", "create", world.user_a.username, "--name", "weather feed", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    token = tokens.get(key_hash=token_digest(raw))
    assert token.name == "weather feed" and token.user == world.user_a
    assert TokenClient(raw).get("/api/v1/me").status_code == 200

    out = io.StringIO()
    call_command("token", "list", world.user_a.username, stdout=out)
    assert token.prefix in out.getvalue() and "active" in out.getvalue() and raw not in out.getvalue()

    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert tokens.get(pk=token.pk).revoked_at is not None
    assert TokenClient(raw).get("/api/v1/me").status_code == 401
    assert AuditEntry.objects.filter(action="api.apitoken.revoked", actor=None).count() == 1

    out = io.StringIO()
    call_command("token", "list", stdout=out)
    assert "revoked" in out.getvalue()


def test_token_command_revokes_by_id_and_refuses_unknown_users_and_tokens(world):
    token, _raw = apitoken_create(actor=None, user=world.user_b)

    call_command("token", "revoke", str(token.pk), stdout=io.StringIO())

    assert tokens.get(pk=token.pk).revoked_at is not None
    with pytest.raises(CommandError):
        call_command("token", "create", "nobody", stdout=io.StringIO())
    other, _raw = apitoken_create(actor=None, user=world.user_b)
    for value in ("yj_nomatch1", "yj_", other.prefix[:8]):
        with pytest.raises(CommandError):
            call_command("token", "revoke", value, stdout=io.StringIO())
    assert tokens.get(pk=other.pk).revoked_at is None


def test_session_auth_reads_without_csrf_but_writes_need_it(world):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    logged_in = client.post("/accounts/login/", {"username": world.user_a.username, "password": PASSWORD,
                                                 "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert logged_in.status_code == 302
    body = {"division": world.tree["town_a"].code, "kind": "department", "name": "水务站"}

    assert client.get("/api/v1/organisations").status_code == 200
    refused = client.post("/api/v1/organisations", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert not Organisation.objects.filter(name="水务站").exists()

    csrf = client.cookies["csrftoken"].value  # rotated at login; a browser reads it from the cookie
    created = client.post("/api/v1/organisations", body, content_type="application/json",
                          HTTP_X_CSRFTOKEN=csrf)
    assert created.status_code == 201, created.content
    assert Organisation.objects.get(name="水务站").division == world.tree["town_a"]


def test_token_writes_need_no_csrf(world):
    _token, raw = apitoken_create(actor=None, user=world.user_a)
    client = TokenClient(raw, enforce_csrf_checks=True)

    body = {"division": world.tree["town_a"].code, "kind": "department", "name": "水务站"}

    response = client.post_json("/api/v1/organisations", body)

    assert response.status_code == 201
