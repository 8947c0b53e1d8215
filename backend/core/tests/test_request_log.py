"""The request id and the one log line per request (core.request_id, core.middleware.RequestLogMiddleware)."""

import json
import logging
import uuid
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings

from core.request_id import REQUEST_ID_HEADER, RequestIdLogFilter

LOGIN = "/api/auth/login/"


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "latchkey.request"]


def _json_line(record: logging.LogRecord) -> dict:
    """The record as the production formatter writes it (settings LOG_FORMATTERS["json"])."""
    from pythonjsonlogger.json import JsonFormatter

    options = {k: v for k, v in django_settings.LOG_FORMATTERS["json"].items() if k != "()"}
    RequestIdLogFilter().filter(record)
    return json.loads(JsonFormatter(**options).format(record))


@pytest.mark.django_db
def test_a_request_gets_a_fresh_id_returned_in_the_header_and_on_its_log_lines(api_client, caplog):
    caplog.set_level(logging.INFO)
    response = api_client.post(LOGIN, {"email": "nobody@example.com", "password": "wrong-password-1"}, format="json")
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    request_id = response[REQUEST_ID_HEADER]
    assert uuid.UUID(request_id)
    (line,) = _request_lines(caplog)
    assert (line.method, line.route, line.status, line.request_id) == ("POST", LOGIN, 401, request_id)
    # The audit event logged inside the request carries the same id.
    audit = [record for record in caplog.records if record.name == "audit"]
    assert audit
    assert {record.request_id for record in audit} == {request_id}


@pytest.mark.django_db
def test_an_id_from_an_untrusted_address_is_replaced(api_client, settings):
    settings.TRUSTED_PROXIES = ["10.9.9.9"]
    response = api_client.get("/api/health/live", HTTP_X_REQUEST_ID="chosen-by-the-client-1234")
    assert response[REQUEST_ID_HEADER] != "chosen-by-the-client-1234"
    assert uuid.UUID(response[REQUEST_ID_HEADER])


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("6f1c2a4e-0b7d-4c55-9a3e-2d1f0e9c8b7a", True),
        ("0123456789abcdef0123456789abcdef", True),  # nginx's $request_id
        ("short", False),
        ("has spaces in it 123", False),
        ('{"forged": "json"}', False),
        ("x" * 129, False),
    ],
)
@pytest.mark.django_db
def test_an_id_from_a_trusted_proxy_is_kept_only_when_well_formed(api_client, settings, sent, kept):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = api_client.get("/api/health/live", HTTP_X_REQUEST_ID=sent)
    assert (response[REQUEST_ID_HEADER] == sent) is kept


@pytest.mark.django_db
def test_the_log_line_names_the_route_pattern_never_the_path_or_its_query(auth_client, caplog):
    caplog.set_level(logging.INFO)
    session = uuid.uuid4()
    key = "one-time-key-" + uuid.uuid4().hex
    auth_client.delete(f"/api/auth/sessions/{session}/?key={key}")
    auth_client.get(f"/no/such/page?key={key}")
    lines = [_json_line(record) for record in _request_lines(caplog)]
    assert [(line["route"], line["status"]) for line in lines] == [
        ("/api/auth/sessions/<uuid:session_id>/", 404),
        ("unmatched", 404),
    ]
    for line in lines:
        assert set(line) >= {"time", "level", "logger", "message", "request_id", "method", "duration_ms", "client_ip"}
        text = json.dumps(line)
        assert key not in text
        assert str(session) not in text


@pytest.mark.django_db
def test_health_probes_are_logged_under_their_own_route(api_client, caplog):
    caplog.set_level(logging.INFO)
    api_client.get("/api/health/live")
    (line,) = _request_lines(caplog)
    assert line.route == "/api/health/live"


@pytest.mark.django_db
def test_djangos_own_error_lines_carry_the_id_but_never_the_query_string(api_client, caplog):
    caplog.set_level(logging.INFO)
    key = "one-time-key-" + uuid.uuid4().hex
    response = api_client.get(f"/no/such/page?key={key}")
    (warning,) = [record for record in caplog.records if record.name == "django.request"]
    line = _json_line(warning)
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    assert key not in json.dumps(line)
