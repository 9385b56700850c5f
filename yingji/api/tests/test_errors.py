"""One error shape for every failure, with messages in the caller's language."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation
from pydantic_core._pydantic_core import list_all_errors

from yingji.api.api import api
from yingji.api.errors import field_error, field_name, validation_message
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


# Schema validation: per-field messages in the caller's language, chosen by pydantic's error type ----------

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english_client(world):
    return token_client(UserFactory(division=world.tree["town_a"], language="en"))


def _invalid(response):
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == "validation_error"
    return body


def test_a_number_out_of_range_names_the_limit(world, client_a):
    low = _invalid(client_a.get("/api/v1/drills", {"year": 1999}))
    high = _invalid(client_a.get("/api/v1/drills", {"year": 2101}))
    page = _invalid(client_a.get("/api/v1/people", {"page": 0}))

    assert low["message"] == "提交的数据有误。"
    assert low["errors"] == {"year": ["应大于或等于2000。"]}
    assert high["errors"] == {"year": ["应小于或等于2100。"]}
    assert page["errors"] == {"page": ["应大于或等于1。"]}


def test_write_errors_name_the_allowed_values_limits_and_pattern(world, client_a):
    body = _invalid(client_a.post_json("/api/v1/people", {
        "division": "62", "name": "张" * 51, "employment": "boss", "organisation": 1.5, "nickname": "x"}))

    assert body["errors"] == {
        "division": ["格式不正确，应符合正则表达式 ^\\d{12}$。"],
        "name": ["最多50个字符。"],
        "employment": ["应为以下值之一：full_time、part_time、volunteer。"],
        "organisation": ["应为整数，不能有小数部分。"],
        "nickname": ["不接受此字段，请检查字段名是否拼写正确。"],
    }


def test_missing_and_empty_required_fields(world, client_a):
    body = _invalid(client_a.post_json("/api/v1/people", {"name": ""}))

    assert body["errors"] == {"division": ["此项为必填项。"], "name": ["不能为空。"]}


def test_dates_numbers_and_booleans_that_do_not_parse(world, client_a):
    body = _invalid(client_a.post_json("/api/v1/hazards", {
        "division": world.tree["town_a"].code, "category": "fire", "title": "x", "address": "x",
        "deadline": "2024-13-45", "found_at": "yesterday", "latitude": "north"}))
    with_time = _invalid(client_a.post_json("/api/v1/hazards", {"deadline": "2024-05-01T10:00:00"}))
    query = _invalid(client_a.get("/api/v1/drills", {"plan": "x", "announced": "maybe"}))

    assert body["errors"] == {
        "deadline": ["应为有效日期，格式为YYYY-MM-DD。"],
        "found_at": ["应为有效的日期时间，如2024-05-01T08:30:00+08:00。"],
        "latitude": ["应为数字。"],
    }
    assert with_time["errors"]["deadline"] == ["应为日期（YYYY-MM-DD），不能带时间。"]
    assert query["errors"] == {"plan": ["应为整数。"], "announced": ["应为布尔值（true或false）。"]}


def test_a_body_that_is_not_an_object(world, client_a):
    body = _invalid(client_a.post_json("/api/v1/people", [1, 2]))

    assert body["errors"] == {"__all__": ["应为对象（JSON对象）。"]}


def test_a_validators_own_message_is_shown_without_pydantics_prefix(world, client_a):
    body = _invalid(client_a.get("/api/v1/hazards/review", {"year": 2024, "month": 1, "quarter": 2}))

    assert list(body["errors"].values()) == [["请只选择月份或季度之一。"]]


def test_english_users_get_english_messages(world, english_client):
    year = _invalid(english_client.get("/api/v1/drills", {"year": 1999}))
    write = _invalid(english_client.post_json("/api/v1/people", {
        "division": "62", "name": "x" * 51, "employment": "boss", "nickname": "x"}))
    missing = _invalid(english_client.post_json("/api/v1/people", {"name": ""}))
    dates = _invalid(english_client.post_json("/api/v1/hazards", {"deadline": "2024-13-45"}))

    assert year["message"] == "The submitted data is invalid."
    assert year["errors"] == {"year": ["Must be greater than or equal to 2000."]}
    assert write["errors"] == {
        "division": ["Invalid format: must match the regular expression ^\\d{12}$."],
        "name": ["Must be at most 50 characters long."],
        "employment": ["Must be one of: full_time, part_time, volunteer."],
        "nickname": ["This field is not accepted; check the spelling of the field name."],
    }
    assert missing["errors"] == {"division": ["This field is required."], "name": ["Must not be empty."]}
    assert dates["errors"]["deadline"] == ["Must be a valid date in the format YYYY-MM-DD."]


def test_the_session_language_cookie_picks_english_too(world):
    client = Client()
    client.force_login(world.user_a)  # no language on the account: the cookie decides
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = _invalid(client.get("/api/v1/drills", {"year": 1999}))

    assert body["errors"] == {"year": ["Must be greater than or equal to 2000."]}


def test_the_browsers_accept_language_does_not_switch_the_language(world, client_a):
    body = _invalid(client_a.get("/api/v1/drills", {"year": 1999}, HTTP_ACCEPT_LANGUAGE="en"))

    assert body["errors"] == {"year": ["应大于或等于2000。"]}


def test_the_projects_own_field_errors_keep_their_message(world, client_a):
    response = client_a.post_json("/api/v1/people", {"division": world.tree["town_b"].code, "name": "张三"})

    assert response.status_code == 422
    assert response.json()["code"] == "out_of_scope"
    assert response.json()["errors"] == {"division": ["所选区划不在您的管辖范围内。"]}
    assert validation_message(field_error("x", "自定的说明。", code="custom").errors[0]) == "自定的说明。"


def test_unknown_types_fall_back_to_a_message_naming_the_type():
    for language, expected in (("zh-hans", "取值无效（brand_new_type）。"), ("en", "Invalid value (brand_new_type).")):
        with translation.override(language):
            assert validation_message({"type": "brand_new_type", "msg": ""}) == expected
            assert validation_message({"type": "iteration_error", "ctx": {"error": "boom"}}) == \
                expected.replace("brand_new_type", "iteration_error")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_pydantic_error_type_gets_a_message_in_the_language(language):
    with translation.override(language):
        for info in list_all_errors():
            error = {"type": info["type"], "msg": info["message_template_python"],
                     "ctx": info.get("example_context") or {}}
            message = validation_message(error)
            assert message and message != error["msg"], info["type"]
            assert bool(CJK.search(message)) == (language == "zh-hans"), (info["type"], message)
