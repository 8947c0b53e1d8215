from http import HTTPStatus

import pytest

from accounts.hashers import Argon2idPasswordHasher
from accounts.tests.factories import UserFactory

URL = "/api/auth/login/"
INVALID = {"status": 401, "errors": [{"code": "invalid_credentials", "message": "Invalid email or password."}]}


@pytest.mark.django_db
def test_login_returns_user_and_token_pair(api_client, user, user_password):
    response = api_client.post(URL, {"email": "ann@example.com", "password": user_password})

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["user"] == {
        "id": user.id,
        "email": "ann@example.com",
        "name": "Ann Example",
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
        "email_verified": False,
        "language": "en",
    }
    assert body["access"] != body["refresh"]
    user.refresh_from_db()
    assert user.last_login is not None


@pytest.mark.django_db
def test_login_email_is_case_insensitive(api_client, user, user_password):
    response = api_client.post(URL, {"email": "ANN@Example.COM", "password": user_password})

    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "ann@example.com", "password": "wrong password entirely"},
        {"email": "nobody@example.com", "password": "quiet meadow lantern 42"},
        {"email": "ann@example.com", "password": "QUIET MEADOW LANTERN 42"},
        {"email": "ann@example.com", "password": "quiet meadow lantern 42 "},
        {"email": "ann@example.com", "password": " quiet meadow lantern 42"},
    ],
)
def test_login_failures_all_return_the_same_401(api_client, user, credentials):
    response = api_client.post(URL, credentials)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == INVALID
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "access" not in response.json()


@pytest.mark.django_db
def test_login_of_deactivated_account_looks_like_a_wrong_password(api_client, user_password):
    UserFactory(email="gone@example.com", is_active=False)

    response = api_client.post(URL, {"email": "gone@example.com", "password": user_password})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == INVALID


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_login_failure_costs_one_argon2_hash_whether_or_not_the_account_exists(api_client, user, monkeypatch, email):
    """Equal work is what makes the timing equal: an unknown email still pays for one full hash."""
    calls = []
    for method in ("encode", "verify"):
        original = getattr(Argon2idPasswordHasher, method)

        def spy(self, *args, _original=original, _method=method):
            calls.append(_method)
            return _original(self, *args)

        monkeypatch.setattr(Argon2idPasswordHasher, method, spy)

    response = api_client.post(URL, {"email": email, "password": "wrong password entirely"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert len(calls) == 1


@pytest.mark.django_db
def test_a_year_old_password_still_logs_in(api_client, user, user_password):
    from datetime import timedelta

    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=400))

    assert api_client.post(URL, {"email": user.email, "password": user_password}).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_login_ignores_a_stray_bearer_header(api_client, user, user_password):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")

    response = api_client.post(URL, {"email": user.email, "password": user_password})

    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "param"),
    [({}, "email"), ({"email": "ann@example.com"}, "password"), ({"email": "x", "password": "y"}, "email")],
)
def test_login_with_missing_or_malformed_fields_returns_400(api_client, payload, param):
    response = api_client.post(URL, payload)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert param in {error.get("param") for error in response.json()["errors"]}


@pytest.mark.django_db
def test_login_is_rate_limited_per_client_ip(api_client, user, throttle_rates):
    throttle_rates(login="3/min")
    for _ in range(3):
        api_client.post(URL, {"email": user.email, "password": "wrong password entirely"})

    limited = api_client.post(URL, {"email": user.email, "password": "quiet meadow lantern 42"})
    other_ip = api_client.post(
        URL, {"email": user.email, "password": "quiet meadow lantern 42"}, REMOTE_ADDR="10.1.2.3"
    )

    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["errors"][0]["code"] == "throttled"
    assert other_ip.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_forwarded_for_header_cannot_dodge_the_limit_from_an_untrusted_peer(api_client, user, throttle_rates):
    throttle_rates(login="2/min")
    statuses = [
        api_client.post(
            URL, {"email": user.email, "password": "wrong password entirely"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [401, 401, 429]
