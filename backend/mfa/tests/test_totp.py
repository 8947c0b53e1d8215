"""Authenticator apps through the API: setup, confirmation, drift, replay, the secret at rest, turning it off."""

import datetime as dt

import pyotp
import pytest
import time_machine
from rest_framework.test import APIClient

from mfa.encryption import secret_decrypt
from mfa.models import TotpDevice
from mfa.tests.conftest import Person, password_login

pytestmark = pytest.mark.django_db


def _mid_next_step() -> dt.datetime:
    """The middle of the next 30-second step: later than any token the fixtures issued, and far from a boundary, so
    that "one step either side" is unambiguous."""
    now = int(dt.datetime.now(dt.UTC).timestamp())
    return dt.datetime.fromtimestamp(now - now % 30 + 45, dt.UTC)


def test_setup_shows_a_secret_and_activates_nothing(person: Person) -> None:
    body = person.client.post("/api/auth/mfa/totp/setup/").json()
    assert len(pyotp.TOTP(body["secret"]).byte_secret()) == 20  # 160 bits (RFC 4226 section 4)
    assert body["otpauth_uri"].startswith("otpauth://totp/Latchkey:mia%40example.com?secret=")
    assert body["qr_svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')  # renders as an <img> too
    assert person.client.get("/api/auth/mfa/").json()["totp"] == {"enabled": False}
    assert "access" in password_login().json()  # the password alone still signs in


def test_confirm_turns_it_on_with_recovery_codes_and_ends_other_sessions(person: Person) -> None:
    old_access = person.access
    person.enable_totp()
    assert person.client.get("/api/auth/mfa/").json()["totp"] == {"enabled": True}
    codes = person.recovery_codes or []
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes)
    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION=f"Bearer {old_access}")
    assert stale.get("/api/auth/me/").status_code == 401  # a change of credentials: the epoch moved on
    assert person.client.get("/api/auth/me/").status_code == 200  # this device goes on with its new pair
    body = password_login().json()
    assert body["mfa_required"] is True
    assert "access" not in body
    assert "refresh" not in body


def test_the_secret_is_encrypted_at_rest(person: Person) -> None:
    person.enable_totp()
    stored = TotpDevice.objects.get(user=person.user).secret_encrypted
    assert person.totp_secret not in stored
    assert secret_decrypt(stored) == person.totp_secret


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_one_step_of_drift_each_way(person: Person, offset: int, accepted: bool) -> None:
    with time_machine.travel(_mid_next_step(), tick=False):
        person.totp_secret = person.client.post("/api/auth/mfa/totp/setup/").json()["secret"]
        response = person.client.post("/api/auth/mfa/totp/confirm/", {"code": person.totp_code(offset)}, format="json")
    assert (response.status_code == 200) is accepted, response.json()
    if not accepted:
        assert response.json()["errors"] == [
            {"code": "invalid_code", "message": response.json()["errors"][0]["message"], "param": "code"}
        ]


@pytest.mark.parametrize(
    "shape",
    [
        lambda c: c,
        lambda c: f"{c[:3]} {c[3:]}",
        lambda c: f"{c[:3]}-{c[3:]}",
        lambda c: f" {c}\t",
        lambda c: c.translate(
            str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))
        ),  # full-width digits
        lambda c: f"{c[:3]}\u00a0{c[3:]}",
    ],
    ids=["plain", "space", "hyphen", "padded", "fullwidth", "nbsp"],
)
def test_the_ways_people_type_a_code_are_one_code(person: Person, shape) -> None:
    person.totp_secret = person.client.post("/api/auth/mfa/totp/setup/").json()["secret"]
    response = person.client.post("/api/auth/mfa/totp/confirm/", {"code": shape(person.totp_code())}, format="json")
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "abcdef", "\uff11\uff12\uff13", "123456" * 20, 123456, None, ["123456"]]
)
def test_malformed_codes_are_400_and_change_nothing(person: Person, code) -> None:
    person.client.post("/api/auth/mfa/totp/setup/")
    response = person.client.post("/api/auth/mfa/totp/confirm/", {"code": code}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "code"
    assert not TotpDevice.objects.get(user=person.user).confirmed


def test_an_accepted_code_is_never_accepted_again(person: Person) -> None:
    with time_machine.travel(_mid_next_step(), tick=False):
        person.enable_totp()  # uses the code of this step
        used = person.totp_code()
        pending = password_login().json()["mfa_token"]
        replay = APIClient().post("/api/auth/login/mfa/", {"mfa_token": pending, "code": used}, format="json")
        assert replay.status_code == 400
        earlier = person.totp_code(-1)  # an earlier step than one already accepted is a replay too
        again = APIClient().post("/api/auth/login/mfa/", {"mfa_token": pending, "code": earlier}, format="json")
        assert again.status_code == 400
        later = person.totp_code(1)
        ok = APIClient().post("/api/auth/login/mfa/", {"mfa_token": pending, "code": later}, format="json")
        assert ok.status_code == 200, ok.json()


def test_setup_while_on_is_409(person: Person) -> None:
    person.enable_totp()
    response = person.client.post("/api/auth/mfa/totp/setup/")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "totp_enabled"


def test_confirm_without_setup_is_409(person: Person) -> None:
    response = person.client.post("/api/auth/mfa/totp/confirm/", {"code": "123456"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "no_pending_setup"


def test_turning_it_off_drops_the_recovery_codes_and_signs_in_with_the_password_again(person: Person) -> None:
    person.enable_totp()
    response = person.client.delete("/api/auth/mfa/totp/")
    assert response.status_code == 200, response.json()
    person.use(response.json())
    state = person.client.get("/api/auth/mfa/").json()
    assert state["totp"] == {"enabled": False}
    assert state["recovery_codes"] == {"total": 0, "remaining": 0}
    assert "access" in password_login().json()
    assert person.client.delete("/api/auth/mfa/totp/").status_code == 404
