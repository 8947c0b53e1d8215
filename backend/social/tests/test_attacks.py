"""Attacks on social sign-in, after the public reports against django-allauth, dj-rest-auth, Auth.js, Kratos and
others: pre-account takeover, step-up gaps, forged ID tokens, hostile or broken providers, races. Every request
that reaches a provider goes to the real harness (or, for a broken provider, to a local server that misbehaves)."""

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import RSAKey
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from mfa.tests.authenticator import SoftAuthenticator
from notifications.tests.utils import link_params, mailed_link
from social import oauth
from social.models import SocialAccount
from usersessions.models import Session

from .test_social_login import _with_totp, complete, sign_in, signed_in_client, start

pytestmark = pytest.mark.django_db

ORIGIN = "http://localhost:3000"


@pytest.fixture
def both(settings, oidc_provider, oidc_client, github_client) -> Any:
    """`corp` (generic OpenID Connect) and `github`, both against the harness."""
    settings.FRONTEND_URL = ORIGIN
    settings.SOCIAL_PROVIDERS = {
        "corp": {
            "client_id": oidc_client.client_id,
            "client_secret": oidc_client.client_secret,
            "issuer": oidc_provider.issuer,
            "label": "Corp SSO",
        },
        "github": {
            "client_id": github_client.client_id,
            "client_secret": github_client.client_secret,
            "url": oidc_provider.issuer,
            "api_url": oidc_provider.github_api_url,
        },
    }
    settings.WEBAUTHN_RP_ID = "localhost"
    settings.WEBAUTHN_ORIGINS = [ORIGIN]
    return oidc_provider


def _journey(provider: Any, name: str, login: str, client: APIClient | None = None, intent: str = "login") -> Any:
    client = client or APIClient()
    started = start(client, intent=intent, provider=name)
    return complete(client, provider.authorize(started["authorization_url"], login=login), provider=name)


def _client_of(body: dict[str, Any]) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    return client


def _victim_resets_password(run_tasks: Callable[[], None], email: str = "victim@example.com") -> None:
    assert APIClient().post("/api/auth/password/reset/", {"email": email}, format="json").status_code < 300
    run_tasks()
    params = link_params(mailed_link(to=email, page="/reset-password"))
    reset = APIClient().post(
        "/api/auth/password/reset/confirm/",
        {"uid": params["uid"], "token": params["token"], "new_password": "the victim's own passphrase 7"},
        format="json",
    )
    assert reset.status_code == 204, reset.json()


# ---- pre-account takeover: what the squatter leaves behind must not survive the owner's password reset ----------
def _squat_with_a_password(both: Any) -> APIClient:
    """Mallory registers victim@example.com with a password (nobody verifies it) and is signed in."""
    squatted = UserFactory(email="victim@example.com", email_verified=False)
    client, _ = signed_in_client(squatted)
    return client


def _squat_through_a_provider(both: Any) -> APIClient:
    """Mallory signs up through a provider that did not verify victim@example.com."""
    response = _journey(both, "corp", "mallory")
    assert response.status_code == 200, response.json()
    return _client_of(response.json())


@pytest.mark.parametrize(
    ("squat", "provider", "login"),
    [
        pytest.param(_squat_with_a_password, "corp", "bob", id="password squat, links her verified corp identity"),
        pytest.param(_squat_through_a_provider, "github", "mallory_gh", id="provider squat, links her GitHub"),
    ],
)
def test_an_identity_linked_by_a_squatter_does_not_survive_the_owners_reset(
    both, run_tasks, squat, provider, login
) -> None:
    """The reset unlinks identities "whose provider did not verify the address", but an identity the squatter
    linked carries her own address, verified by her provider: it was kept and signed her back in to the account
    the victim had just taken back. An identity linked to an account whose address nobody had proven is as
    suspect as one whose provider did not verify it."""
    mallory = squat(both)
    linked = _journey(both, provider, login, client=mallory, intent="link")
    assert linked.status_code == 201, linked.json()
    victim = User.objects.get(email="victim@example.com")

    _victim_resets_password(run_tasks)

    assert not SocialAccount.objects.filter(user=victim).exists()
    again = _journey(both, provider, login)
    assert again.status_code in (200, 409), again.json()
    assert again.json().get("user", {}).get("id") != victim.pk


def test_an_identity_linked_by_the_owner_of_a_verified_address_survives_a_reset(both, run_tasks) -> None:
    """The other side of the rule above: linking to an account whose address is proven stays linked."""
    owner = UserFactory(email="victim@example.com", email_verified=True)
    client, _ = signed_in_client(owner)
    assert _journey(both, "corp", "bob", client=client, intent="link").status_code == 201
    _victim_resets_password(run_tasks)
    assert SocialAccount.objects.filter(user=owner).count() == 1


def test_an_identity_verifying_the_unproven_accounts_own_address_survives_a_reset(both, run_tasks) -> None:
    """A provider that verified the account's own address proves it as well as the reset does."""
    owner = UserFactory(email="alice@example.com", email_verified=False)
    client, _ = signed_in_client(owner)
    assert _journey(both, "corp", "alice", client=client, intent="link").status_code == 201
    _victim_resets_password(run_tasks, email="alice@example.com")
    assert SocialAccount.objects.filter(user=owner).count() == 1


def _squatter_adds_a_passkey(both: Any, mallory: APIClient) -> Callable[[], int]:
    authenticator = SoftAuthenticator(origin=ORIGIN)
    options = mallory.post("/api/auth/passkeys/register/options/")
    assert options.status_code == 200, options.json()
    added = mallory.post(
        "/api/auth/passkeys/", {"credential": authenticator.create(options.json()), "name": "M"}, format="json"
    )
    assert added.status_code == 201, added.json()

    def passkey_sign_in() -> int:
        begun = APIClient().post("/api/auth/passkeys/login/options/").json()
        assertion = authenticator.get(begun["options"])
        return (
            APIClient()
            .post(
                "/api/auth/passkeys/login/",
                {"challenge_token": begun["challenge_token"], "credential": assertion},
                format="json",
            )
            .status_code
        )

    return passkey_sign_in


def test_a_passkey_added_by_a_squatter_does_not_survive_the_owners_reset(both, run_tasks) -> None:
    mallory = _squat_through_a_provider(both)
    passkey_sign_in = _squatter_adds_a_passkey(both, mallory)
    assert passkey_sign_in() == 200
    _victim_resets_password(run_tasks)
    assert passkey_sign_in() != 200


# ---- linking needs the same step-up as adding any other factor ---------------------------------------------------
def test_linking_to_an_account_with_a_second_factor_needs_a_recent_second_factor(settings, both) -> None:
    """A linked provider is a way in and, where trust_mfa is on, a second factor: linking it with the password
    alone would let the password mint second-factor proof, which adding a passkey refuses (mfa._change_allowed)."""
    user = UserFactory(email="someone@example.org")
    _with_totp(user)
    user.refresh_from_db()  # the new credential epoch
    client, _ = signed_in_client(user)  # a session that proved the password just now, not the second factor
    assert Session.objects.filter(user=user, second_factor_at__isnull=True).exists()
    response = client.post("/api/auth/social/corp/start/", {"intent": "link"}, format="json")
    assert response.status_code == 403, response.json()
    assert response.json()["errors"][0]["code"] == "reauthentication_required"

    Session.objects.filter(user=user).update(second_factor_at=timezone.now())
    assert client.post("/api/auth/social/corp/start/", {"intent": "link"}, format="json").status_code == 200


def test_trust_mfa_does_not_turn_a_password_into_a_second_factor(settings, both) -> None:
    """The attack the rule above stops: a password-only session links the attacker's own MFA-asserting identity,
    then signs in with it as if it had the victim's second factor."""
    settings.SOCIAL_PROVIDERS = {
        "corp": {**settings.SOCIAL_PROVIDERS["corp"], "trust_mfa": "true"},
        "github": settings.SOCIAL_PROVIDERS["github"],
    }
    victim = UserFactory(email="victim@example.org")
    _with_totp(victim)
    victim.refresh_from_db()
    client, _ = signed_in_client(victim)
    response = client.post("/api/auth/social/corp/start/", {"intent": "link"}, format="json")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


# ---- races ---------------------------------------------------------------------------------------------------------
def test_an_identity_linked_elsewhere_meanwhile_is_a_conflict_not_a_500(both, monkeypatch) -> None:
    """Two accounts link one identity at once (or a first sign-in creates it while a link completes): both pass
    the "linked elsewhere?" check, the second INSERT hits the unique constraint."""
    other = UserFactory(email="other@example.org")
    client, _ = signed_in_client(UserFactory(email="linker@example.org"))
    manager = SocialAccount.objects
    original = manager.create

    def create_after_the_other(**fields: Any) -> SocialAccount:
        if fields.get("user") != other:
            original(user=other, provider=fields["provider"], subject=fields["subject"])
        return original(**fields)

    monkeypatch.setattr(manager, "create", create_after_the_other)
    response = _journey(both, "corp", "bob", client=client, intent="link")
    assert response.status_code == 409, response.content
    assert response.json()["errors"][0]["code"] == "account_in_use"


# ---- what a provider asserts that the database cannot hold ---------------------------------------------------------
@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"sub": "s" * 256}, id="subject longer than OIDC's 255"),
        pytest.param({"sub": "alice\x00sub"}, id="NUL in the subject"),
        pytest.param({"name": "Alice\x00Example"}, id="NUL in the name"),
        pytest.param({"email": "alice\x00@example.com"}, id="NUL in the email"),
        pytest.param({"email": "a" * 300 + "@example.com"}, id="email longer than any address"),
        pytest.param({"sub": 12345}, id="numeric subject"),
        pytest.param({"sub": {"id": 1}}, id="object subject"),
        pytest.param({"email": ["alice@example.com"]}, id="list email"),
        pytest.param({"name": {"first": "A"}}, id="object name"),
        pytest.param({"given_name": 7, "name": None}, id="numeric given name"),
        pytest.param({"amr": "mfa"}, id="amr not a list"),
        pytest.param({"iat": int(time.time()) + 3600}, id="issued in the future"),
        pytest.param({"nbf": int(time.time()) + 3600}, id="not valid before an hour"),
        pytest.param({"exp": "never"}, id="expiry not a number"),
    ],
)
@pytest.mark.parametrize("intent", ["login", "link"])
def test_odd_claims_never_make_a_500(both, claims, intent) -> None:
    client = None
    if intent == "link":
        client, _ = signed_in_client(UserFactory(email="linker@example.org"))
    both.tamper(claims=claims)
    response = _journey(both, "corp", "alice", client=client, intent=intent)
    assert response.status_code < 500, response.content


def test_odd_claims_of_a_known_identity_never_make_a_500(both) -> None:
    assert sign_in(both, "alice").status_code == 200
    both.tamper(claims={"email": "alice\x00@example.com", "name": "A\x00"})
    response = sign_in(both, "alice")
    assert response.status_code < 500, response.content


# ---- forged ID tokens (a hostile network or provider): the signature must come from the provider's JWKS ----------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    return (
        json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))),
        json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))),
    )


def _hs256(header: dict[str, Any], payload: dict[str, Any], key: bytes) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def _alg_none(real: str, provider: Any, client_secret: str) -> str:
    header, payload = _parts(real)
    return f"{_b64(json.dumps({**header, 'alg': 'none'}).encode())}.{_b64(json.dumps(payload).encode())}."


def _hs256_with_public_key(real: str, provider: Any, client_secret: str) -> str:
    header, payload = _parts(real)
    jwks = requests.get(f"{provider.issuer}/jwks", timeout=5).json()
    public = RSAKey.import_key(jwks["keys"][0])
    return _hs256({**header, "alg": "HS256"}, payload, public.as_pem(private=False))


def _hs256_with_client_secret(real: str, provider: Any, client_secret: str) -> str:
    _, payload = _parts(real)
    return _hs256({"alg": "HS256", "typ": "JWT"}, {**payload, "sub": "bob-sub"}, client_secret.encode())


def _attacker_key_with_real_kid(real: str, provider: Any, client_secret: str) -> str:
    header, payload = _parts(real)
    return jwt.encode({**header}, {**payload, "sub": "bob-sub"}, RSAKey.generate_key(2048))


def _embedded_jwk(real: str, provider: Any, client_secret: str) -> str:
    _, payload = _parts(real)
    key = RSAKey.generate_key(2048)
    forged_header = {"alg": "RS256", "jwk": key.as_dict(private=False)}
    return jwt.encode(forged_header, {**payload, "sub": "bob-sub"}, key)


def _jku(real: str, provider: Any, client_secret: str) -> str:
    _, payload = _parts(real)
    key = RSAKey.generate_key(2048)
    return jwt.encode({"alg": "RS256", "kid": "evil", "jku": "http://127.0.0.1:1/jwks"}, payload, key)


def _payload_swapped(real: str, provider: Any, client_secret: str) -> str:
    header, _, signature = real.split(".")
    _, claims = _parts(real)
    return f"{header}.{_b64(json.dumps({**claims, 'sub': 'bob-sub'}).encode())}.{signature}"


@pytest.mark.parametrize(
    "forge",
    [
        _alg_none,
        _hs256_with_public_key,
        _hs256_with_client_secret,
        _attacker_key_with_real_kid,
        _embedded_jwk,
        _jku,
        _payload_swapped,
    ],
)
def test_a_forged_id_token_is_refused(both, oidc_client, monkeypatch, forge) -> None:
    build = oauth._client

    def client_forging(provider: Any) -> Any:
        client = build(provider)
        fetch = type(client).fetch_access_token

        def fetch_forged(**kwargs: Any) -> dict[str, Any]:
            token = dict(fetch(client, **kwargs))
            token["id_token"] = forge(token["id_token"], both, oidc_client.client_secret)
            return token

        monkeypatch.setattr(client, "fetch_access_token", fetch_forged)
        return client

    monkeypatch.setattr(oauth, "_client", client_forging)
    response = sign_in(both, "alice")
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["code"] == "social_auth_failed"
    assert not User.objects.exists()


# ---- a provider that answers garbage, or slowly ---------------------------------------------------------------------
class _Broken:
    """A local "provider" whose discovery document and token endpoint answer what a test says."""

    def __init__(self) -> None:
        self.discovery: Callable[[str], tuple[int, str, bytes]] = lambda issuer: (200, "application/json", b"{}")
        self.token: tuple[int, str, bytes] = (200, "application/json", b"{}")
        self.delay = 0.0
        broken = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, answer: tuple[int, str, bytes]) -> None:
                if broken.delay:
                    time.sleep(broken.delay)
                status, content_type, body = answer
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            def do_GET(self) -> None:
                if self.path.endswith("/.well-known/openid-configuration"):
                    self._send(broken.discovery(broken.issuer))
                else:
                    self._send((200, "application/json", b'{"keys": []}'))

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._send(broken.token)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def good_discovery(self, issuer: str) -> tuple[int, str, bytes]:
        document = {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/auth",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
        }
        return 200, "application/json", json.dumps(document).encode()


@pytest.fixture
def broken(settings) -> Iterator[_Broken]:
    provider = _Broken()
    settings.FRONTEND_URL = ORIGIN
    settings.SOCIAL_HTTP_TIMEOUT = 0.5
    settings.SOCIAL_PROVIDERS = {"corp": {"client_id": "c", "client_secret": "s", "issuer": provider.issuer}}
    oauth.clients_forget()
    yield provider
    oauth.clients_forget()
    provider.server.shutdown()
    provider.server.server_close()


@pytest.mark.parametrize(
    "discovery",
    [
        pytest.param((200, "text/html", b"<html>proxy error</html>"), id="html"),
        pytest.param((200, "application/json", b"[1]"), id="a list"),
        pytest.param((200, "application/json", b"[[1, 2, 3]]"), id="a list of triples"),
        pytest.param((200, "application/json", b'"issuer"'), id="a string"),
        pytest.param((200, "application/json", b"null"), id="null"),
        pytest.param((502, "text/html", b"bad gateway"), id="502"),
        pytest.param((200, "application/json", b'{"issuer": 5, "jwks_uri": []}'), id="wrong types"),
        pytest.param((200, "application/json", b"{" * 5000), id="deep junk"),
    ],
)
def test_a_provider_answering_garbage_at_discovery_is_503(broken, discovery) -> None:
    broken.discovery = lambda issuer: discovery
    response = APIClient().post("/api/auth/social/corp/start/", {}, format="json")
    assert response.status_code == 503, response.content


def test_a_provider_that_never_answers_is_503_within_the_timeout(broken) -> None:
    broken.discovery = broken.good_discovery
    broken.delay = 3.0
    began = time.monotonic()
    response = APIClient().post("/api/auth/social/corp/start/", {}, format="json")
    assert response.status_code == 503
    assert time.monotonic() - began < 2.5


@pytest.mark.parametrize(
    "token",
    [
        pytest.param((200, "text/html", b"<html>maintenance</html>"), id="html"),
        pytest.param((200, "application/json", b"[1]"), id="a list"),
        pytest.param((200, "application/json", b'"x"'), id="a string"),
        pytest.param((200, "application/json", b'{"access_token": "x", "token_type": "Bearer"}'), id="no id_token"),
        pytest.param((200, "application/json", b'{"access_token": "x", "id_token": 5}'), id="id_token a number"),
        pytest.param((200, "application/json", b'{"access_token": "x", "id_token": "a.b.c"}'), id="id_token junk"),
        pytest.param((400, "application/json", b'{"error": "invalid_grant"}'), id="invalid_grant"),
        pytest.param((400, "application/json", b"[]"), id="400 with junk"),
        pytest.param((500, "text/html", b"oops"), id="500"),
    ],
)
def test_a_provider_answering_garbage_at_the_token_endpoint_is_not_a_500(broken, token) -> None:
    broken.discovery = broken.good_discovery
    client = APIClient()
    started = start(client)
    broken.token = token
    response = complete(client, {"code": "c0de", "state": started["state"]})
    assert response.status_code in (400, 503), response.content


# ---- secrets never in a response or a log ---------------------------------------------------------------------------
def test_no_secret_in_the_logs_of_a_failed_sign_in(both, oidc_client, caplog) -> None:
    client = APIClient()
    params = both.authorize(start(client)["authorization_url"], login="alice")
    both.tamper(claims={"aud": "someone-else"})
    caplog.set_level("DEBUG")
    response = complete(client, params)
    assert response.status_code == 400
    text = caplog.text + response.content.decode()
    assert oidc_client.client_secret not in text
    assert params["code"] not in text


def test_unknown_provider_names_are_404(both) -> None:
    for name in ["CORP", "corp ", "corp%00", "..", "%2e%2e", "c" * 300, "corp;github", "k\u0131rk"]:
        response = APIClient().post(f"/api/auth/social/{name}/start/", {}, format="json")
        assert response.status_code == 404, (name, response.status_code)


def test_a_socket_that_is_closed_mid_answer_is_503(settings) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def close_everything() -> None:
        connection, _ = listener.accept()
        connection.recv(1024)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
        connection.close()

    threading.Thread(target=close_everything, daemon=True).start()
    settings.SOCIAL_PROVIDERS = {
        "corp": {"client_id": "c", "client_secret": "s", "issuer": f"http://127.0.0.1:{listener.getsockname()[1]}"}
    }
    oauth.clients_forget()
    response = APIClient().post("/api/auth/social/corp/start/", {}, format="json")
    listener.close()
    assert response.status_code == 503
