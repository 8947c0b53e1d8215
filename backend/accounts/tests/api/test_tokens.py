"""Refresh rotation, logout, and the boundary between access and refresh tokens."""

from datetime import timedelta
from http import HTTPStatus

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.tests.factories import UserFactory

REFRESH = "/api/auth/refresh/"
LOGOUT = "/api/auth/logout/"
ME = "/api/auth/me/"


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_refresh_returns_a_new_pair_and_retires_the_old_refresh_token(api_client, tokens):
    first = api_client.post(REFRESH, {"refresh": tokens.refresh})

    assert first.status_code == HTTPStatus.OK
    assert set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != tokens.refresh
    assert api_client.get(ME, **_bearer(first.json()["access"])).status_code == HTTPStatus.OK

    reused = api_client.post(REFRESH, {"refresh": tokens.refresh})
    assert reused.status_code == HTTPStatus.UNAUTHORIZED
    assert reused.json()["errors"][0]["code"] == "token_not_valid"
    assert api_client.post(REFRESH, {"refresh": first.json()["refresh"]}).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_access_token_is_not_accepted_as_refresh_token(api_client, tokens):
    response = api_client.post(REFRESH, {"refresh": tokens.access})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["errors"][0] == {
        "code": "token_not_valid",
        "message": "The refresh token is invalid, expired or already used.",
        "param": "refresh",
    }


@pytest.mark.django_db
def test_refresh_token_is_not_accepted_as_access_token(api_client, tokens):
    response = api_client.get(ME, **_bearer(tokens.refresh))

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"].startswith("Bearer")


def _forged(claims: dict, *, key: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key or settings.SIMPLE_JWT["SIGNING_KEY"], algorithm=algorithm)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda c: _forged(c, key="not-our-key-" * 4), id="wrong-key"),
        pytest.param(lambda c: _forged({**c, "aud": "another-service"}), id="other-audience"),
        pytest.param(lambda c: _forged({**c, "iss": "someone-else"}), id="other-issuer"),
        pytest.param(lambda c: _forged({**c, "exp": c["iat"] - 1}), id="expired"),
        pytest.param(lambda c: jwt.encode(c, None, algorithm="none"), id="alg-none"),
        pytest.param(lambda c: _forged(c, algorithm="HS512"), id="alg-outside-allowlist"),
    ],
)
def test_tampered_tokens_are_rejected_everywhere(api_client, user, tamper):
    access_claims = dict(AccessToken.for_user(user).payload)
    refresh_claims = dict(RefreshToken.for_user(user).payload)

    assert api_client.get(ME, **_bearer(tamper(access_claims))).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.post(REFRESH, {"refresh": tamper(refresh_claims)}).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_access_token_with_altered_payload_is_rejected(api_client, tokens):
    other = UserFactory()
    header, _payload, signature = tokens.access.split(".")
    claims = jwt.decode(tokens.access, options={"verify_signature": False})
    altered = jwt.utils.base64url_encode(jwt.api_jws.json.dumps({**claims, "user_id": str(other.id)}).encode()).decode()

    response = api_client.get(ME, **_bearer(f"{header}.{altered}.{signature}"))

    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_access_token_holds_identifiers_only(user, tokens):
    claims = jwt.decode(tokens.access, options={"verify_signature": False})

    assert set(claims) == {"token_type", "exp", "iat", "jti", "user_id", "aud", "iss"}
    assert claims["exp"] - claims["iat"] == settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] / timedelta(seconds=1)


@pytest.mark.django_db
def test_refresh_for_a_deactivated_user_is_rejected(api_client, user, tokens):
    user.is_active = False
    user.save()

    assert api_client.post(REFRESH, {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.get(ME, **_bearer(tokens.access)).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_logout_retires_the_refresh_token(api_client, tokens):
    response = api_client.post(LOGOUT, {"refresh": tokens.refresh})

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert api_client.post(REFRESH, {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.post(LOGOUT, {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
@pytest.mark.parametrize("refresh", ["", "garbage", "a.b.c", "x" * 5000])
def test_logout_and_refresh_with_bad_token_are_4xx(api_client, refresh):
    for url in (LOGOUT, REFRESH):
        response = api_client.post(url, {"refresh": refresh})
        assert response.status_code in (HTTPStatus.BAD_REQUEST, HTTPStatus.UNAUTHORIZED)
        assert response.json()["errors"][0]["param"] == "refresh"


@pytest.mark.django_db
def test_logout_and_refresh_are_post_only(api_client):
    assert api_client.get(LOGOUT).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert api_client.get(REFRESH).status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.django_db
def test_refresh_is_rate_limited(api_client, tokens, throttle_rates):
    throttle_rates(refresh="1/min")
    api_client.post(REFRESH, {"refresh": tokens.refresh})

    response = api_client.post(REFRESH, {"refresh": tokens.refresh})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0
