"""Whatever a client sends, the answer is a 4xx in the one error shape, never a 5xx."""

import json
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

ENDPOINTS = ["/api/auth/register/", "/api/auth/login/", "/api/auth/refresh/", "/api/auth/logout/"]


def _assert_error_shape(response, status: int) -> None:
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) <= {"code", "message", "param"}
        assert error["code"]
        assert error["message"]


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", HTTPStatus.BAD_REQUEST),
        ("", "application/json", HTTPStatus.BAD_REQUEST),
        ("[1, 2, 3]", "application/json", HTTPStatus.BAD_REQUEST),
        ('"a string"', "application/json", HTTPStatus.BAD_REQUEST),
        ("null", "application/json", HTTPStatus.BAD_REQUEST),
        ("\xff\xfe", "application/json", HTTPStatus.BAD_REQUEST),
        ("email=a@b.c&password=x", "application/x-www-form-urlencoded", HTTPStatus.UNSUPPORTED_MEDIA_TYPE),
        ("<xml/>", "application/xml", HTTPStatus.UNSUPPORTED_MEDIA_TYPE),
        ("hello", "text/plain", HTTPStatus.UNSUPPORTED_MEDIA_TYPE),
    ],
)
def test_malformed_bodies_get_a_json_4xx(client, url, body, content_type, status):
    response = client.generic("POST", url, body, content_type=content_type)

    _assert_error_shape(response, status)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_one_megabyte_body_is_refused_with_413(client, url):
    body = json.dumps({"email": "a@example.com", "password": "x" * 1_000_000, "name": "n", "refresh": "r"})

    response = client.generic("POST", url, body, content_type="application/json")

    _assert_error_shape(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(
    "payload",
    [
        {"email": "😀@例え.jp", "password": "пароль пароль пароль", "name": "Ωmega", "refresh": "ü.ö.ä"},
        {"email": 1, "password": 2, "name": 3, "refresh": 4},
        {"email": True, "password": False, "name": None, "refresh": None},
        {"email": {"$ne": ""}, "password": {"$gt": ""}, "name": [], "refresh": {}},
        {"email": "a@example.com' OR '1'='1", "password": "' OR 1=1 --", "name": "<script>", "refresh": "'; --"},
    ],
)
def test_wrong_types_and_unicode_never_cause_a_5xx(client, url, payload):
    response = client.post(url, payload)

    assert HTTPStatus.BAD_REQUEST <= response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
    _assert_error_shape(response, response.status_code)


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(client):
    _assert_error_shape(client.get("/api/does-not-exist/"), HTTPStatus.NOT_FOUND)


@pytest.mark.django_db
def test_wrong_method_is_a_json_405_with_allow(client):
    response = client.delete("/api/auth/login/")

    _assert_error_shape(response, HTTPStatus.METHOD_NOT_ALLOWED)
    assert "POST" in response["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_json_nested_deeper_than_the_recursion_limit_is_a_400(client, url):
    # Found by the stress work: json.loads raised RecursionError, which DRF's parser does not catch (a 500).
    body = "[" * 20_000 + "]" * 20_000

    response = client.generic("POST", url, body, content_type="application/json")

    _assert_error_shape(response, HTTPStatus.BAD_REQUEST)
