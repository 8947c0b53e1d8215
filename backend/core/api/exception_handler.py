"""The one place where error JSON is built: {"status": 400, "errors": [{"code", "message", "param"?}]}."""

import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

Error = dict[str, str]

AUTHENTICATE_HEADER = 'Bearer realm="api"'


def _error(code: str, message: str, param: str | None = None) -> Error:
    error = {"code": code, "message": message}
    if param and param not in (api_settings.NON_FIELD_ERRORS_KEY, "__all__"):
        error["param"] = param
    return error


def _is_leaf(detail: Any) -> bool:
    return isinstance(detail, dict) and set(detail) == {"message", "code"}


def _join(param: str | None, key: object) -> str | None:
    if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__"):
        return param
    return f"{param}.{key}" if param else str(key)


def _flatten(detail: Any, param: str | None = None) -> list[Error]:
    """Turns DRF's nested {field: [{message, code}]} details into a flat list naming each field."""
    if _is_leaf(detail):
        return [_error(str(detail["code"]), str(detail["message"]), param)]
    if isinstance(detail, dict):
        return [error for key, value in detail.items() for error in _flatten(value, _join(param, key))]
    if isinstance(detail, list):
        return [
            error
            for index, value in enumerate(detail)
            for error in _flatten(value, param if _is_leaf(value) else _join(param, index))
        ]
    return [_error("invalid", str(detail), param)]


def _django_validation_errors(exc: DjangoValidationError) -> list[Error]:
    if hasattr(exc, "error_dict"):
        return [
            _error(error.code or "invalid", " ".join(error.messages), field)
            for field, field_errors in exc.error_dict.items()
            for error in field_errors
        ]
    return [_error(error.code or "invalid", " ".join(error.messages)) for error in exc.error_list]


def error_response(status: int, errors: list[Error], headers: dict[str, str] | None = None) -> Response:
    response = Response({"status": status, "errors": errors}, status=status, headers=headers)
    if status == HTTPStatus.UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = AUTHENTICATE_HEADER
    return response


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return error_response(exc.status, [_error(exc.code, exc.message, exc.param)], headers)
    if isinstance(exc, DjangoValidationError):
        return error_response(HTTPStatus.BAD_REQUEST, _django_validation_errors(exc))
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, [_error("request_too_large", _("The request body is too large."))]
        )
    if isinstance(exc, SuspiciousOperation):
        return error_response(HTTPStatus.BAD_REQUEST, [_error("bad_request", _("The request could not be processed."))])
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", type(exc).__name__)
        return error_response(
            HTTPStatus.SERVICE_UNAVAILABLE,
            [_error("service_unavailable", _("The service is temporarily unavailable. Try again shortly."))],
            headers={"Retry-After": "5"},
        )
    if isinstance(exc, DatabaseError):
        return None

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.get_full_details())
    elif isinstance(exc, exceptions.APIException):
        errors = [_error(*_code_and_message(exc))]
    elif isinstance(exc, Http404):
        errors = [_error("not_found", _("Not found."))]
    elif isinstance(exc, PermissionDenied):
        errors = [_error("permission_denied", _("You do not have permission to perform this action."))]
    else:  # pragma: no cover - DRF handles only the types above
        errors = [_error("error", _("The request failed."))]
    headers = {name: value for name, value in response.items() if name in ("Retry-After", "WWW-Authenticate", "Allow")}
    return error_response(response.status_code, errors, headers)


def _code_and_message(exc: exceptions.APIException) -> tuple[str, str]:
    if isinstance(exc, exceptions.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)
        message = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            wait,
        )
        return "throttled", message % {"seconds": wait}
    detail: Any = exc.detail
    if isinstance(detail, dict):
        # simplejwt puts {"detail", "code", "messages"} here; the inner messages would name token internals.
        return str(detail.get("code", exc.default_code)), str(detail.get("detail", exc.default_detail))
    if isinstance(detail, list):
        detail = detail[0] if detail else exc.default_detail
    code = getattr(detail, "code", None) or exc.default_code
    return str(code), str(detail)


def _json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"status": status, "errors": [_error(code, message)]}, status=status)


# Django-level handlers, for errors raised outside DRF views (unknown URLs, a crash).
def bad_request(request: Any, exception: Exception | None = None) -> JsonResponse:
    return _json_error(400, "bad_request", _("The request could not be processed."))


def permission_denied(request: Any, exception: Exception | None = None) -> JsonResponse:
    return _json_error(403, "permission_denied", _("You do not have permission to perform this action."))


def not_authenticated() -> JsonResponse:
    return _json_error(401, "not_authenticated", _("Authentication credentials were not provided."))


def not_found(request: Any, exception: Exception | None = None) -> JsonResponse:
    return _json_error(404, "not_found", _("Not found."))


def server_error(request: Any) -> JsonResponse:
    return _json_error(500, "server_error", _("Something went wrong on our side."))


def method_not_allowed(allowed: str) -> JsonResponse:
    """For Django (non-DRF) views, whose own 405 has an empty HTML body (the admin's pages)."""
    response = _json_error(405, "method_not_allowed", _("Method not allowed."))
    response["Allow"] = allowed
    return response
