"""Step-up re-authentication: every sensitive endpoint refuses a session that has not proved its user recently,
and removing a second factor needs a second factor."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from mfa.models import TotpDevice
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import Person

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(minutes=11)  # past the default REAUTH_WINDOW of 10 minutes

SENSITIVE = [
    ("post", "/api/auth/mfa/totp/setup/", None),
    ("post", "/api/auth/mfa/totp/confirm/", {"code": "123456"}),
    ("post", "/api/auth/mfa/recovery-codes/", None),
    ("post", "/api/auth/passkeys/register/options/", None),
    ("post", "/api/auth/passkeys/", {"credential": {"id": "x"}}),
    ("post", "/api/auth/sessions/revoke-others/", None),
]


def _later() -> time_machine.travel:
    return time_machine.travel(dt.datetime.now(dt.UTC) + LATER, tick=False)


@pytest.mark.parametrize(("method", "path", "body"), SENSITIVE, ids=[p for _, p, _ in SENSITIVE])
def test_sensitive_endpoints_need_a_recent_authentication(person: Person, method: str, path: str, body) -> None:
    with _later():
        # The access token would have expired by then: a refresh keeps the session, not its freshness.
        refreshed = APIClient().post("/api/auth/refresh/", {"refresh": person.refresh}, format="json").json()
        person.use(refreshed)
        response = getattr(person.client, method)(path, body, format="json")
    assert response.status_code == 403, response.json()
    assert response.json()["errors"][0]["code"] == "reauthentication_required"


def test_reauthenticating_with_the_password_opens_the_window_with_a_new_session(person: Person) -> None:
    with _later():
        person.use(APIClient().post("/api/auth/refresh/", {"refresh": person.refresh}, format="json").json())
        old_access = person.access
        assert person.client.post("/api/auth/mfa/totp/setup/").status_code == 403
        wrong = person.client.post("/api/auth/reauthenticate/", {"password": "not it at all 123"}, format="json")
        assert wrong.status_code == 400
        assert wrong.json()["errors"][0]["param"] == "password"
        response = person.client.post(
            "/api/auth/reauthenticate/", {"password": "quiet meadow lantern 42"}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["reauthenticated_until"]
        person.use(response.json())
        assert person.client.post("/api/auth/mfa/totp/setup/").status_code == 200
        stale = APIClient()
        stale.credentials(HTTP_AUTHORIZATION=f"Bearer {old_access}")
        assert stale.get("/api/auth/me/").status_code == 401  # a new session id and pair at re-authentication


def test_removing_a_factor_needs_a_second_factor_not_only_the_password(person: Person) -> None:
    person.enable_totp()
    with _later():
        person.use(APIClient().post("/api/auth/refresh/", {"refresh": person.refresh}, format="json").json())
        by_password = person.client.post(
            "/api/auth/reauthenticate/", {"password": "quiet meadow lantern 42"}, format="json"
        )
        person.use(by_password.json())
        refused = person.client.delete("/api/auth/mfa/totp/")
        assert refused.status_code == 403
        assert "second factor" in refused.json()["errors"][0]["message"]
        TotpDevice.objects.filter(user=person.user).update(last_used_step=0)
        by_code = person.client.post("/api/auth/reauthenticate/", {"code": person.totp_code()}, format="json")
        assert by_code.status_code == 200, by_code.json()
        person.use(by_code.json())
        assert person.client.delete("/api/auth/mfa/totp/").status_code == 200


def test_reauthenticating_with_a_passkey(person: Person, authenticator: SoftAuthenticator) -> None:
    passkey = person.add_passkey(authenticator)
    with _later():
        person.use(APIClient().post("/api/auth/refresh/", {"refresh": person.refresh}, format="json").json())
        assert person.client.delete(f"/api/auth/passkeys/{passkey['id']}/").status_code == 403
        options = person.client.post("/api/auth/reauthenticate/options/").json()["options"]
        credential = authenticator.get(options)
        response = person.client.post("/api/auth/reauthenticate/", {"credential": credential}, format="json")
        assert response.status_code == 200, response.json()
        person.use(response.json())
        assert person.client.delete(f"/api/auth/passkeys/{passkey['id']}/").status_code == 200


def test_the_overview_says_until_when(person: Person) -> None:
    state = person.client.get("/api/auth/mfa/").json()
    assert state["reauthenticated_until"] is not None
    assert state["second_factor_until"] is None
    with _later():
        person.use(APIClient().post("/api/auth/refresh/", {"refresh": person.refresh}, format="json").json())
        assert person.client.get("/api/auth/mfa/").json()["reauthenticated_until"] is None


@pytest.mark.parametrize(
    "body",
    [{}, {"password": "a", "code": "123456"}, {"password": ""}, {"credential": "x"}, {"password": 5}],
)
def test_reauthenticate_takes_exactly_one_proof(person: Person, body: dict) -> None:
    assert person.client.post("/api/auth/reauthenticate/", body, format="json").status_code == 400
