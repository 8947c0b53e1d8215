"""Social sign-in against a real OpenID Provider (npm oidc-provider, started by the oidc_provider fixture): every
request below crosses real HTTP to it, and every ID token is signed by it."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from audit.models import SecurityEvent
from core.context import RequestContext
from notifications.tests.utils import link_params, mailed_link
from social.models import Authorization, SocialAccount
from usersessions.models import Session
from usersessions.services import session_start

pytestmark = pytest.mark.django_db

LABEL = "Corp SSO"


@pytest.fixture
def corp(settings, oidc_provider, oidc_client) -> Any:
    """`corp`: a generic OpenID Connect provider, the real one of the harness."""
    settings.FRONTEND_URL = "http://localhost:3000"
    settings.SOCIAL_PROVIDERS = {
        "corp": {
            "client_id": oidc_client.client_id,
            "client_secret": oidc_client.client_secret,
            "issuer": oidc_provider.issuer,
            "label": LABEL,
        }
    }
    return oidc_provider


def start(client: APIClient, *, intent: str = "login", provider: str = "corp") -> dict[str, Any]:
    response = client.post(f"/api/auth/social/{provider}/start/", {"intent": intent}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def complete(client: APIClient, params: dict[str, str], provider: str = "corp", **extra: str) -> Any:
    body = {"code": params["code"], "state": params["state"], **extra}
    return client.post(f"/api/auth/social/{provider}/complete/", body, format="json")


def sign_in(corp: Any, login: str, client: APIClient | None = None, **extra: str) -> Any:
    """The whole journey: start, the user at the provider, the callback's completion."""
    client = client or APIClient()
    return complete(client, corp.authorize(start(client)["authorization_url"], login=login), **extra)


def signed_in_client(user: User) -> tuple[APIClient, str]:
    tokens = session_start(user=user, context=RequestContext())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
    return client, tokens.refresh


# ---- configuration ----------------------------------------------------------------------------------------------
def test_no_provider_configured_lists_none_and_starts_none(settings) -> None:
    settings.SOCIAL_PROVIDERS = {}
    assert APIClient().get("/api/auth/social/providers/").json() == []
    response = APIClient().post("/api/auth/social/corp/start/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "unknown_provider"


def test_configured_providers_are_listed_with_their_labels(settings, corp) -> None:
    settings.SOCIAL_PROVIDERS = {**settings.SOCIAL_PROVIDERS, "github": {"client_id": "x", "client_secret": "y"}}
    assert APIClient().get("/api/auth/social/providers/").json() == [
        {"id": "corp", "label": LABEL},
        {"id": "github", "label": "GitHub"},
    ]


@pytest.mark.parametrize(
    ("providers", "named"),
    [
        ({"corp": {"client_id": "x", "client_secret": "y"}}, "SOCIAL_CORP_ISSUER"),
        ({"corp": {"client_secret": "y", "issuer": "https://id.example.com"}}, "SOCIAL_CORP_CLIENT_ID"),
        ({"google": {"client_id": "x"}}, "SOCIAL_GOOGLE_CLIENT_SECRET"),
        ({"my-idp": {"client_id": "x", "client_secret": "y"}}, "SOCIAL_MY_IDP_ISSUER"),
        ({"Bad Name!": {"client_id": "x", "client_secret": "y"}}, "SOCIAL_PROVIDERS"),
    ],
)
def test_a_provider_configured_wrong_names_the_variable(settings, providers, named) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from social.conf import providers as configured

    settings.SOCIAL_PROVIDERS = providers
    with pytest.raises(ImproperlyConfigured, match=named):
        configured()


def test_the_presets_need_only_a_client_id_and_secret(settings) -> None:
    from social.conf import GITHUB, OIDC, providers

    presets = ("google", "microsoft", "github")
    settings.SOCIAL_PROVIDERS = {name: {"client_id": "x", "client_secret": "y"} for name in presets}
    google, microsoft, github = providers().values()
    assert (google.kind, google.issuer, google.label) == (OIDC, "https://accounts.google.com", "Google")
    assert (microsoft.kind, microsoft.issuer) == (OIDC, "https://login.microsoftonline.com/common/v2.0")
    assert (github.kind, github.url, github.api_url) == (GITHUB, "https://github.com", "https://api.github.com")


# ---- the authorization request ------------------------------------------------------------------------------------
def test_start_asks_for_code_with_pkce_s256_state_and_nonce(corp, oidc_client) -> None:
    started = start(APIClient())
    query = {key: values[0] for key, values in parse_qs(urlsplit(started["authorization_url"]).query).items()}
    assert started["authorization_url"].startswith(f"{corp.issuer}/")
    assert query["response_type"] == "code"
    assert query["client_id"] == oidc_client.client_id
    assert query["redirect_uri"] == "http://localhost:3000/auth/callback/corp"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43  # base64url of a SHA-256
    assert query["state"] == started["state"]
    assert len(started["state"]) >= 20
    assert len(query["nonce"]) >= 20
    assert started["expires_in"] == 600
    stored = Authorization.objects.get()
    # Only the state's hash is stored; the verifier never leaves the server.
    assert started["state"] not in stored.state_hash
    assert stored.code_verifier not in started["authorization_url"]


# ---- first and later sign-ins -------------------------------------------------------------------------------------
def test_first_sign_in_creates_the_account_and_the_second_finds_it(corp) -> None:
    first = sign_in(corp, "alice")
    assert first.status_code == 200, first.json()
    body = first.json()
    assert body["user"]["email"] == "alice@example.com"
    assert body["user"]["name"] == "Alice Example"
    user = User.objects.get(email="alice@example.com")
    assert user.email_verified
    assert not user.has_usable_password()
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.subject) == ("corp", "alice-sub")

    second = sign_in(corp, "alice")
    assert second.status_code == 200, second.json()
    assert second.json()["user"]["id"] == body["user"]["id"]
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1
    kinds = list(SecurityEvent.objects.filter(user=user).order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["registered", "social_login", "social_login"]


def test_a_social_session_is_a_normal_session(corp) -> None:
    body = sign_in(corp, "alice").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert client.get("/api/auth/me/").json()["email"] == "alice@example.com"
    rotated = APIClient().post("/api/auth/refresh/", {"refresh": body["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert Session.objects.get().user.email == "alice@example.com"


def test_a_social_session_revoked_from_another_device_ends(corp) -> None:
    body = sign_in(corp, "alice").json()
    other, _ = signed_in_client(User.objects.get(email="alice@example.com"))
    sessions = other.get("/api/auth/sessions/").json()
    social = next(s for s in sessions if not s["current"])
    assert other.delete(f"/api/auth/sessions/{social['id']}/").status_code == 204
    assert APIClient().post("/api/auth/refresh/", {"refresh": body["refresh"]}, format="json").status_code == 401


def test_an_unverified_provider_email_makes_an_unverified_account(corp, run_tasks, mailoutbox) -> None:
    response = sign_in(corp, "mallory")
    assert response.status_code == 200, response.json()
    user = User.objects.get(email="victim@example.com")
    assert not user.email_verified
    run_tasks()
    assert [m.to for m in mailoutbox] == [["victim@example.com"]]  # the verification link


def test_with_verification_mandatory_an_unverified_provider_email_gets_no_session(settings, corp) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True
    response = sign_in(corp, "mallory")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "email_not_verified"
    assert User.objects.filter(email="victim@example.com").exists()
    assert not Session.objects.exists()


def test_no_email_from_the_provider_makes_no_account(corp) -> None:
    response = sign_in(corp, "nomail")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "email_missing"
    assert not User.objects.exists()


# ---- never by email -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("asserted", "code"),
    [
        ("alice@example.com", "email_in_use"),
        ("ALICE@EXAMPLE.COM", "email_in_use"),
        ("Alice@Example.com", "email_in_use"),
        ("alice@EXAMPLE.COM", "email_in_use"),
        ("alice@example.com.", "email_in_use"),  # the same mailbox in canonical form (accounts.email_address)
        (
            "\uff41\uff4c\uff49\uff43\uff45@example.com",
            "email_missing",
        ),  # full-width letters: the address policy refuses them
        ("alice@exa\u200bmple.com", "email_missing"),  # an invisible character: refused, matches nobody
    ],
)
@pytest.mark.parametrize("verified", [True, False])
def test_an_address_of_a_local_account_never_signs_in_to_it(corp, asserted, code, verified) -> None:
    owner = UserFactory(email="alice@example.com")
    corp.tamper(claims={"email": asserted.encode().decode("unicode_escape"), "email_verified": verified})
    response = sign_in(corp, "alice")
    assert response.status_code in (400, 409), response.json()
    assert response.json()["errors"][0]["code"] == code
    if code == "email_in_use":
        assert "Settings" in response.json()["errors"][0]["message"]
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    assert not Session.objects.filter(user=owner).exists()


def test_a_pre_hijacked_address_is_taken_back_by_a_password_reset(corp, run_tasks) -> None:
    """Mallory signs up first through a provider that did not verify victim@example.com; when the victim proves
    the address (a password reset), Mallory's identity is unlinked and her session ends."""
    mallory = sign_in(corp, "mallory").json()
    assert APIClient().post("/api/auth/password/reset/", {"email": "victim@example.com"}, format="json").status_code
    run_tasks()
    params = link_params(mailed_link(to="victim@example.com", page="/reset-password"))
    reset = APIClient().post(
        "/api/auth/password/reset/confirm/",
        {"uid": params["uid"], "token": params["token"], "new_password": "a brand new passphrase 42"},
        format="json",
    )
    assert reset.status_code == 204
    assert not SocialAccount.objects.exists()
    assert APIClient().post("/api/auth/refresh/", {"refresh": mallory["refresh"]}, format="json").status_code == 401
    again = sign_in(corp, "mallory")
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "email_in_use"


# ---- state, code, PKCE, ID token --------------------------------------------------------------------------------
def test_a_state_that_was_never_issued_is_refused(corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    for state in ("x" * 40, params["state"].upper(), params["state"][:-1], params["state"] + "x", "", "%00"):
        response = complete(client, {"code": params["code"], "state": state})
        assert response.status_code == 400, state
    assert not User.objects.exists()


def test_a_state_is_single_use(corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    assert complete(client, params).status_code == 200
    replay = complete(client, params)
    assert replay.status_code == 400
    assert replay.json()["errors"][0]["code"] == "invalid_state"


def test_a_state_expires_after_ten_minutes(corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    with time_machine.travel(time.time() + 601, tick=False):
        response = complete(client, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_state"


def test_a_state_of_another_provider_is_refused(settings, corp) -> None:
    settings.SOCIAL_PROVIDERS = {**settings.SOCIAL_PROVIDERS, "corp2": settings.SOCIAL_PROVIDERS["corp"]}
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    response = complete(client, params, provider="corp2")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_state"


def test_a_failed_completion_spends_the_state(corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    assert complete(client, {"code": "not-the-code", "state": params["state"]}).status_code == 400
    assert complete(client, params).json()["errors"][0]["code"] == "invalid_state"


def test_a_replayed_code_is_refused(corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    assert complete(client, params).status_code == 200
    # A new authorization of this browser, completed with the code already exchanged.
    fresh = corp.authorize(start(client)["authorization_url"], login="alice")
    response = complete(client, {"code": params["code"], "state": fresh["state"]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "social_auth_failed"


def test_a_code_of_another_authorization_is_refused(corp) -> None:
    """Codes are bound to their PKCE challenge: a code swapped into another authorization (an attacker's code
    injected into the victim's callback) fails the verifier check at the provider."""
    client = APIClient()
    first = corp.authorize(start(client)["authorization_url"], login="bob")
    second = corp.authorize(start(client)["authorization_url"], login="alice")
    response = complete(client, {"code": first["code"], "state": second["state"]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "social_auth_failed"
    assert not User.objects.exists()


@pytest.mark.parametrize("verifier", ["", "x" * 43, "wrong-verifier-" * 4])
def test_a_missing_or_wrong_pkce_verifier_is_refused(corp, verifier) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    Authorization.objects.update(code_verifier=verifier)
    response = complete(client, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "social_auth_failed"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"claims": {"nonce": "another-nonce"}}, id="wrong nonce"),
        pytest.param({"drop": ["nonce"]}, id="no nonce"),
        pytest.param({"claims": {"aud": "another-client"}}, id="wrong audience"),
        pytest.param({"claims": {"aud": ["another-client"]}}, id="wrong audience list"),
        pytest.param({"claims": {"aud": ["latchkey-test", "another-client"]}}, id="extra audience without azp"),
        pytest.param({"claims": {"azp": "another-client"}}, id="wrong authorized party"),
        pytest.param({"claims": {"iss": "http://127.0.0.1:1"}}, id="wrong issuer"),
        pytest.param({"drop": ["iss"]}, id="no issuer"),
        pytest.param({"claims": {"exp": int(time.time()) - 3600}}, id="expired"),
        pytest.param({"drop": ["exp"]}, id="no expiry"),
        pytest.param({"drop": ["aud"]}, id="no audience"),
        pytest.param({"drop": ["sub"]}, id="no subject"),
        pytest.param({"claims": {"sub": ""}}, id="empty subject"),
        pytest.param({"foreign_key": True}, id="signed by a key not in the JWKS"),
    ],
)
def test_an_id_token_that_fails_validation_is_refused(corp, tamper) -> None:
    corp.tamper(**tamper)
    response = sign_in(corp, "alice")
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["code"] == "social_auth_failed"
    assert not User.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_completions_of_one_authorization_sign_in_once(corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")

    def attempt(_: int) -> int:
        try:
            return complete(APIClient(), params).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = sorted(pool.map(attempt, range(5)))
    assert statuses == [200, 400, 400, 400, 400]
    assert Session.objects.count() == 1
    assert User.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_first_sign_ins_of_one_identity_make_one_account(corp) -> None:
    authorizations = [corp.authorize(start(APIClient())["authorization_url"], login="bob") for _ in range(4)]

    def attempt(params: dict[str, str]) -> int:
        try:
            return complete(APIClient(), params).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(attempt, authorizations))
    assert statuses == [200] * 4
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"code": "x"},
        {"state": "x"},
        {"code": ["x"], "state": "y"},
        {"code": "x", "state": {"a": 1}},
        {"code": "x" * 5000, "state": "y"},
        {"code": "x", "state": "y" * 600},
        {"code": "x\x00", "state": "y"},
    ],
)
def test_malformed_completions_are_400_and_spend_nothing(corp, body) -> None:
    client = APIClient()
    start(client)
    response = client.post("/api/auth/social/corp/complete/", body, format="json")
    assert response.status_code == 400
    assert Authorization.objects.get().used_at is None


def test_an_unreachable_provider_is_503_not_500(settings, corp) -> None:
    settings.SOCIAL_PROVIDERS = {
        "down": {**settings.SOCIAL_PROVIDERS["corp"], "issuer": "http://127.0.0.1:9", "label": "Down"}
    }
    response = APIClient().post("/api/auth/social/down/start/", {}, format="json")
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "provider_unavailable"
    assert "Down" in response.json()["errors"][0]["message"]


def test_a_provider_that_goes_down_mid_flow_is_503(settings, corp) -> None:
    client = APIClient()
    params = corp.authorize(start(client)["authorization_url"], login="alice")
    from social.oauth import clients_forget

    settings.SOCIAL_PROVIDERS = {"corp": {**settings.SOCIAL_PROVIDERS["corp"], "issuer": "http://127.0.0.1:9"}}
    clients_forget()
    response = complete(client, params)
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "provider_unavailable"


# ---- a second factor -------------------------------------------------------------------------------------------
def _with_totp(user: User) -> str:
    """Turns an authenticator app on through the API, as the user would; returns a recovery code."""
    import pyotp

    client, _ = signed_in_client(user)
    secret = client.post("/api/auth/mfa/totp/setup/").json()["secret"]
    confirm = client.post("/api/auth/mfa/totp/confirm/", {"code": pyotp.TOTP(secret).now()}, format="json")
    assert confirm.status_code == 200, confirm.json()
    return confirm.json()["recovery_codes"][0]


def test_an_account_with_a_second_factor_is_asked_for_it(corp) -> None:
    sign_in(corp, "alice")
    recovery_code = _with_totp(User.objects.get(email="alice@example.com"))
    response = sign_in(corp, "alice")
    assert response.status_code == 200
    assert response.json()["mfa_required"] is True
    assert "access" not in response.json()
    done = APIClient().post(
        "/api/auth/login/mfa/",
        {"mfa_token": response.json()["mfa_token"], "recovery_code": recovery_code},
        format="json",
    )
    assert done.status_code == 200
    assert done.json()["user"]["email"] == "alice@example.com"


@pytest.mark.parametrize(("trust", "asks"), [("true", False), ("", True), ("false", True)])
def test_the_providers_mfa_counts_only_where_trusted(settings, corp, trust, asks) -> None:
    settings.SOCIAL_PROVIDERS = {"corp": {**settings.SOCIAL_PROVIDERS["corp"], "trust_mfa": trust}}
    sign_in(corp, "carol")
    _with_totp(User.objects.get(email="carol@example.com"))
    body = sign_in(corp, "carol").json()
    assert ("mfa_required" in body) is asks
    if not asks:
        assert Session.objects.latest("created_at").second_factor_at is not None


def test_a_trusted_provider_without_mfa_in_amr_still_asks(settings, corp) -> None:
    settings.SOCIAL_PROVIDERS = {"corp": {**settings.SOCIAL_PROVIDERS["corp"], "trust_mfa": "true"}}
    sign_in(corp, "alice")
    _with_totp(User.objects.get(email="alice@example.com"))
    corp.tamper(claims={"amr": ["pwd"]})
    assert sign_in(corp, "alice").json()["mfa_required"] is True


# ---- linking and unlinking --------------------------------------------------------------------------------------
def _link(corp: Any, client: APIClient, login: str) -> Any:
    started = start(client, intent="link")
    return complete(client, corp.authorize(started["authorization_url"], login=login))


def test_a_signed_in_user_links_a_provider_and_then_signs_in_with_it(corp, mailoutbox, run_tasks) -> None:
    owner = UserFactory(email="alice@example.com")
    client, _ = signed_in_client(owner)
    linked = _link(corp, client, "alice")
    assert linked.status_code == 201, linked.json()
    assert linked.json()["account"]["provider"] == "corp"
    assert linked.json()["account"]["label"] == LABEL
    assert [a["provider"] for a in client.get("/api/auth/social/accounts/").json()] == ["corp"]
    run_tasks()
    assert any("connected" in m.subject for m in mailoutbox)
    signed = sign_in(corp, "alice")
    assert signed.status_code == 200
    assert signed.json()["user"]["id"] == owner.pk
    assert SecurityEvent.objects.filter(user=owner, kind="social_linked").count() == 1


def test_a_provider_account_with_another_email_can_be_linked(corp) -> None:
    owner = UserFactory(email="someone@example.org")
    client, _ = signed_in_client(owner)
    assert _link(corp, client, "bob").status_code == 201
    assert sign_in(corp, "bob").json()["user"]["email"] == "someone@example.org"


def _authenticated_long_ago(settings) -> None:
    """Every session's last proof of identity is older than the step-up window (its tokens are still fresh)."""
    Session.objects.update(authenticated_at=timezone.now() - timedelta(seconds=settings.REAUTH_WINDOW + 5))


def test_linking_needs_a_recent_authentication(settings, corp) -> None:
    client, _ = signed_in_client(UserFactory())
    _authenticated_long_ago(settings)
    response = client.post("/api/auth/social/corp/start/", {"intent": "link"}, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "reauthentication_required"


def test_linking_needs_a_signed_in_user(corp) -> None:
    response = APIClient().post("/api/auth/social/corp/start/", {"intent": "link"}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize("who", ["nobody", "another user", "another session of the same user"])
def test_a_link_is_completed_only_by_the_session_that_started_it(corp, who) -> None:
    owner = UserFactory()
    client, _ = signed_in_client(owner)
    params = corp.authorize(start(client, intent="link")["authorization_url"], login="alice")
    other = {
        "nobody": APIClient(),
        "another user": signed_in_client(UserFactory())[0],
        "another session of the same user": signed_in_client(owner)[0],
    }[who]
    response = complete(other, params)
    assert response.status_code == 401
    assert not SocialAccount.objects.exists()


def test_an_identity_linked_elsewhere_cannot_be_linked_again(corp) -> None:
    sign_in(corp, "alice")  # alice@example.com's own account holds the identity
    client, _ = signed_in_client(UserFactory())
    response = _link(corp, client, "alice")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "account_in_use"


def test_a_second_identity_of_one_provider_is_refused(corp) -> None:
    client, _ = signed_in_client(UserFactory())
    assert _link(corp, client, "alice").status_code == 201
    response = _link(corp, client, "bob")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "already_linked"


def test_unlinking_ends_every_session_and_this_device_goes_on(corp) -> None:
    owner = UserFactory(email="alice@example.com")
    client, _ = signed_in_client(owner)
    _link(corp, client, "alice")
    social = sign_in(corp, "alice").json()
    account = SocialAccount.objects.get()
    response = client.delete(f"/api/auth/social/accounts/{account.pk}/")
    assert response.status_code == 200, response.json()
    assert not SocialAccount.objects.exists()
    assert APIClient().post("/api/auth/refresh/", {"refresh": social["refresh"]}, format="json").status_code == 401
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert fresh.get("/api/auth/me/").status_code == 200
    assert SecurityEvent.objects.filter(user=owner, kind="social_unlinked").count() == 1
    # The identity, unknown again, does not sign in to the account that owns its address.
    assert sign_in(corp, "alice").json()["errors"][0]["code"] == "email_in_use"


def test_unlinking_the_only_way_in_is_refused(corp) -> None:
    body = sign_in(corp, "alice").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    account = SocialAccount.objects.get()
    response = client.delete(f"/api/auth/social/accounts/{account.pk}/")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "last_sign_in_method"
    assert SocialAccount.objects.exists()


def test_unlinking_needs_a_recent_authentication(settings, corp) -> None:
    client, _ = signed_in_client(UserFactory())
    _link(corp, client, "alice")
    account = SocialAccount.objects.get()
    _authenticated_long_ago(settings)
    response = client.delete(f"/api/auth/social/accounts/{account.pk}/")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "reauthentication_required"


def test_another_users_identity_is_not_found(corp) -> None:
    sign_in(corp, "alice")
    client, _ = signed_in_client(UserFactory())
    response = client.delete(f"/api/auth/social/accounts/{SocialAccount.objects.get().pk}/")
    assert response.status_code == 404


def test_a_social_only_account_may_remove_its_passkey_but_keeps_a_way_in(corp) -> None:
    from social.selectors import ways_in

    sign_in(corp, "alice")
    user = User.objects.get(email="alice@example.com")
    assert ways_in(user) == [f"social:{SocialAccount.objects.get().pk}"]
    assert ways_in(user, without=str(SocialAccount.objects.get().pk)) == []


def test_an_inactive_account_cannot_sign_in_with_its_provider(corp) -> None:
    sign_in(corp, "alice")
    User.objects.update(is_active=False)
    assert sign_in(corp, "alice").status_code == 401


def test_the_password_of_a_linked_account_still_works(corp) -> None:
    owner = UserFactory(email="alice@example.com")
    client, _ = signed_in_client(owner)
    _link(corp, client, "alice")
    login = APIClient().post(
        "/api/auth/login/", {"email": "alice@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert login.status_code == 200


def test_expired_authorizations_are_cleaned_up(corp) -> None:
    from social.flows import authorization_cleanup

    start(APIClient())
    assert authorization_cleanup() == 0
    with time_machine.travel(time.time() + timedelta(minutes=10, seconds=1).total_seconds(), tick=False):
        assert authorization_cleanup() == 1


# ---- the github preset (OAuth 2 and GitHub's user API, emulated by the same provider) -----------------------------
@pytest.fixture
def github(settings, oidc_provider, github_client) -> Any:
    settings.FRONTEND_URL = "http://localhost:3000"
    settings.SOCIAL_PROVIDERS = {
        "github": {
            "client_id": github_client.client_id,
            "client_secret": github_client.client_secret,
            "url": oidc_provider.issuer,
            "api_url": oidc_provider.github_api_url,
        }
    }
    return oidc_provider


def github_sign_in(github: Any, login: str) -> Any:
    client = APIClient()
    started = start(client, provider="github")
    query = parse_qs(urlsplit(started["authorization_url"]).query)
    assert query["scope"] == ["read:user user:email"]
    assert "nonce" not in query
    assert query["code_challenge_method"] == ["S256"]
    return complete(client, github.authorize(started["authorization_url"], login=login), provider="github")


def test_github_keys_the_account_by_its_numeric_id_and_trusts_its_primary_verified_address(github) -> None:
    first = github_sign_in(github, "alice")
    assert first.status_code == 200, first.json()
    account = SocialAccount.objects.get()
    assert account.provider == "github"
    assert account.subject.isdigit()
    assert User.objects.get().email_verified
    assert github_sign_in(github, "alice").json()["user"]["id"] == first.json()["user"]["id"]


def test_github_an_unverified_primary_address_makes_an_unverified_account(github) -> None:
    response = github_sign_in(github, "gus")
    assert response.status_code == 200, response.json()
    user = User.objects.get()
    assert (user.email, user.email_verified) == ("gus@example.com", False)
    assert SocialAccount.objects.get().subject == "4242"


def test_github_never_signs_in_to_a_local_account_by_address(github) -> None:
    UserFactory(email="alice@example.com")
    response = github_sign_in(github, "alice")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "email_in_use"


def test_github_with_a_replayed_code_is_refused(github) -> None:
    client = APIClient()
    params = github.authorize(start(client, provider="github")["authorization_url"], login="alice")
    assert complete(client, params, provider="github").status_code == 200
    fresh = github.authorize(start(client, provider="github")["authorization_url"], login="alice")
    response = complete(client, {"code": params["code"], "state": fresh["state"]}, provider="github")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "social_auth_failed"


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "s" * 256},  # longer than OpenID Connect allows
        {"sub": 12345},  # not a string
        {"sub": ["a"]},
    ],
)
def test_a_subject_that_is_not_an_openid_subject_is_refused(corp, claims) -> None:
    corp.tamper(claims=claims)
    response = sign_in(corp, "alice")
    assert response.status_code == 400
    assert not User.objects.exists()


def test_an_asserted_address_longer_than_any_address_counts_as_none(corp) -> None:
    owner = UserFactory(email="someone@example.org")
    client, _ = signed_in_client(owner)
    corp.tamper(claims={"email": "a" * 300 + "@example.com"})
    assert _link(corp, client, "alice").status_code == 201
    assert SocialAccount.objects.get().email == ""


def test_with_verification_mandatory_an_unverified_linked_account_is_sent_a_new_link(
    settings, corp, run_tasks, mailoutbox
) -> None:
    sign_in(corp, "mallory")
    run_tasks()
    mailoutbox.clear()
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True
    response = sign_in(corp, "mallory")
    assert response.status_code == 403
    run_tasks()
    assert [m.to for m in mailoutbox] == [["victim@example.com"]]


# ---- the caller's deadline (core.deadline) ------------------------------------------------------------------------
def test_a_completion_past_the_callers_deadline_starts_no_session(corp) -> None:
    assert sign_in(corp, "alice").status_code == 200  # her account exists from a first sign-in
    sessions = Session.objects.count()
    late = APIClient()
    late.credentials(HTTP_X_REQUEST_DEADLINE="0")

    refused = sign_in(corp, "alice", client=late)
    assert refused.status_code == 408
    assert refused.json()["errors"][0]["code"] == "deadline_exceeded"
    assert Session.objects.count() == sessions
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SOCIAL_LOGIN).count() == 1


# ---- languages --------------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(("accept_language", "language"), [("de-AT", "de"), ("ar-EG", "ar"), ("fr", "en")])
def test_a_first_social_sign_in_keeps_the_language_it_was_made_in(corp, accept_language, language) -> None:
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE=accept_language)

    response = sign_in(corp, "alice", client)

    assert response.status_code == 200, response.json()
    assert User.objects.get(email="alice@example.com").language == language


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", f"{LABEL} did not share a usable email address, which a new account needs."),
        ("de", f"{LABEL} hat keine verwendbare E-Mail-Adresse übermittelt, die für ein neues Konto nötig ist."),
        ("ar", f"لم يشارك {LABEL} عنوان بريد إلكتروني صالحًا للاستخدام، وهو ما يحتاجه الحساب الجديد."),
    ],
)
def test_social_errors_name_the_provider_in_the_language(corp, language, message) -> None:
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)

    response = sign_in(corp, "nomail", client)

    assert response.status_code == 400
    assert response.json()["errors"] == [{"code": "email_missing", "message": message}]
