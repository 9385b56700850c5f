"""One error shape for the whole API: {"code", "message", "errors": {field: [messages]}}.

Every exception the API can meet is mapped here, so clients parse one structure whatever failed:
schema validation (422), business rules (400), model validation (400), missing or out-of-scope
records (404), missing permission (403) and missing credentials (401).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

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
    """A 422 pointing at one body field, for checks made after the schema parsed."""
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


def _validation(request: HttpRequest, exc: NinjaValidationError, api: NinjaAPI) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    code = "validation_error"
    for error in exc.errors:
        errors.setdefault(field_name(error.get("loc", ())), []).append(str(error.get("msg", "")))
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
