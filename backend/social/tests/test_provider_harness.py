"""The OpenID Provider harness itself: what the social-login tests rely on."""

import base64
import hashlib
import secrets
from http import HTTPStatus
from typing import Any, cast

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jws, jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, KeySetSerialization

from .conftest import OidcTestClient
from .oidc_provider import OidcProvider, OidcProviderError


def _discovery(provider: OidcProvider) -> dict[str, Any]:
    response = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10)
    response.raise_for_status()
    return response.json()


def _jwks(provider: OidcProvider) -> KeySetSerialization:
    response = requests.get(_discovery(provider)["jwks_uri"], timeout=10)
    response.raise_for_status()
    return cast(KeySetSerialization, response.json())


def _session(client: OidcTestClient, scope: str = "openid email profile", provider: str = "corp") -> OAuth2Session:
    return OAuth2Session(
        client.client_id,
        client.client_secret,
        scope=scope,
        redirect_uri=client.redirect_uri(provider),
        code_challenge_method="S256",
    )


def _code_flow(
    oidc_provider: OidcProvider, client: OidcTestClient, login: str, scope: str = "openid email profile"
) -> tuple[dict[str, Any], str]:
    """Runs a whole flow as `login`; returns the token response and the nonce sent."""
    endpoints = _discovery(oidc_provider)
    session = _session(client, scope, provider="corp" if "openid" in scope else "github")
    verifier = generate_token(64)
    nonce = secrets.token_urlsafe(16)
    extra = {"nonce": nonce} if "openid" in scope else {}
    url, state = session.create_authorization_url(endpoints["authorization_endpoint"], code_verifier=verifier, **extra)
    params = oidc_provider.authorize(url, login=login)
    assert params["state"] == state
    assert params["iss"] == oidc_provider.issuer
    token = session.fetch_token(endpoints["token_endpoint"], code=params["code"], code_verifier=verifier)
    return dict(token), nonce


def _verified_claims(oidc_provider: OidcProvider, id_token: str) -> dict[str, Any]:
    decoded = jwt.decode(id_token, KeySet.import_key_set(_jwks(oidc_provider)), algorithms=["RS256"])
    return dict(decoded.claims)


def test_discovery_document_offers_only_the_code_flow_with_s256_pkce(oidc_provider):
    document = _discovery(oidc_provider)

    assert document["issuer"] == oidc_provider.issuer
    assert oidc_provider.issuer.startswith("http://127.0.0.1:")
    assert document["response_types_supported"] == ["code"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"openid", "email", "profile"} <= set(document["scopes_supported"])


def test_jwks_publishes_one_public_rs256_key(oidc_provider):
    keys = _jwks(oidc_provider)["keys"]

    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA"
    assert keys[0]["alg"] == "RS256"
    assert str(keys[0]["kid"]).startswith("harness-")
    assert "d" not in keys[0]


def test_code_flow_with_pkce_returns_an_id_token_signed_with_the_jwks_key(oidc_provider, oidc_client):
    token, nonce = _code_flow(oidc_provider, oidc_client, "alice")

    claims = _verified_claims(oidc_provider, token["id_token"])
    assert claims["iss"] == oidc_provider.issuer
    assert claims["aud"] == oidc_client.client_id
    assert claims["nonce"] == nonce
    assert claims["sub"] == "alice-sub"
    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert claims["name"] == "Alice Example"
    assert "amr" not in claims
    assert token["token_type"].lower() == "bearer"
    assert token["access_token"]


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("mallory", {"email": "victim@example.com", "email_verified": False}),
        ("carol", {"amr": ["pwd", "mfa"], "email_verified": True}),
        ("nomail", {"email": None, "email_verified": None, "name": "No Mail"}),
    ],
)
def test_id_token_carries_each_account_claims_as_configured(oidc_provider, oidc_client, login, expected):
    token, _ = _code_flow(oidc_provider, oidc_client, login)

    claims = _verified_claims(oidc_provider, token["id_token"])
    assert {name: claims.get(name) for name in expected} == expected


def test_the_login_page_is_shown_again_for_the_next_authorization(oidc_provider, oidc_client):
    # Every authorization asks who signs in, so two flows can sign in as two users.
    first, _ = _code_flow(oidc_provider, oidc_client, "alice")
    second, _ = _code_flow(oidc_provider, oidc_client, "bob")

    assert _verified_claims(oidc_provider, first["id_token"])["sub"] == "alice-sub"
    assert _verified_claims(oidc_provider, second["id_token"])["sub"] == "bob-sub"


def test_deny_redirects_to_the_client_with_access_denied(oidc_provider, oidc_client):
    session = _session(oidc_client)
    url, state = session.create_authorization_url(
        _discovery(oidc_provider)["authorization_endpoint"], code_verifier=generate_token(64)
    )

    params = oidc_provider.authorize(url, deny=True)

    assert params["error"] == "access_denied"
    assert params["state"] == state
    assert "code" not in params


def test_unknown_login_stays_on_the_login_page(oidc_provider, oidc_client):
    session = _session(oidc_client)
    url, _ = session.create_authorization_url(
        _discovery(oidc_provider)["authorization_endpoint"], code_verifier=generate_token(64)
    )

    with pytest.raises(OidcProviderError, match='No user "nobody" here'):
        oidc_provider.authorize(url, login="nobody")


def test_authorization_without_code_challenge_is_refused(oidc_provider, oidc_client):
    session = OAuth2Session(
        oidc_client.client_id, oidc_client.client_secret, scope="openid", redirect_uri=oidc_client.redirect_uri()
    )
    url, _ = session.create_authorization_url(_discovery(oidc_provider)["authorization_endpoint"])

    params = oidc_provider.authorize(url)

    assert params["error"] == "invalid_request"
    assert "PKCE" in params["error_description"]


def test_token_endpoint_refuses_a_code_without_its_code_verifier(oidc_provider, oidc_client):
    endpoints = _discovery(oidc_provider)
    session = _session(oidc_client)
    url, _ = session.create_authorization_url(endpoints["authorization_endpoint"], code_verifier=generate_token(64))
    params = oidc_provider.authorize(url)

    response = requests.post(
        endpoints["token_endpoint"],
        data={"grant_type": "authorization_code", "code": params["code"], "redirect_uri": oidc_client.redirect_uri()},
        auth=(oidc_client.client_id, oidc_client.client_secret),
        timeout=10,
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"] == "invalid_grant"


def test_token_endpoint_refuses_a_wrong_code_verifier(oidc_provider, oidc_client):
    endpoints = _discovery(oidc_provider)
    session = _session(oidc_client)
    verifier = generate_token(64)
    url, _ = session.create_authorization_url(endpoints["authorization_endpoint"], code_verifier=verifier)
    params = oidc_provider.authorize(url)
    other_verifier = generate_token(64)
    assert base64.urlsafe_b64encode(hashlib.sha256(other_verifier.encode()).digest()) != verifier

    response = requests.post(
        endpoints["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": oidc_client.redirect_uri(),
            "code_verifier": other_verifier,
        },
        auth=(oidc_client.client_id, oidc_client.client_secret),
        timeout=10,
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"] == "invalid_grant"


def test_tamper_changes_the_next_id_token_only(oidc_provider, oidc_client):
    oidc_provider.tamper(claims={"email": "someone-else@example.com", "iss": "https://evil.example"}, drop=["nonce"])

    tampered, _ = _code_flow(oidc_provider, oidc_client, "alice")
    untouched, nonce = _code_flow(oidc_provider, oidc_client, "alice")

    # Still signed with the provider's own key: only the claims are wrong.
    claims = _verified_claims(oidc_provider, tampered["id_token"])
    assert claims["email"] == "someone-else@example.com"
    assert claims["iss"] == "https://evil.example"
    assert "nonce" not in claims
    again = _verified_claims(oidc_provider, untouched["id_token"])
    assert again["email"] == "alice@example.com"
    assert again["nonce"] == nonce


def test_tamper_with_a_foreign_key_signs_with_a_kid_outside_the_jwks(oidc_provider, oidc_client):
    oidc_provider.tamper(foreign_key=True)

    token, _ = _code_flow(oidc_provider, oidc_client, "alice")

    kids = {key["kid"] for key in _jwks(oidc_provider)["keys"]}
    header = jws.extract_compact(token["id_token"].encode()).headers()
    assert header["kid"] not in kids
    own_key = KeySet.import_key_set(_jwks(oidc_provider)).keys[0]
    with pytest.raises(BadSignatureError):
        jwt.decode(token["id_token"], own_key, algorithms=["RS256"])


def test_reset_forgets_a_pending_tamper(oidc_provider, oidc_client):
    oidc_provider.tamper(claims={"email": "someone-else@example.com"})
    oidc_provider.reset()

    token, _ = _code_flow(oidc_provider, oidc_client, "alice")

    assert _verified_claims(oidc_provider, token["id_token"])["email"] == "alice@example.com"


def test_github_emulation_serves_user_and_emails_for_an_oauth2_access_token(oidc_provider, oidc_client):
    # GitHub's login is plain OAuth 2: no "openid" scope, so no ID token, then two API calls with the bearer.
    token, _ = _code_flow(oidc_provider, oidc_client, "bob", scope="read:user user:email")
    assert "id_token" not in token
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    user = requests.get(f"{oidc_provider.github_api_url}/user", headers=headers, timeout=10)
    emails = requests.get(f"{oidc_provider.github_api_url}/user/emails", headers=headers, timeout=10)

    assert user.status_code == HTTPStatus.OK
    assert user.json() == {"id": 1001, "login": "bob", "name": "Bob Example", "email": "bob@example.com"}
    assert emails.json() == [{"email": "bob@example.com", "primary": True, "verified": True, "visibility": "public"}]


def test_github_emulation_refuses_an_unknown_bearer(oidc_provider):
    response = requests.get(
        f"{oidc_provider.github_api_url}/user", headers={"Authorization": "Bearer not-a-token"}, timeout=10
    )

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["message"] == "Bad credentials"


def test_github_emulation_needs_the_user_email_scope_for_the_address_list(oidc_provider, oidc_client):
    token, _ = _code_flow(oidc_provider, oidc_client, "bob", scope="read:user")
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    response = requests.get(f"{oidc_provider.github_api_url}/user/emails", headers=headers, timeout=10)

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_start_reports_the_harness_stderr_when_it_cannot_come_up():
    provider = OidcProvider(start_timeout=10)

    # A confidential client without a secret is invalid metadata: the harness refuses to start.
    try:
        with pytest.raises(OidcProviderError, match=r"did not come up(.|\n)*client_secret"):
            provider.start(accounts={}, clients=[{"client_id": "broken", "redirect_uris": ["http://localhost/cb"]}])
    finally:
        provider.stop()
