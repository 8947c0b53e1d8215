"""Regressions from an attack on the first version: each kind of bypass, tested in its variants.

1. Minting second-factor proof with the password alone (new recovery codes, a new passkey or app) and using it to
   remove the real factors: any change of factors of an account that has one needs a recent second factor.
2. Parallel requests on one pending sign-in: one wins; the others spend nothing and count as no failure.
3. Someone with the password locking the owner out of codes from elsewhere: counted per (account, address), with
   an account-wide ceiling.
4. A passkey whose key can never verify is not stored.
"""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from accounts.lockout import FREE_FAILURES, SECOND_FACTOR_ACCOUNT_CEILING
from audit.models import SecurityEvent
from mfa.models import Passkey, RecoveryCode, TotpDevice
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import ORIGIN, Person, password_login

pytestmark = pytest.mark.django_db

PASSWORD = "quiet meadow lantern 42"


def _later() -> time_machine.travel:
    return time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11), tick=False)


def _password_step_up(person: Person) -> None:
    """An old session (past the window) re-authenticated with the password only."""
    person.use(APIClient().post("/api/auth/refresh/", {"refresh": person.refresh}, format="json").json())
    response = person.client.post("/api/auth/reauthenticate/", {"password": PASSWORD}, format="json")
    assert response.status_code == 200
    person.use(response.json())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/auth/mfa/recovery-codes/"),
        ("post", "/api/auth/passkeys/register/options/"),
        ("post", "/api/auth/passkeys/"),
        ("delete", "/api/auth/mfa/totp/"),
    ],
)
def test_the_password_alone_cannot_change_the_factors_of_an_mfa_account(person: Person, method: str, path: str) -> None:
    person.enable_totp()
    with _later():
        _password_step_up(person)
        response = getattr(person.client, method)(path, {"credential": {"id": "x"}}, format="json")
    assert response.status_code == 403, response.json()
    assert response.json()["errors"][0]["code"] == "reauthentication_required"
    assert TotpDevice.objects.filter(user=person.user, confirmed=True).exists()


def test_the_password_alone_cannot_add_an_app_to_a_passkey_account(
    person: Person, authenticator: SoftAuthenticator
) -> None:
    person.add_passkey(authenticator)
    with _later():
        _password_step_up(person)
        assert person.client.post("/api/auth/mfa/totp/setup/").status_code == 403
        assert person.client.post("/api/auth/mfa/recovery-codes/").status_code == 403


def test_an_account_without_factors_adds_its_first_with_the_password(person: Person) -> None:
    with _later():
        _password_step_up(person)
        assert person.client.post("/api/auth/mfa/totp/setup/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_recovery_codes_on_one_sign_in_spend_one(person: Person) -> None:
    person.enable_totp()
    codes = (person.recovery_codes or [])[:5]
    token = password_login().json()["mfa_token"]

    def attempt(code: str) -> int:
        try:
            body = {"mfa_token": token, "recovery_code": code}
            return APIClient().post("/api/auth/login/mfa/", body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(attempt, codes))
    assert sorted(statuses) == [200, 401, 401, 401, 401]
    assert RecoveryCode.objects.filter(user=person.user, used_at__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_code_is_no_wrong_code(person: Person) -> None:
    person.enable_totp()
    TotpDevice.objects.filter(user=person.user).update(last_used_step=0)
    token, code = password_login().json()["mfa_token"], person.totp_code()

    def attempt(_: int) -> int:
        try:
            body = {"mfa_token": token, "code": code}
            return APIClient().post("/api/auth/login/mfa/", body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(attempt, range(6)))
    assert sorted(statuses) == [200] + [401] * 5
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.MFA_FAILED).exists()


def _from(ip: str) -> APIClient:
    return APIClient(REMOTE_ADDR=ip)


def test_someone_elses_wrong_codes_do_not_lock_the_owners_address(person: Person) -> None:
    person.enable_totp()
    TotpDevice.objects.filter(user=person.user).update(last_used_step=0)
    login = {"email": "mia@example.com", "password": PASSWORD}
    attacker = [
        _from("203.0.113.9")
        .post(
            "/api/auth/login/mfa/",
            {
                "mfa_token": _from("203.0.113.9").post("/api/auth/login/", login, format="json").json()["mfa_token"],
                "code": "000000",
            },
            format="json",
        )
        .status_code
        for _ in range(FREE_FAILURES + 2)
    ]
    assert attacker[-1] == 429
    owner = _from("198.51.100.7")
    token = owner.post("/api/auth/login/", login, format="json").json()["mfa_token"]
    response = owner.post("/api/auth/login/mfa/", {"mfa_token": token, "code": person.totp_code()}, format="json")
    assert response.status_code == 200, response.json()


def test_guessing_from_many_addresses_meets_the_account_ceiling(person: Person) -> None:
    person.enable_totp()
    login = {"email": "mia@example.com", "password": PASSWORD}
    for n in range(SECOND_FACTOR_ACCOUNT_CEILING):
        client = _from(f"203.0.113.{n + 1}")
        token = client.post("/api/auth/login/", login, format="json").json()["mfa_token"]
        assert (
            client.post("/api/auth/login/mfa/", {"mfa_token": token, "code": "000000"}, format="json").status_code
            == 400
        )
    client = _from("198.51.100.200")
    token = client.post("/api/auth/login/", login, format="json").json()["mfa_token"]
    response = client.post("/api/auth/login/mfa/", {"mfa_token": token, "code": "000000"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    "cose_key",
    [
        {1: 1, 3: -8, -1: 6, -2: b"\x01"},  # Ed25519 with a 1-byte x
        {1: 2, 3: -7, -1: 1, -2: b"\x00" * 32, -3: b"\x00" * 32},  # P-256 point not on the curve
        {1: 2, 3: -7, -1: 1, -2: b"\x01" * 31},  # missing y
    ],
    ids=["short-ed25519", "off-curve", "no-y"],
)
def test_a_key_that_cannot_verify_is_not_stored(person: Person, cose_key: dict) -> None:
    options = person.client.post("/api/auth/passkeys/register/options/").json()
    credential = SoftAuthenticator(origin=ORIGIN).create(options, cose_key=cose_key)
    response = person.client.post("/api/auth/passkeys/", {"credential": credential}, format="json")
    assert response.status_code == 400
    assert not Passkey.objects.exists()
