"""What an API request does not build: a Django session, its messages, an Accept negotiation it cannot lose.
Counted by what the request carries, not timed."""

from http import HTTPStatus

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "session_built"),
    [
        ("/api/auth/me/", False),  # the token API: DRF's request.user, no Django session or messages
        ("/api/auth/jwks/", False),
        ("/admin/login/", True),  # the admin signs in with Django's session
    ],
)
def test_only_pages_outside_the_api_get_a_django_session_and_messages(auth_client, path, session_built):
    auth_client.cookies["sessionid"] = "not-a-session"
    response = auth_client.get(path)
    assert response.status_code == HTTPStatus.OK
    request = response.wsgi_request
    assert hasattr(request, "session") is session_built
    assert hasattr(request, "_messages") is session_built
    if not session_built:
        assert "sessionid" not in response.cookies  # the API neither reads nor clears the session cookie


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "query", "status", "content_type"),
    [
        (None, "", HTTPStatus.OK, "application/json"),
        ("*/*", "", HTTPStatus.OK, "application/json"),
        ("application/json", "", HTTPStatus.OK, "application/json"),
        ("text/html, application/json;q=0.9", "", HTTPStatus.OK, "application/json"),
        ("text/html", "", HTTPStatus.NOT_ACCEPTABLE, "application/json"),  # DRF's answer, unchanged
        ("*/*", "?format=json", HTTPStatus.OK, "application/json"),
        ("*/*", "?format=xml", HTTPStatus.NOT_FOUND, "application/json"),
    ],
)
def test_content_negotiation_answers_as_drf_does(auth_client, user, accept, query, status, content_type):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = auth_client.get("/api/auth/me/" + query, **headers)
    assert response.status_code == status
    assert response["Content-Type"] == content_type
    if status == HTTPStatus.OK:
        assert response.json()["email"] == user.email
