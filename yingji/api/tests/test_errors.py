"""One error shape for every failure, with messages in the caller's language."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from yingji.api.api import api
from yingji.api.errors import field_name
from yingji.api.tests.conftest import token_client
from yingji.core.exceptions import ApplicationError
from yingji.divisions.tests.factories import UserFactory


@pytest.mark.parametrize(("loc", "expected"), [
    (("body", "payload", "mobile"), "mobile"),
    (("query", "level"), "level"),
    (("path", "person_id"), "person_id"),
    (("body", "payload"), "__all__"),
    (("body",), "__all__"),
    (("body", "payload", "items", 0, "name"), "items.0.name"),
])
def test_error_locations_become_field_names(loc, expected):
    assert field_name(loc) == expected


def _render(exc):
    request = RequestFactory().get("/api/v1/people")
    response = api.on_exception(request, exc)
    return response.status_code, json.loads(response.content)


def test_every_exception_maps_to_the_same_shape():
    cases = {
        ApplicationError("不行。", code="rule", field_errors={"name": ["太长。"]}):
            (400, "rule", {"name": ["太长。"]}),
        ValidationError({"mobile": ["错。"]}): (400, "invalid", {"mobile": ["错。"]}),
        ValidationError("整体错误。"): (400, "invalid", {"__all__": ["整体错误。"]}),
        Http404(): (404, "not_found", {}),
        PermissionDenied(): (403, "permission_denied", {}),
    }
    for exc, (status, code, errors) in cases.items():
        got_status, body = _render(exc)
        assert (got_status, body["code"], body["errors"]) == (status, code, errors), exc
        assert set(body) == {"code", "message", "errors"} and body["message"]


def test_application_error_keeps_its_message():
    _status, body = _render(ApplicationError("所选区划不在您的管辖范围内。", code="out_of_scope"))

    assert body == {"code": "out_of_scope", "message": "所选区划不在您的管辖范围内。", "errors": {}}


def test_non_integer_id_is_a_422_not_a_crash(world, client_a):
    response = client_a.get("/api/v1/people/abc")

    assert response.status_code == 422 and "person_id" in response.json()["errors"]


def test_token_requests_use_the_users_language(world):
    english = UserFactory(division=world.tree["town_a"], language="en")

    with translation.override("zh-hans"):  # the request activates its language; restore it after
        assert token_client(english).get("/api/v1/me")["Content-Language"] == "en"
        assert token_client(world.user_a).get("/api/v1/me")["Content-Language"] == "zh-hans"
