"""The second factor and passkey sign-ins end in accounts.services.user_sign_in, so they too refuse a caller's
passed deadline (core.deadline) with 408 and nothing spent: the pending sign-in, the code, the recovery code and the
passkey challenge all stay usable for the retry."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from audit.models import SecurityEvent
from core.deadline import now_ms
from mfa.models import TotpDevice
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import Person, password_login
from usersessions.models import Session

pytestmark = pytest.mark.django_db

PAST = "0"


def _future() -> str:
    return str(now_ms() + 60_000)


def _sessions_and_sign_ins(person: Person) -> tuple[int, int]:
    kinds = [SecurityEvent.Kind.LOGIN_SUCCEEDED]
    return (
        Session.objects.filter(user=person.user).count(),
        SecurityEvent.objects.filter(user=person.user, kind__in=kinds).count(),
    )


@pytest.mark.parametrize("method", ["code", "recovery_code"])
def test_a_second_factor_past_the_deadline_starts_no_session_and_spends_nothing(person: Person, method: str) -> None:
    person.enable_totp()
    TotpDevice.objects.filter(user=person.user).update(last_used_step=0)
    token = password_login().json()["mfa_token"]
    proof = {"code": person.totp_code()} if method == "code" else {"recovery_code": person.recovery_codes[0]}
    before = _sessions_and_sign_ins(person)

    def complete(deadline: str) -> object:
        return APIClient().post(
            "/api/auth/login/mfa/", {"mfa_token": token, **proof}, format="json", HTTP_X_REQUEST_DEADLINE=deadline
        )

    refused = complete(PAST)
    assert refused.status_code == HTTPStatus.REQUEST_TIMEOUT
    assert refused.json()["errors"][0]["code"] == "deadline_exceeded"
    assert _sessions_and_sign_ins(person) == before

    retried = complete(_future())
    assert retried.status_code == HTTPStatus.OK, retried.json()
    assert _sessions_and_sign_ins(person) == (before[0] + 1, before[1] + 1)


def test_a_passkey_sign_in_past_the_deadline_starts_no_session(
    person: Person, authenticator: SoftAuthenticator
) -> None:
    person.add_passkey(authenticator)
    start = APIClient().post("/api/auth/passkeys/login/options/").json()
    body = {"challenge_token": start["challenge_token"], "credential": authenticator.get(start["options"])}
    before = _sessions_and_sign_ins(person)

    refused = APIClient().post("/api/auth/passkeys/login/", body, format="json", HTTP_X_REQUEST_DEADLINE=PAST)
    assert refused.status_code == HTTPStatus.REQUEST_TIMEOUT
    assert refused.json()["errors"][0]["code"] == "deadline_exceeded"
    assert _sessions_and_sign_ins(person) == before

    # The challenge was not spent: the same assertion still signs in once the caller is waiting.
    retried = APIClient().post("/api/auth/passkeys/login/", body, format="json", HTTP_X_REQUEST_DEADLINE=_future())
    assert retried.status_code == HTTPStatus.OK, retried.json()
    assert _sessions_and_sign_ins(person) == (before[0] + 1, before[1] + 1)
