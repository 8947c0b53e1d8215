import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.context import RequestContext
from mfa.tests.authenticator import SoftAuthenticator
from usersessions.services import session_start

ORIGIN = "http://localhost:3000"


@pytest.fixture(autouse=True)
def _webauthn_settings(settings) -> None:
    settings.WEBAUTHN_RP_ID = "localhost"
    settings.WEBAUTHN_ORIGINS = [ORIGIN]


@dataclass
class Person:
    """A signed-in user driving the API; `client` follows the token pair each change of factors hands back."""

    user: User
    client: APIClient
    access: str = ""
    refresh: str = ""
    totp_secret: str = ""
    recovery_codes: list[str] | None = None

    def use(self, body: dict[str, Any]) -> None:
        self.access, self.refresh = body["access"], body["refresh"]
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.access}")

    def totp_code(self, offset_steps: int = 0) -> str:
        """The app's code now (as time-machine sets the clock), or `offset_steps` 30-second steps away."""
        return pyotp.TOTP(self.totp_secret).at(time.time() + 30 * offset_steps)

    def enable_totp(self) -> None:
        setup = self.client.post("/api/auth/mfa/totp/setup/")
        assert setup.status_code == 200, setup.json()
        self.totp_secret = setup.json()["secret"]
        confirm = self.client.post("/api/auth/mfa/totp/confirm/", {"code": self.totp_code()}, format="json")
        assert confirm.status_code == 200, confirm.json()
        self.recovery_codes = confirm.json()["recovery_codes"] or self.recovery_codes
        self.use(confirm.json())

    def add_passkey(self, authenticator: SoftAuthenticator, name: str = "Laptop") -> dict[str, Any]:
        options = self.client.post("/api/auth/passkeys/register/options/")
        assert options.status_code == 200, options.json()
        credential = authenticator.create(options.json())
        added = self.client.post("/api/auth/passkeys/", {"credential": credential, "name": name}, format="json")
        assert added.status_code == 201, added.json()
        self.recovery_codes = added.json()["recovery_codes"] or self.recovery_codes
        self.use(added.json())
        return added.json()["passkey"]


@pytest.fixture
def person(db) -> Person:
    # A proven address: factors added to an account whose address nobody proved die with the owner's password reset
    # (test_unproven_address.py).
    user = UserFactory(email="mia@example.com", name="Mia Example", email_verified=True)
    tokens = session_start(user=user, context=RequestContext())
    person = Person(user=user, client=APIClient())
    person.use({"access": tokens.access, "refresh": tokens.refresh})
    return person


@pytest.fixture
def authenticator() -> SoftAuthenticator:
    return SoftAuthenticator(origin=ORIGIN)


def password_login(email: str = "mia@example.com", password: str = DEFAULT_PASSWORD) -> Any:
    return APIClient().post("/api/auth/login/", {"email": email, "password": password}, format="json")


Login = Callable[..., Any]
