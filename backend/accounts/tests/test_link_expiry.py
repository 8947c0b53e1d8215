"""ASVS 6.5.5: reset and email-change links expire after 10 minutes; a genuine, current link opened too late is told
apart as `expired_key` (its page offers a new one), anything forged, superseded or used stays invalid.

The clock is frozen with time-machine, which moves both clocks the keys use: time.time (signed keys) and
datetime.now (Django's reset-token generator).
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
import time_machine
from django.core import mail
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from accounts import emailed_keys
from accounts.credentials import CredentialChange, credentials_changing
from accounts.models import User
from core.tests.test_platform import GOOD_JWT_KEY, GOOD_SECRET, _run_python
from notifications.tests.utils import link_params, mailed_link

T0 = 1_900_000_000  # a whole second, so "timeout + 1" is exactly one second past the key's own timestamp
NEW_PASSWORD = "violet harbour kettle 77"
NEW_EMAIL = "ann.new@example.com"
RESEND_URL = "/api/auth/password/reset/resend/"
RESENT = {"detail": "We sent a new reset link to the address the old one was sent to."}


def _error(code: str, message: str, param: str) -> dict[str, Any]:
    return {"status": 400, "errors": [{"code": code, "message": message, "param": param}]}


EXPIRED_KEY = _error("expired_key", "This link has expired.", "key")
INVALID_KEY = _error("invalid_key", "This link is invalid, expired or already used.", "key")
EXPIRED_RESET = _error("expired_key", "This link has expired.", "token")
INVALID_RESET = _error("invalid_token", "This reset link is invalid, expired or already used.", "token")


@dataclass(frozen=True)
class Flow:
    """One kind of emailed link: how to make one, use it, and what each answer looks like."""

    name: str
    url: str
    timeout_setting: str
    make: Callable[[User], dict[str, str]]  # the body a page posts, less any new password
    extra: dict[str, str]
    ok_status: HTTPStatus
    expired: dict[str, Any]
    invalid: dict[str, Any]
    done: Callable[[User], bool]  # did using the link take effect?


def _reset_body(user: User) -> dict[str, str]:
    return link_params(emailed_keys.password_reset_link(user=user))


RESET = Flow(
    name="password reset",
    url="/api/auth/password/reset/confirm/",
    timeout_setting="PASSWORD_RESET_TIMEOUT",
    make=_reset_body,
    extra={"new_password": NEW_PASSWORD},
    ok_status=HTTPStatus.NO_CONTENT,
    expired=EXPIRED_RESET,
    invalid=INVALID_RESET,
    done=lambda user: user.check_password(NEW_PASSWORD),
)
CHANGE = Flow(
    name="email change",
    url="/api/auth/email/change/confirm/",
    timeout_setting="ACCOUNT_EMAIL_CHANGE_TIMEOUT",
    make=lambda user: {"key": emailed_keys.email_change_key_make(user=user, new_email=NEW_EMAIL)},
    extra={},
    ok_status=HTTPStatus.OK,
    expired=EXPIRED_KEY,
    invalid=INVALID_KEY,
    done=lambda user: user.email == NEW_EMAIL,
)
VERIFY = Flow(
    name="email verification",
    url="/api/auth/email/verify/",
    timeout_setting="ACCOUNT_EMAIL_VERIFICATION_TIMEOUT",
    make=lambda user: {"key": emailed_keys.email_verification_key_make(user=user)},
    extra={},
    ok_status=HTTPStatus.OK,
    expired=EXPIRED_KEY,
    invalid=INVALID_KEY,
    done=lambda user: user.email_verified,
)
FLOWS = [pytest.param(flow, id=flow.name) for flow in (RESET, CHANGE, VERIFY)]


def _issue(flow: Flow, user: User) -> dict[str, str]:
    with time_machine.travel(T0, tick=False):
        return flow.make(user)


def _use(flow: Flow, body: dict[str, str], *, at: int) -> Any:
    with time_machine.travel(at, tick=False):
        return APIClient().post(flow.url, {**body, **flow.extra})


def _timeout(flow: Flow, settings) -> int:
    return int(getattr(settings, flow.timeout_setting))


def _ages(window: int) -> list[Any]:
    """(seconds past the timeout, answer): the edges of each band."""
    return [
        pytest.param(-1, "ok", id="just inside"),
        pytest.param(0, "ok", id="at the timeout"),
        pytest.param(1, "expired", id="just outside"),
        pytest.param(window, "expired", id="end of the resend window"),
        pytest.param(window + 1, "invalid", id="past the resend window"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("flow", FLOWS)
@pytest.mark.parametrize(("past_timeout", "answer"), _ages(window=24 * 3600))
def test_a_genuine_current_link_works_until_its_timeout_then_says_expired(user, settings, flow, past_timeout, answer):
    body = _issue(flow, user)

    response = _use(flow, body, at=T0 + _timeout(flow, settings) + past_timeout)

    user.refresh_from_db()
    if answer == "ok":
        assert response.status_code == flow.ok_status
        assert flow.done(user)
    else:
        assert response.json() == (flow.expired if answer == "expired" else flow.invalid)
        assert not flow.done(user)


def test_the_defaults_are_ten_minutes_for_reset_and_change_and_three_days_for_verification(settings):
    assert (settings.PASSWORD_RESET_TIMEOUT, settings.ACCOUNT_EMAIL_CHANGE_TIMEOUT) == (600, 600)
    assert settings.ACCOUNT_EMAIL_VERIFICATION_TIMEOUT == 3 * 24 * 3600


def _change_password(user: User) -> None:
    with credentials_changing(user=user, change=CredentialChange.PASSWORD_CHANGED):
        user.set_password("changed elsewhere meanwhile 5")
        user.save(update_fields=["password"])


def _change_email(user: User) -> None:
    with credentials_changing(user=user, change=CredentialChange.EMAIL_CHANGED):
        user.email = "ann.other@example.com"
        user.save(update_fields=["email"])


def _deactivate(user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=False)


@pytest.mark.django_db
@pytest.mark.parametrize("flow", FLOWS)
@pytest.mark.parametrize("supersede", [_change_password, _change_email, _deactivate])
@pytest.mark.parametrize("late", [False, True], ids=["in time", "expired"])
def test_a_superseded_link_is_invalid_whether_or_not_it_expired(user, settings, flow, supersede, late):
    body = _issue(flow, user)
    supersede(user)

    response = _use(flow, body, at=T0 + (_timeout(flow, settings) + 1 if late else 1))

    assert response.json() == flow.invalid


def _flip(text: str, index: int) -> str:
    """`text` with one character changed, staying in the base64url alphabet."""
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


def _tampered_reset(body: dict[str, str], part: str) -> dict[str, str]:
    timestamp, digest = body["token"].split("-")
    return {
        "uid": {**body, "uid": _flip(body["uid"], 0)},
        "timestamp": {**body, "token": f"{_flip(timestamp, len(timestamp) - 1)}-{digest}"},
        "hash": {**body, "token": f"{timestamp}-{_flip(digest, 0)}"},
    }[part]


def _tampered_key(body: dict[str, str], part: str) -> dict[str, str]:
    payload, timestamp, signature = body["key"].rsplit(":", 2)
    parts = {
        "payload": [_flip(payload, len(payload) // 2), timestamp, signature],
        "timestamp": [payload, _flip(timestamp, 0), signature],
        "signature": [payload, timestamp, _flip(signature, 0)],
    }[part]
    return {"key": ":".join(parts)}


TAMPERED = [
    *[pytest.param(RESET, part, id=f"reset {part}") for part in ("uid", "timestamp", "hash")],
    *[
        pytest.param(flow, part, id=f"{flow.name} {part}")
        for flow in (CHANGE, VERIFY)
        for part in ("payload", "timestamp", "signature")
    ],
]


@pytest.mark.django_db
@pytest.mark.parametrize(("flow", "part"), TAMPERED)
@pytest.mark.parametrize("late", [False, True], ids=["in time", "expired"])
def test_a_tampered_link_is_invalid_never_expired(user, settings, flow, part, late):
    body = _issue(flow, user)
    tampered = _tampered_reset(body, part) if flow is RESET else _tampered_key(body, part)

    response = _use(flow, tampered, at=T0 + (_timeout(flow, settings) + 1 if late else 1))

    assert response.json() == flow.invalid
    user.refresh_from_db()
    assert not flow.done(user)


@pytest.mark.django_db
@pytest.mark.parametrize("flow", FLOWS)
def test_a_used_link_opened_after_its_timeout_is_invalid(user, settings, flow):
    body = _issue(flow, user)
    assert _use(flow, body, at=T0 + 1).status_code == flow.ok_status

    response = _use(flow, body, at=T0 + _timeout(flow, settings) + 1)

    assert response.json() == flow.invalid


# The one-click resend of an expired reset link's page.


def _resend(body: dict[str, Any], *, at: int, client: APIClient | None = None) -> Any:
    with time_machine.travel(at, tick=False):
        return (client or APIClient()).post(RESEND_URL, body, format="json")


@pytest.mark.django_db
def test_resend_of_an_expired_reset_link_mails_a_new_link_to_the_same_address_which_works(user, settings, run_tasks):
    body = _issue(RESET, user)
    later = T0 + settings.PASSWORD_RESET_TIMEOUT + 60

    response = _resend(body, at=later)

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == RESENT
    with time_machine.travel(later, tick=False):
        run_tasks()
    assert [message.to for message in mail.outbox] == [[user.email]]
    fresh = link_params(mailed_link(to=user.email, page="/reset-password"))
    assert _use(RESET, body, at=later + 1).json() == EXPIRED_RESET  # the old link is not revived
    assert _use(RESET, fresh, at=later + 1).status_code == HTTPStatus.NO_CONTENT
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def _forged(user: User, body: dict[str, str]) -> dict[str, Any]:
    return _tampered_reset(body, "hash")


def _superseded(user: User, body: dict[str, str]) -> dict[str, Any]:
    _change_password(user)
    return body


def _used(user: User, body: dict[str, str]) -> dict[str, Any]:
    assert _use(RESET, body, at=T0 + 1).status_code == HTTPStatus.NO_CONTENT
    return body


def _other_users_uid(user: User, body: dict[str, str]) -> dict[str, Any]:
    other = User.objects.create_user(email="bob@example.com", password="bob's own passphrase 3")
    return {**body, "uid": link_params(emailed_keys.password_reset_link(user=other))["uid"]}


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", [_forged, _superseded, _used, _other_users_uid])
def test_resend_refuses_a_forged_superseded_or_used_link_and_sends_nothing(user, settings, run_tasks, spoil):
    body = spoil(user, _issue(RESET, user))
    run_tasks()  # whatever spoiling it queued (a used link's notice)
    mail.outbox.clear()
    password = User.objects.get(pk=user.pk).password

    response = _resend(body, at=T0 + settings.PASSWORD_RESET_TIMEOUT + 60)

    assert response.json() == INVALID_RESET
    assert run_tasks() == 0
    assert mail.outbox == []
    assert User.objects.get(pk=user.pk).password == password


@pytest.mark.django_db
def test_resend_of_a_link_past_the_resend_window_is_refused(user, settings, run_tasks):
    settings.ACCOUNT_LINK_RESEND_WINDOW = 3600
    body = _issue(RESET, user)

    response = _resend(body, at=T0 + settings.PASSWORD_RESET_TIMEOUT + 3601)

    assert response.json() == INVALID_RESET
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, [("uid", "required"), ("token", "required")]),
        ({"uid": "MQ"}, [("token", "required")]),
        ({"uid": 1, "token": "x-y"}, [("uid", "invalid")]),
        ({"uid": "MQ", "token": ["x-y"]}, [("token", "invalid")]),
        ({"uid": "MQ", "token": "x" * 129}, [("token", "max_length")]),
    ],
)
def test_resend_with_a_malformed_body_is_a_400_on_the_field(user, body, errors):
    response = APIClient().post(RESEND_URL, body, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [(error["param"], error["code"]) for error in response.json()["errors"]] == errors
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
def test_resend_shares_the_rate_limit_of_asking_by_address(user, settings, throttle_rates):
    throttle_rates(password_reset="2/min")
    body = _issue(RESET, user)
    later = T0 + settings.PASSWORD_RESET_TIMEOUT + 1
    client = APIClient()

    with time_machine.travel(later, tick=False):
        asked = client.post("/api/auth/password/reset/", {"email": user.email}).status_code
    statuses = [asked] + [_resend(body, at=later, client=client).status_code for _ in range(2)]

    assert statuses == [HTTPStatus.ACCEPTED, HTTPStatus.ACCEPTED, HTTPStatus.TOO_MANY_REQUESTS]
    assert DBTaskResult.objects.count() == 2


# Startup validation of the link lifetimes (config/settings/base.py _whole_number).

PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": GOOD_SECRET * 2, "JWT_SIGNING_KEY": GOOD_JWT_KEY * 2}
_LIFETIMES = "import django; django.setup(); from django.conf import settings as s; print(s.{})"


@pytest.mark.parametrize(
    ("variable", "setting", "value", "bounds"),
    [
        ("PASSWORD_RESET_TIMEOUT", "PASSWORD_RESET_TIMEOUT", "0", "from 1 to 3600"),
        ("PASSWORD_RESET_TIMEOUT", "PASSWORD_RESET_TIMEOUT", "3601", "from 1 to 3600"),
        ("EMAIL_CHANGE_TIMEOUT", "ACCOUNT_EMAIL_CHANGE_TIMEOUT", "10m", "from 1 to 3600"),
        ("EMAIL_CHANGE_TIMEOUT", "ACCOUNT_EMAIL_CHANGE_TIMEOUT", "-5", "from 1 to 3600"),
        ("EMAIL_VERIFICATION_TIMEOUT", "ACCOUNT_EMAIL_VERIFICATION_TIMEOUT", "1.5", "from 1 to 2592000"),
        ("LINK_RESEND_WINDOW", "ACCOUNT_LINK_RESEND_WINDOW", "2592001", "from 0 to 2592000"),
    ],
)
def test_a_link_lifetime_out_of_bounds_refuses_to_start(variable, setting, value, bounds):
    result = _run_python(_LIFETIMES.format(setting), **PRODUCTION, **{variable: value})

    assert result.returncode != 0
    assert f"{variable}={value!r}: use a whole number {bounds}" in result.stderr


@pytest.mark.parametrize(
    ("variable", "setting", "value"),
    [
        ("PASSWORD_RESET_TIMEOUT", "PASSWORD_RESET_TIMEOUT", "1"),
        ("EMAIL_CHANGE_TIMEOUT", "ACCOUNT_EMAIL_CHANGE_TIMEOUT", "3600"),
        ("LINK_RESEND_WINDOW", "ACCOUNT_LINK_RESEND_WINDOW", "0"),
    ],
)
def test_a_link_lifetime_within_bounds_starts(variable, setting, value):
    result = _run_python(_LIFETIMES.format(setting), **PRODUCTION, **{variable: value})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value
