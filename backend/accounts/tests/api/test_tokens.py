"""Refresh rotation, logout, and what makes a token acceptable: our key, our audience, the right type."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

from core.context import RequestContext
from tokens.keyring import keyring
from usersessions.services import session_start

REFRESH = "/api/auth/refresh/"
LOGOUT = "/api/auth/logout/"
ME = "/api/auth/me/"


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _sign(claims: dict, *, key=None, algorithm: str = "ES256", headers: dict | None = None) -> str:
    active = keyring.active()
    return jwt.encode(
        claims, key or active.private_key, algorithm=algorithm, headers={"kid": active.kid, **(headers or {})}
    )


@pytest.mark.django_db
def test_refresh_returns_a_new_pair_and_the_new_refresh_token_works(api_client, tokens):
    first = api_client.post(REFRESH, {"refresh": tokens.refresh})

    assert first.status_code == HTTPStatus.OK
    assert set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != tokens.refresh
    assert api_client.get(ME, **_bearer(first.json()["access"])).status_code == HTTPStatus.OK
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


def _hs256_with_public_key(claims: dict) -> str:
    public = keyring.active().private_key.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    signature = base64.urlsafe_b64encode(hmac.new(pem, header + b"." + body, hashlib.sha256).digest()).rstrip(b"=")
    return (header + b"." + body + b"." + signature).decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda c: _sign(c, key=ec.generate_private_key(ec.SECP256R1())), id="wrong-key-same-kid"),
        pytest.param(lambda c: _sign({**c, "aud": "another-service"}), id="other-audience"),
        pytest.param(lambda c: _sign({**c, "iss": "someone-else"}), id="other-issuer"),
        pytest.param(lambda c: _sign({**c, "exp": c["iat"] - 1}), id="expired"),
        pytest.param(lambda c: _sign({**c, "nbf": c["iat"] + 3600}), id="not-yet-valid"),
        pytest.param(lambda c: _sign(c, headers={"kid": "unknown-kid"}), id="unknown-kid"),
        pytest.param(lambda c: jwt.encode(c, None, algorithm="none"), id="alg-none"),
        pytest.param(lambda c: jwt.encode(c, "x" * 64, algorithm="HS256"), id="hs256"),
        pytest.param(_hs256_with_public_key, id="key-confusion"),
        pytest.param(
            lambda c: _sign(
                c,
                key=(attacker := ec.generate_private_key(ec.SECP256R1())),
                headers={"kid": "evil", "jwk": jwt.algorithms.ECAlgorithm.to_jwk(attacker.public_key(), as_dict=True)},
            ),
            id="embedded-jwk",
        ),
        pytest.param(
            lambda c: _sign(c, headers={"kid": "evil", "jku": "https://evil.example/jwks.json"}), id="jku-header"
        ),
    ],
)
def test_tampered_tokens_are_rejected_everywhere(api_client, tokens, tamper):
    assert api_client.get(ME, **_bearer(tamper(_claims(tokens.access)))).status_code == HTTPStatus.UNAUTHORIZED
    response = api_client.post(REFRESH, {"refresh": tamper(_claims(tokens.refresh))})
    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_access_token_with_altered_payload_is_rejected(api_client, tokens):
    header, _payload, signature = tokens.access.split(".")
    claims = {**_claims(tokens.access), "user_id": "999"}
    altered = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    response = api_client.get(ME, **_bearer(f"{header}.{altered}.{signature}"))

    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_access_token_holds_identifiers_only_and_names_its_key(tokens):
    claims = _claims(tokens.access)

    assert set(claims) == {"token_type", "exp", "iat", "jti", "user_id", "sid", "cep", "aud", "iss"}
    assert claims["exp"] - claims["iat"] == settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] / timedelta(seconds=1)
    header = jwt.get_unverified_header(tokens.access)
    assert header["alg"] == "ES256"
    assert header["kid"] == keyring.active().kid


@pytest.mark.django_db
def test_jti_values_are_unique_across_many_logins(user):
    pairs = [session_start(user=user, context=RequestContext()) for _ in range(200)]

    jtis = {_claims(token)["jti"] for pair in pairs for token in (pair.access, pair.refresh)}
    assert len(jtis) == 400


@pytest.mark.django_db
def test_deactivating_a_user_ends_their_tokens_at_once(api_client, user, tokens):
    user.is_active = False
    user.save()

    assert api_client.post(REFRESH, {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.get(ME, **_bearer(tokens.access)).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_deleting_a_user_ends_their_tokens_at_once(api_client, user, tokens):
    user.delete()

    assert api_client.post(REFRESH, {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.get(ME, **_bearer(tokens.access)).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_logout_ends_the_session_for_refresh_and_access_tokens(api_client, tokens):
    response = api_client.post(LOGOUT, {"refresh": tokens.refresh})

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert api_client.post(REFRESH, {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.get(ME, **_bearer(tokens.access)).status_code == HTTPStatus.UNAUTHORIZED
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


@pytest.mark.django_db
def test_a_remembered_token_still_expires(api_client, tokens, monkeypatch):
    assert api_client.get(ME, **_bearer(tokens.access)).status_code == HTTPStatus.OK  # verified and remembered
    expiry = _claims(tokens.access)["exp"]
    monkeypatch.setattr("usersessions.authentication.time.time", lambda: expiry + 1)
    later = datetime.fromtimestamp(expiry + 1, tz=UTC)
    monkeypatch.setattr("rest_framework_simplejwt.tokens.aware_utcnow", lambda: later)

    assert api_client.get(ME, **_bearer(tokens.access)).status_code == HTTPStatus.UNAUTHORIZED
