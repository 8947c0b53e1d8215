from http import HTTPStatus

import jwt
import pytest

URL = "/api/auth/me/export/"


@pytest.mark.django_db
def test_export_returns_everything_stored_about_the_user_without_secrets(auth_client, user, tokens):
    auth_client.post("/api/auth/login/", {"email": user.email, "password": "not the password at all"})

    response = auth_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"exported_at", "profile", "second_factors", "sessions", "security_events"}
    assert body["second_factors"]["authenticator_app"] == {"enabled": False, "since": None}
    assert body["profile"] == {
        "id": user.id,
        "email": "ann@example.com",
        "name": "Ann Example",
        "email_verified": False,
        "email_verified_at": None,
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
        "last_login": None,
        "is_active": True,
        "is_staff": False,
        "language": "en",
    }
    [session] = body["sessions"]
    assert session["id"] == jwt.decode(tokens.access, options={"verify_signature": False})["sid"]
    assert "refresh_jti" not in session
    assert [event["kind"] for event in body["security_events"]] == ["login_failed"]
    assert user.password not in response.content.decode()
    assert tokens.refresh not in response.content.decode()
    assert "password" not in response.content.decode()


@pytest.mark.django_db
def test_export_needs_a_signed_in_user(api_client):
    assert api_client.get(URL).status_code == HTTPStatus.UNAUTHORIZED
