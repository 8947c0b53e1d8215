"""A new sign-in from a browser that still holds a session ends that session first."""

from http import HTTPStatus

import jwt
import pytest
from rest_framework.test import APIClient

from audit.models import SecurityEvent
from usersessions.models import Session

LOGIN = "/api/auth/login/"
REGISTER = "/api/auth/register/"
REFRESH = "/api/auth/refresh/"
ME = "/api/auth/me/"


def _sid(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


def _login(user, password, **extra):
    response = APIClient().post(LOGIN, {"email": user.email, "password": password, **extra})
    assert response.status_code == HTTPStatus.OK, response.json()
    return response.json()


def _dead(pair: dict) -> bool:
    me = APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    return me.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("held", "rotate_first"),
    [("current refresh token", False), ("rotated-out token, successor never received", True)],
)
def test_login_with_the_held_refresh_token_ends_that_session(user, user_password, held, rotate_first):
    old = _login(user, user_password)
    if rotate_first:
        assert APIClient().post(REFRESH, {"refresh": old["refresh"]}).status_code == HTTPStatus.OK

    new = _login(user, user_password, refresh=old["refresh"])

    assert _dead(old)
    assert not _dead(new)
    assert APIClient().post(REFRESH, {"refresh": old["refresh"]}).status_code == HTTPStatus.UNAUTHORIZED
    assert Session.objects.get(pk=_sid(old["refresh"])).revoked_reason == "superseded"
    live = [str(pk) for pk in Session.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True)]
    assert live == [_sid(new["refresh"])]
    assert not SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "junk",
    ["", "not a token", "x" * 4096, "eyJhbGciOiJub25lIn0.eyJzaWQiOiIxIn0.", "a.b.c", "\u00e9\u00e9"],
    ids=["empty", "text", "long", "alg-none", "dots", "unicode"],
)
def test_login_ignores_a_refresh_value_that_is_not_a_live_token(user, user_password, junk):
    other = _login(user, user_password)

    new = _login(user, user_password, refresh=junk)

    assert not _dead(other)
    assert not _dead(new)


@pytest.mark.django_db
def test_login_ignores_an_access_token_or_an_ended_session_given_as_refresh(user, user_password):
    first = _login(user, user_password)
    second = _login(user, user_password, refresh=first["access"])
    assert not _dead(first)
    APIClient().post("/api/auth/logout/", {"refresh": first["refresh"]})

    third = _login(user, user_password, refresh=first["refresh"])

    assert not _dead(second)
    assert not _dead(third)


@pytest.mark.django_db
def test_a_failed_login_leaves_the_held_session_alone(user, user_password):
    old = _login(user, user_password)

    response = APIClient().post(LOGIN, {"email": user.email, "password": "wrong password 1", "refresh": old["refresh"]})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert not _dead(old)


@pytest.mark.django_db
def test_signing_up_from_a_browser_that_holds_a_session_ends_it(user, user_password):
    old = _login(user, user_password)

    response = APIClient().post(
        REGISTER,
        {
            "email": "bea@example.com",
            "password": "correct horse battery staple",
            "name": "Bea",
            "refresh": old["refresh"],
        },
    )

    assert response.status_code == HTTPStatus.CREATED
    assert _dead(old)
    assert not _dead(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("value", [1, None, ["x"], {"a": 1}, True])
def test_a_refresh_value_of_the_wrong_type_is_a_400_on_refresh(user, user_password, value):
    old = _login(user, user_password)

    response = APIClient().post(
        LOGIN, {"email": user.email, "password": user_password, "refresh": value}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e["param"] for e in response.json()["errors"]] == ["refresh"]
    assert not _dead(old)
