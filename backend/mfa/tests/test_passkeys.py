"""Passkeys through the API with a software authenticator: registration, passwordless sign-in, and every way a
response can be wrong (origin, RP ID, user verification, counter, replay, another user's credential)."""

import pytest
from rest_framework.test import APIClient

from mfa.models import Passkey
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import ORIGIN, Person, password_login

pytestmark = pytest.mark.django_db


def _passkey_login(authenticator: SoftAuthenticator, **hostile: object) -> object:
    start = APIClient().post("/api/auth/passkeys/login/options/").json()
    assert start["options"].get("allowCredentials", []) == []  # discoverable: no email asked
    assertion = authenticator.get(start["options"], **hostile)  # type: ignore[arg-type]
    return APIClient().post(
        "/api/auth/passkeys/login/",
        {"challenge_token": start["challenge_token"], "credential": assertion},
        format="json",
    )


def test_register_list_rename_and_sign_in_without_a_password(person: Person, authenticator: SoftAuthenticator) -> None:
    passkey = person.add_passkey(authenticator, name="Work laptop")
    assert [p["name"] for p in person.client.get("/api/auth/passkeys/").json()] == ["Work laptop"]
    renamed = person.client.patch(f"/api/auth/passkeys/{passkey['id']}/", {"name": "Phone"}, format="json")
    assert renamed.json()["name"] == "Phone"
    stored = Passkey.objects.get()
    assert stored.backup_eligible
    assert stored.backed_up
    response = _passkey_login(authenticator)
    assert response.status_code == 200, response.json()
    assert response.json()["user"]["email"] == "mia@example.com"
    stored.refresh_from_db()
    assert stored.sign_count == 1
    assert stored.last_used_at is not None
    # A passkey is a second factor: the password alone no longer signs in.
    assert password_login().json()["mfa_required"] is True


@pytest.mark.parametrize(
    "hostile",
    [
        {"origin": "http://evil.example"},
        {"origin": "https://localhost:3000"},
        {"origin": "http://localhost:3001"},
        {"rp_id": "evil.example"},
        {"rp_id": "example.localhost"},
    ],
    ids=["other-site", "other-scheme", "other-port", "other-rp", "sub-rp"],
)
def test_registration_from_elsewhere_is_refused_and_stores_nothing(person: Person, hostile: dict) -> None:
    options = person.client.post("/api/auth/passkeys/register/options/").json()
    credential = SoftAuthenticator(origin=ORIGIN).create(options, **hostile)
    response = person.client.post("/api/auth/passkeys/", {"credential": credential}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_credential"
    assert not Passkey.objects.exists()


def test_registration_without_user_verification_is_refused(person: Person) -> None:
    options = person.client.post("/api/auth/passkeys/register/options/").json()
    assert options["authenticatorSelection"]["userVerification"] == "required"
    credential = SoftAuthenticator(origin=ORIGIN, user_verified=False).create(options)
    assert person.client.post("/api/auth/passkeys/", {"credential": credential}, format="json").status_code == 400


def test_a_registration_challenge_is_single_use(person: Person, authenticator: SoftAuthenticator) -> None:
    options = person.client.post("/api/auth/passkeys/register/options/").json()
    credential = authenticator.create(options)
    first = person.client.post("/api/auth/passkeys/", {"credential": credential}, format="json")
    assert first.status_code == 201
    person.use(first.json())
    again = person.client.post("/api/auth/passkeys/", {"credential": credential}, format="json")
    assert again.status_code == 400
    assert Passkey.objects.count() == 1


@pytest.mark.parametrize(
    "hostile",
    [{"origin": "http://evil.example"}, {"rp_id": "evil.example"}],
    ids=["other-origin", "other-rp"],
)
def test_sign_in_from_elsewhere_is_refused(person: Person, authenticator: SoftAuthenticator, hostile: dict) -> None:
    person.add_passkey(authenticator)
    response = _passkey_login(authenticator, **hostile)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_credential"


def test_sign_in_without_user_verification_is_refused(person: Person, authenticator: SoftAuthenticator) -> None:
    person.add_passkey(authenticator)
    authenticator.user_verified = False
    assert _passkey_login(authenticator).status_code == 400


def test_a_counter_that_goes_back_means_a_clone(person: Person, authenticator: SoftAuthenticator) -> None:
    person.add_passkey(authenticator)
    authenticator.sign_count = 10
    assert _passkey_login(authenticator).status_code == 200
    authenticator.sign_count = 5  # the clone's counter
    assert _passkey_login(authenticator).status_code == 400


def test_authenticators_that_never_count_keep_working(person: Person) -> None:
    synced = SoftAuthenticator(origin=ORIGIN, counter_step=0)
    person.add_passkey(synced)
    assert _passkey_login(synced).status_code == 200
    assert _passkey_login(synced).status_code == 200


def test_an_assertion_is_single_use(person: Person, authenticator: SoftAuthenticator) -> None:
    person.add_passkey(authenticator)
    start = APIClient().post("/api/auth/passkeys/login/options/").json()
    body = {"challenge_token": start["challenge_token"], "credential": authenticator.get(start["options"])}
    assert APIClient().post("/api/auth/passkeys/login/", body, format="json").status_code == 200
    replay = APIClient().post("/api/auth/passkeys/login/", body, format="json")
    assert replay.status_code == 401
    assert replay.json()["errors"][0]["code"] == "challenge_invalid"


def test_an_unknown_credential_is_refused(person: Person) -> None:
    assert _passkey_login(SoftAuthenticator(origin=ORIGIN, user_handle=b"x" * 32)).status_code == 400


def test_another_users_credential_cannot_complete_this_users_sign_in(
    person: Person, authenticator: SoftAuthenticator
) -> None:
    from accounts.tests.factories import UserFactory
    from core.context import RequestContext
    from usersessions.services import session_start

    person.add_passkey(authenticator)
    other = UserFactory(email="eve@example.com")
    eve = Person(user=other, client=APIClient())
    tokens = session_start(user=other, context=RequestContext())
    eve.use({"access": tokens.access, "refresh": tokens.refresh})
    eve.enable_totp()
    pending = password_login("eve@example.com").json()["mfa_token"]
    options = APIClient().post("/api/auth/login/mfa/options/", {"mfa_token": pending}, format="json").json()
    assertion = authenticator.get(options["options"])  # Mia's passkey answering Eve's sign-in
    response = APIClient().post("/api/auth/login/mfa/", {"mfa_token": pending, "credential": assertion}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("credential", ["", "{}", [], {"id": "x"}, {"response": "nope"}, "x" * 5000, 5])
def test_junk_credentials_are_400(person: Person, credential: object) -> None:
    person.client.post("/api/auth/passkeys/register/options/")
    response = person.client.post("/api/auth/passkeys/", {"credential": credential}, format="json")
    assert response.status_code == 400
    start = APIClient().post("/api/auth/passkeys/login/options/").json()
    login = APIClient().post(
        "/api/auth/passkeys/login/",
        {"challenge_token": start["challenge_token"], "credential": credential},
        format="json",
    )
    assert login.status_code == 400


def test_the_data_export_lists_factors_without_secrets(person: Person, authenticator: SoftAuthenticator) -> None:
    person.enable_totp()
    person.add_passkey(authenticator, name="Work laptop")
    response = person.client.get("/api/auth/me/export/")
    factors = response.json()["second_factors"]
    assert factors["authenticator_app"]["enabled"] is True
    assert factors["recovery_codes"] == {"total": 10, "remaining": 10}
    assert [p["name"] for p in factors["passkeys"]] == ["Work laptop"]
    text = response.content.decode()
    assert person.totp_secret not in text
    assert not any(code in text for code in person.recovery_codes or [])
