"""One error shape for the whole API: {"code", "message", "errors": {field: [messages]}}.

Every exception the API can meet is mapped here, so clients parse one structure whatever failed:
schema validation (422), business rules (400), model validation (400), missing or out-of-scope
records (404), missing permission (403) and missing credentials (401). Every message, including
each field's message for a schema error, is in the language the request runs in.
"""

from __future__ import annotations

import datetime
import re
import typing
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic_core import core_schema

from yingji.core.exceptions import ApplicationError

# The body parameter name of every write endpoint; dropped from error locations.
BODY_PARAM = "payload"
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] = {}


READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, **READ_ERRORS}


class CsrfFailed(Exception):
    """A browser session request without a valid CSRF token."""


def field_error(field: str, message: str, *, code: str = "invalid") -> NinjaValidationError:
    """A 422 pointing at one body field, for checks made after the schema parsed.

    `message` is shown as given (translate it); `code` must not be one of pydantic's error types,
    whose messages are chosen by type (see `validation_message`).
    """
    return NinjaValidationError([{"loc": ("body", BODY_PARAM, field), "msg": str(message), "type": code}])


def _body(code: str, message: Any, errors: Mapping[str, Iterable[Any]] | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "message": str(message),
        "errors": {name: [str(m) for m in msgs] for name, msgs in (errors or {}).items()},
    }


def field_name(loc: Iterable[Any]) -> str:
    """("body", "payload", "mobile") → "mobile"; ("query", "level") → "level"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == BODY_PARAM:
        parts = parts[1:]
    if parts == [BODY_PARAM] or not parts:
        return NON_FIELD_ERRORS
    return ".".join(parts)


# Schema validation messages -----------------------------------------------------------------------
#
# pydantic words its messages in English. Each error carries a stable `type` and, for limits, a `ctx`
# ({"ge": 2000}, {"max_length": 50}, {"expected": "'a', 'b' or 'c'"}, {"pattern": ...}); the message
# shown is chosen by the type and filled from the ctx, in the language the request runs in.
# Errors raised by the project itself (`field_error`, with codes such as "out_of_scope") already
# carry a translated message and keep it.

PYDANTIC_ERROR_TYPES = frozenset(typing.get_args(core_schema.ErrorType))

_REQUIRED = gettext_lazy("此项为必填项。")
_UNKNOWN_FIELD = gettext_lazy("不接受此字段，请检查字段名是否拼写正确。")
_STRING = gettext_lazy("应为文本（字符串）。")
_INTEGER = gettext_lazy("应为整数。")
_NUMBER = gettext_lazy("应为数字。")
_BOOLEAN = gettext_lazy("应为布尔值（true或false）。")
_DATE = gettext_lazy("应为有效日期，格式为YYYY-MM-DD。")
_TIME = gettext_lazy("应为有效时间，格式为HH:MM或HH:MM:SS。")
_DATETIME = gettext_lazy("应为有效的日期时间，如2024-05-01T08:30:00+08:00。")
_DURATION = gettext_lazy("应为有效的时长。")
_LIST = gettext_lazy("应为列表（JSON数组）。")
_OBJECT = gettext_lazy("应为对象（JSON对象）。")
_JSON = gettext_lazy("不是有效的JSON。")
_URL = gettext_lazy("应为有效的网址。")
_UUID = gettext_lazy("应为有效的UUID。")
_ONE_OF = gettext_lazy("应为以下值之一：%(expected)s。")

MESSAGES: dict[str, Any] = {
    **dict.fromkeys(("missing", "missing_argument", "missing_keyword_only_argument",
                     "missing_positional_only_argument"), _REQUIRED),
    **dict.fromkeys(("extra_forbidden", "unexpected_keyword_argument", "unexpected_positional_argument"),
                    _UNKNOWN_FIELD),
    "none_required": gettext_lazy("此项应为空（null）。"),
    **dict.fromkeys(("string_type", "string_unicode"), _STRING),
    "string_too_short": gettext_lazy("至少需要%(min_length)s个字符。"),
    "string_too_long": gettext_lazy("最多%(max_length)s个字符。"),
    "string_pattern_mismatch": gettext_lazy("格式不正确，应符合正则表达式 %(pattern)s。"),
    "string_not_ascii": gettext_lazy("只能包含ASCII字符。"),
    **dict.fromkeys(("enum", "literal_error"), _ONE_OF),
    **dict.fromkeys(("int_type", "int_parsing"), _INTEGER),
    "int_parsing_size": gettext_lazy("整数超出允许的范围。"),
    "int_from_float": gettext_lazy("应为整数，不能有小数部分。"),
    **dict.fromkeys(("float_type", "float_parsing", "decimal_type", "decimal_parsing"), _NUMBER),
    "finite_number": gettext_lazy("应为有限的数字。"),
    "greater_than": gettext_lazy("应大于%(gt)s。"),
    "greater_than_equal": gettext_lazy("应大于或等于%(ge)s。"),
    "less_than": gettext_lazy("应小于%(lt)s。"),
    "less_than_equal": gettext_lazy("应小于或等于%(le)s。"),
    "multiple_of": gettext_lazy("应为%(multiple_of)s的倍数。"),
    "decimal_max_digits": gettext_lazy("数字总位数不能超过%(max_digits)s位。"),
    "decimal_max_places": gettext_lazy("小数位数不能超过%(decimal_places)s位。"),
    "decimal_whole_digits": gettext_lazy("整数部分不能超过%(whole_digits)s位。"),
    **dict.fromkeys(("bool_type", "bool_parsing"), _BOOLEAN),
    **dict.fromkeys(("date_type", "date_parsing", "date_from_datetime_parsing"), _DATE),
    "date_from_datetime_inexact": gettext_lazy("应为日期（YYYY-MM-DD），不能带时间。"),
    "date_past": gettext_lazy("应为过去的日期。"),
    "date_future": gettext_lazy("应为将来的日期。"),
    **dict.fromkeys(("time_type", "time_parsing"), _TIME),
    **dict.fromkeys(("datetime_type", "datetime_parsing", "datetime_from_date_parsing",
                     "datetime_object_invalid"), _DATETIME),
    "datetime_past": gettext_lazy("应为过去的时间。"),
    "datetime_future": gettext_lazy("应为将来的时间。"),
    "timezone_aware": gettext_lazy("应带时区，如+08:00。"),
    "timezone_naive": gettext_lazy("不应带时区。"),
    **dict.fromkeys(("time_delta_type", "time_delta_parsing"), _DURATION),
    **dict.fromkeys(("list_type", "tuple_type", "set_type", "frozen_set_type", "deque_type", "iterable_type"),
                    _LIST),
    "too_short": gettext_lazy("至少需要%(min_length)s项。"),
    "too_long": gettext_lazy("最多%(max_length)s项。"),
    **dict.fromkeys(("dict_type", "mapping_type", "model_type", "model_attributes_type", "dataclass_type"),
                    _OBJECT),
    **dict.fromkeys(("json_invalid", "json_type"), _JSON),
    **dict.fromkeys(("url_type", "url_parsing", "url_syntax_violation", "url_scheme"), _URL),
    "url_too_long": gettext_lazy("网址最多%(max_length)s个字符。"),
    **dict.fromkeys(("uuid_type", "uuid_parsing", "uuid_version"), _UUID),
    "union_tag_invalid": gettext_lazy("类型标记应为以下值之一：%(expected_tags)s。"),
}
# The fallback for any other type: still in the user's language, with the type for integrators.
_INVALID = gettext_lazy("取值无效（%(code)s）。")

# "'a', 'b' or 'c'" (enum, literal_error) → ["a", "b", "c"]
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'" + r'|"((?:[^"\\]|\\.)*)"')
_LIST_SPLIT = re.compile(r",\s*|\s+or\s+")


def _choices(expected: Any) -> str:
    text = str(expected)
    values = [a or b for a, b in _QUOTED.findall(text)] if _QUOTED.search(text) else [
        v for v in _LIST_SPLIT.split(text) if v]
    return pgettext("list separator", "、").join(values) if values else text


def _show(value: Any) -> str:
    """A limit as a person writes it: 2000 not 2000.0, 2024-05-01 not a repr."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _special(code: str, ctx: Mapping[str, Any]) -> str | None:
    if code == "string_too_short" and ctx.get("min_length") == 1:
        return _("不能为空。")
    if code in ("value_error", "assertion_error"):
        # A validator's own message (raised with gettext, so already in the request's language).
        return str(ctx.get("error") or "") or None
    return None


def validation_message(error: Mapping[str, Any]) -> str:
    """The message for one schema error, in the active language, chosen by its type and ctx."""
    code = str(error.get("type", ""))
    if code not in PYDANTIC_ERROR_TYPES:
        # The project's own errors (field_error) carry their translated message.
        return str(error.get("msg") or "") or _INVALID % {"code": code or "invalid"}
    ctx = error.get("ctx") or {}
    special = _special(code, ctx)
    if special:
        return special
    template = MESSAGES.get(code)
    if template is None:
        return _INVALID % {"code": code}
    values: dict[str, Any] = {name: _show(value) for name, value in ctx.items()}
    for name in ("expected", "expected_tags"):
        if name in ctx:
            values[name] = _choices(ctx[name])
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return _INVALID % {"code": code}


def _validation(request: HttpRequest, exc: NinjaValidationError, api: NinjaAPI) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    code = "validation_error"
    for error in exc.errors:
        errors.setdefault(field_name(error.get("loc", ())), []).append(validation_message(error))
        if error.get("type") == "out_of_scope":
            code = "out_of_scope"
    return api.create_response(request, _body(code, _("提交的数据有误。"), errors), status=422)


def _application(request: HttpRequest, exc: ApplicationError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body(exc.code, exc.message, exc.field_errors), status=400)


def _model_validation(request: HttpRequest, exc: DjangoValidationError, api: NinjaAPI) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return api.create_response(request, _body("invalid", _("提交的数据有误。"), errors), status=400)


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body("not_found", _("未找到该记录。")), status=404)


def _denied(request: HttpRequest, exc: PermissionDenied, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body("permission_denied", _("您没有执行此操作的权限。")), status=403)


def _csrf(request: HttpRequest, exc: CsrfFailed, api: NinjaAPI) -> HttpResponse:
    message = _("CSRF校验失败，请刷新页面后重试。")
    return api.create_response(request, _body("csrf_failed", message), status=403)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    response = api.create_response(
        request, _body("not_authenticated", _("请先登录，或提供有效的访问令牌。")), status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    # ninja raises HttpError(400) for a body that is not JSON, Throttled (429) for rate limits.
    known = {
        400: ("bad_request", _("请求内容无法解析，请提交JSON。")),
        429: ("throttled", _("请求过于频繁，请稍后再试。")),
    }
    code, message = known.get(exc.status_code, (f"http_{exc.status_code}", exc.message))
    return api.create_response(request, _body(code, message), status=exc.status_code)


def install(api: NinjaAPI) -> None:
    handlers = {
        NinjaValidationError: _validation,
        ApplicationError: _application,
        DjangoValidationError: _model_validation,
        Http404: _not_found,
        PermissionDenied: _denied,
        CsrfFailed: _csrf,
        AuthenticationError: _unauthenticated,
        HttpError: _http_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, lambda request, exc, handler=handler: handler(request, exc, api))
