"""Signing in with a second factor: the pending sign-in (mfa_token), its limits, recovery codes, and no way around
it (password reset, a change of credentials in the middle)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from rest_framework.test import APIClient

from accounts.lockout import FREE_FAILURES
from accounts.tests.factories import DEFAULT_PASSWORD
from mfa.models import TotpDevice
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import Person, password_login
from usersessions.models import Session

pytestmark = pytest.mark.django_db


def _complete(mfa_token: str, **proof: object) -> object:
    return APIClient().post("/api/auth/login/mfa/", {"mfa_token": mfa_token, **proof}, format="json")


def _fresh_step(person: Person) -> None:
    """Lets the next code of the current step be accepted (tests that are not about replay)."""
    TotpDevice.objects.filter(user=person.user).update(last_used_step=0)


@pytest.fixture
def mfa_person(person: Person) -> Person:
    person.enable_totp()
    _fresh_step(person)
    return person


def test_the_password_alone_yields_no_token(mfa_person: Person) -> None:
    response = password_login()
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"mfa_required", "mfa_token", "methods"}
    assert body["methods"] == ["totp", "recovery_code"]
    # The mfa_token is no access token.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['mfa_token']}")
    assert client.get("/api/auth/me/").status_code == 401
    assert client.post("/api/auth/refresh/", {"refresh": body["mfa_token"]}, format="json").status_code == 401


@pytest.mark.parametrize(
    ("email", "password"), [("mia@example.com", "wrong password 1234"), ("nobody@example.com", DEFAULT_PASSWORD)]
)
def test_wrong_credentials_look_as_before(mfa_person: Person, email: str, password: str) -> None:
    response = password_login(email, password)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_credentials"


def test_a_code_completes_the_sign_in_as_a_two_factor_session(mfa_person: Person) -> None:
    token = password_login().json()["mfa_token"]
    response = _complete(token, code=mfa_person.totp_code())
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["user"]["email"] == "mia@example.com"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert client.get("/api/auth/me/").status_code == 200
    session = Session.objects.filter(revoked_at__isnull=True).latest("created_at")
    assert session.second_factor_at is not None


def test_the_mfa_token_is_single_use(mfa_person: Person) -> None:
    token = password_login().json()["mfa_token"]
    assert _complete(token, code=mfa_person.totp_code()).status_code == 200
    _fresh_step(mfa_person)
    again = _complete(token, code=mfa_person.totp_code())
    assert again.status_code == 401
    assert again.json()["errors"][0]["code"] == "mfa_token_invalid"


@pytest.mark.parametrize(("seconds", "alive"), [(290, True), (301, False)])
def test_the_mfa_token_expires_after_five_minutes(mfa_person: Person, seconds: int, alive: bool) -> None:
    token = password_login().json()["mfa_token"]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    with time_machine.travel(later, tick=False):
        response = _complete(token, code=mfa_person.totp_code())
    assert (response.status_code == 200) is alive, response.json()


@pytest.mark.parametrize("token", ["", "x" * 43, "x" * 101, 12, None])
def test_unknown_or_malformed_mfa_tokens_are_refused(mfa_person: Person, token: object) -> None:
    response = _complete(token, code=mfa_person.totp_code())  # type: ignore[arg-type]
    assert response.status_code in (400, 401)
    assert response.json()["errors"][0]["param"] == "mfa_token"


def test_five_wrong_codes_kill_the_mfa_token(mfa_person: Person, settings) -> None:
    token = password_login().json()["mfa_token"]
    for _ in range(5):
        assert _complete(token, code="000000").status_code == 400
    dead = _complete(token, code=mfa_person.totp_code())
    assert dead.status_code in (401, 429)


def test_wrong_codes_are_limited_per_account_across_sign_ins(mfa_person: Person) -> None:
    statuses = []
    for _ in range(FREE_FAILURES + 1):
        token = password_login().json()["mfa_token"]  # a fresh sign-in does not reset the count
        statuses.append(_complete(token, code="000000").status_code)
    assert statuses[:FREE_FAILURES] == [400] * FREE_FAILURES
    assert statuses[FREE_FAILURES] == 429


def test_exactly_one_proof_is_required(mfa_person: Person) -> None:
    token = password_login().json()["mfa_token"]
    for proof in ({}, {"code": "123456", "recovery_code": "abcd-efgh-jkmn"}, {"code": ""}):
        response = _complete(token, **proof)
        assert response.status_code == 400, proof


def test_a_recovery_code_works_once_and_says_how_many_are_left(mfa_person: Person, run_tasks) -> None:
    code = (mfa_person.recovery_codes or [])[0]
    mail.outbox.clear()
    typed = code.upper().replace("-", " ")  # case, spaces and hyphens do not matter
    assert _complete(password_login().json()["mfa_token"], recovery_code=typed).status_code == 200
    again = _complete(password_login().json()["mfa_token"], recovery_code=code)
    assert again.status_code == 400
    assert again.json()["errors"][0]["param"] == "recovery_code"
    run_tasks()
    assert any("9 recovery codes left" in message.body for message in mail.outbox)


def test_regenerating_recovery_codes_kills_the_old_ones(mfa_person: Person) -> None:
    old = (mfa_person.recovery_codes or [])[0]
    new = mfa_person.client.post("/api/auth/mfa/recovery-codes/").json()["recovery_codes"]
    assert len(new) == 10
    assert old not in new
    assert _complete(password_login().json()["mfa_token"], recovery_code=old).status_code == 400
    assert _complete(password_login().json()["mfa_token"], recovery_code=new[0]).status_code == 200


def test_a_password_reset_does_not_bypass_the_second_factor(mfa_person: Person) -> None:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.emailed_keys import password_reset_keys

    mfa_person.user.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(mfa_person.user.pk))
    token = password_reset_keys.make_token(mfa_person.user)
    new_password = "a brand new passphrase 77"
    reset = APIClient().post(
        "/api/auth/password/reset/confirm/", {"uid": uid, "token": token, "new_password": new_password}, format="json"
    )
    assert reset.status_code == 204, reset.json()
    assert "access" not in (reset.content.decode() or "")  # no session from a reset
    body = password_login(password=new_password).json()
    assert body["mfa_required"] is True
    assert "access" not in body


def test_a_change_of_credentials_ends_a_pending_sign_in(mfa_person: Person) -> None:
    token = password_login().json()["mfa_token"]
    mfa_person.user.refresh_from_db()
    mfa_person.user.set_password("someone else changed it 99")
    mfa_person.user.save()
    response = _complete(token, code=mfa_person.totp_code())
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "mfa_token_invalid"


def test_a_passkey_completes_the_sign_in(person: Person, authenticator: SoftAuthenticator) -> None:
    person.add_passkey(authenticator)
    body = password_login().json()
    assert body["methods"] == ["recovery_code", "passkey"]
    options = APIClient().post("/api/auth/login/mfa/options/", {"mfa_token": body["mfa_token"]}, format="json")
    assert options.status_code == 200
    assertion = authenticator.get(options.json()["options"])
    assert _complete(body["mfa_token"], credential=assertion).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ins_with_one_code_get_one_session(person: Person) -> None:
    """The same code, sent at once to eight pending sign-ins: the step is claimed once."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    person.enable_totp()
    _fresh_step(person)
    tokens = [password_login().json()["mfa_token"] for _ in range(8)]
    code = person.totp_code()

    def attempt(token: str) -> int:
        try:
            return _complete(token, code=code).status_code  # type: ignore[attr-defined]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(attempt, tokens))
    assert statuses.count(200) == 1
    assert set(statuses) - {200} <= {400, 429}  # refused as a reused code, or as one failure too many
