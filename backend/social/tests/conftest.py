import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .oidc_provider import OidcProvider

FRONTEND_ORIGINS = ("http://localhost:3000", "http://localhost:3100")


@dataclass(frozen=True)
class OidcTestClient:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]

    def redirect_uri(self, provider: str = "corp", origin: str = FRONTEND_ORIGINS[0]) -> str:
        return f"{origin}/auth/callback/{provider}"


# One client serves both presets: the generic OIDC one ("corp") and the GitHub emulation ("github").
OIDC_CLIENT = OidcTestClient(
    client_id="latchkey-test",
    client_secret=f"test-secret-{secrets.token_urlsafe(12)}",
    redirect_uris=tuple(
        f"{origin}/auth/callback/{provider}" for provider in ("corp", "github") for origin in FRONTEND_ORIGINS
    ),
)

# The github preset sends its secret in the token request's body, as GitHub documents; a client may use only the
# method it registered.
GITHUB_CLIENT = OidcTestClient(
    client_id="latchkey-github",
    client_secret=f"test-secret-{secrets.token_urlsafe(12)}",
    redirect_uris=tuple(f"{origin}/auth/callback/github" for origin in FRONTEND_ORIGINS),
)

OIDC_ACCOUNTS: dict[str, dict[str, Any]] = {
    "alice": {"sub": "alice-sub", "email": "alice@example.com", "email_verified": True, "name": "Alice Example"},
    "bob": {"sub": "bob-sub", "email": "bob@example.com", "email_verified": True, "name": "Bob Example"},
    # Claims someone else's address without the provider having verified it.
    "mallory": {"sub": "mallory-sub", "email": "victim@example.com", "email_verified": False, "name": "Mallory"},
    "carol": {
        "sub": "carol-sub",
        "email": "carol@example.com",
        "email_verified": True,
        "name": "Carol Example",
        "amr": ["pwd", "mfa"],
    },
    "nomail": {"sub": "nomail-sub", "name": "No Mail"},
    # A GitHub account whose primary address GitHub verified: Mallory's own, used to link to an account she squats.
    "mallory_gh": {
        "sub": "mallory-gh-sub",
        "name": "Mallory GH",
        "github": {
            "id": 6666,
            "login": "mallory",
            "emails": [{"email": "mallory@evil.example", "primary": True, "verified": True, "visibility": "private"}],
        },
    },
    # GitHub: a verified address that is not the primary one does not count; the primary one is unverified.
    "gus": {
        "sub": "gus-sub",
        "name": "Gus",
        "github": {
            "id": 4242,
            "login": "gus",
            "emails": [
                {"email": "gus@work.example", "primary": False, "verified": True, "visibility": None},
                {"email": "gus@example.com", "primary": True, "verified": False, "visibility": "private"},
            ],
        },
    },
}


@pytest.fixture(scope="session")
def oidc_client() -> OidcTestClient:
    return OIDC_CLIENT


@pytest.fixture(scope="session")
def github_client() -> OidcTestClient:
    return GITHUB_CLIENT


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    """The harness, started once per test session with the accounts above; see oidc_provider.py."""
    provider = OidcProvider()
    provider.start(
        accounts=OIDC_ACCOUNTS,
        clients=[
            {
                "client_id": OIDC_CLIENT.client_id,
                "client_secret": OIDC_CLIENT.client_secret,
                "redirect_uris": list(OIDC_CLIENT.redirect_uris),
            },
            {
                "client_id": GITHUB_CLIENT.client_id,
                "client_secret": GITHUB_CLIENT.client_secret,
                "redirect_uris": list(GITHUB_CLIENT.redirect_uris),
                "token_endpoint_auth_method": "client_secret_post",
            },
        ],
    )
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def _oidc_provider_reset(request: pytest.FixtureRequest) -> Iterator[None]:
    """A tamper a test set but did not use must not change the next test's ID token."""
    yield
    if "oidc_provider" in request.fixturenames:
        request.getfixturevalue("oidc_provider").reset()
