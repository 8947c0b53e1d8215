"""Every grant dies with the credential that issued it: sessions and emailed keys from an older credential epoch are
refused as invalid (never as merely "expired"), whichever change of credentials happened and whichever grant it was.

The takeover these tests close is the "unexpired email change" pre-hijacking attack (Sudhodanan and Paverd,
USENIX Security 2022): an intruder keeps an email-change link across the owner's recovery of the account.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import SecurityEvent
from notifications.tests.utils import link_params, mailed_link

OWNER = "victim@example.com"
INTRUDER = "intruder@evil.example"
INTRUDER_PASSWORD = "intruder chosen passphrase 1"
OWNER_PASSWORD = "owner recovered passphrase 2"

INVALID_KEY = {
    "status": 400,
    "errors": [{"code": "invalid_key", "message": "This link is invalid, expired or already used.", "param": "key"}],
}
INVALID_RESET = {
    "status": 400,
    "errors": [
        {"code": "invalid_token", "message": "This reset link is invalid, expired or already used.", "param": "token"}
    ],
}


def _bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@dataclass
class Account:
    email: str
    password: str
    access: str
    refresh: str


def _register(email: str, password: str) -> Account:
    body = APIClient().post("/api/auth/register/", {"email": email, "password": password, "name": "X"}).json()
    return Account(email, password, body["access"], body["refresh"])


def _login(email: str, password: str) -> Account:
    response = APIClient().post("/api/auth/login/", {"email": email, "password": password})
    assert response.status_code == HTTPStatus.OK, response.json()
    body = response.json()
    return Account(email, password, body["access"], body["refresh"])


def _request_email_change(account: Account, new_email: str, run_tasks) -> str:
    """Returns the confirmation key mailed to `new_email`."""
    response = _bearer(account.access).post(
        "/api/auth/email/change/", {"new_email": new_email, "current_password": account.password}
    )
    assert response.status_code == HTTPStatus.ACCEPTED
    run_tasks()
    return link_params(mailed_link(to=new_email, page="/confirm-email-change"))["key"]


def _reset_password(email: str, new_password: str, run_tasks) -> None:
    """The owner's recovery: a reset link from their own mailbox."""
    mail.outbox.clear()
    APIClient().post("/api/auth/password/reset/", {"email": email})
    run_tasks()
    params = link_params(mailed_link(to=email, page="/reset-password"))
    response = APIClient().post("/api/auth/password/reset/confirm/", {**params, "new_password": new_password})
    assert response.status_code == HTTPStatus.NO_CONTENT


def _assert_owner_in_control(intruder: Account) -> None:
    user = User.objects.get()
    assert user.email == OWNER
    assert APIClient().post("/api/auth/login/", {"email": OWNER, "password": OWNER_PASSWORD}).status_code == 200
    assert APIClient().post("/api/auth/login/", {"email": INTRUDER, "password": OWNER_PASSWORD}).status_code == 401
    assert _bearer(intruder.access).get("/api/auth/me/").status_code == HTTPStatus.UNAUTHORIZED
    assert APIClient().post("/api/auth/refresh/", {"refresh": intruder.refresh}).status_code == 401


@pytest.mark.django_db
def test_pre_hijack_email_change_link_dies_with_the_owners_password_reset(run_tasks):
    # 1. The intruder registers the owner's address first and asks to move the account to their own address.
    intruder = _register(OWNER, INTRUDER_PASSWORD)
    kept_key = _request_email_change(intruder, INTRUDER, run_tasks)
    # 2. The owner recovers the account with a password reset (their mailbox gets the link).
    _reset_password(OWNER, OWNER_PASSWORD, run_tasks)

    # 3. The intruder opens the kept link.
    response = APIClient().post("/api/auth/email/change/confirm/", {"key": kept_key})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == INVALID_KEY
    _assert_owner_in_control(intruder)


@pytest.mark.django_db
def test_post_compromise_email_change_link_dies_with_the_owners_password_change(run_tasks):
    owner = _register(OWNER, INTRUDER_PASSWORD)  # the password the intruder phished
    intruder = _login(OWNER, INTRUDER_PASSWORD)
    kept_key = _request_email_change(intruder, INTRUDER, run_tasks)
    changed = _bearer(owner.access).post(
        "/api/auth/password/change/", {"current_password": INTRUDER_PASSWORD, "new_password": OWNER_PASSWORD}
    )
    assert changed.status_code == HTTPStatus.OK

    response = APIClient().post("/api/auth/email/change/confirm/", {"key": kept_key})

    assert response.json() == INVALID_KEY
    _assert_owner_in_control(intruder)
    assert _bearer(changed.json()["access"]).get("/api/auth/me/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_email_change_requested_before_a_reset_but_mailed_after_it_carries_a_dead_key(run_tasks):
    intruder = _register(OWNER, INTRUDER_PASSWORD)
    _bearer(intruder.access).post(
        "/api/auth/email/change/", {"new_email": INTRUDER, "current_password": INTRUDER_PASSWORD}
    )
    # The owner's reset is confirmed while the intruder's request still waits in the queue; the worker then runs
    # the email change first and the reset request after it.
    user = User.objects.get()
    from accounts.emailed_keys import password_reset_link

    params = link_params(password_reset_link(user=user))
    APIClient().post("/api/auth/password/reset/confirm/", {**params, "new_password": OWNER_PASSWORD})
    run_tasks()

    assert [m for m in mail.outbox if INTRUDER in m.to] == []  # the void link is not even sent
    _assert_owner_in_control(intruder)


# ---- every change of credentials, every kind of emailed key --------------------------------------------------


def _change_password(account: Account, run_tasks) -> None:
    response = _bearer(account.access).post(
        "/api/auth/password/change/", {"current_password": account.password, "new_password": OWNER_PASSWORD}
    )
    assert response.status_code == HTTPStatus.OK


def _reset(account: Account, run_tasks) -> None:
    _reset_password(account.email, OWNER_PASSWORD, run_tasks)


def _change_email(account: Account, run_tasks) -> None:
    key = _request_email_change(account, "elsewhere@example.com", run_tasks)
    assert APIClient().post("/api/auth/email/change/confirm/", {"key": key}).json()["outcome"] == "email_changed"


def _deactivate_and_reactivate(account: Account, run_tasks) -> None:
    user = User.objects.get()
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()


CHANGES: dict[str, Callable[[Account, object], None]] = {
    "password change": _change_password,
    "password reset": _reset,
    "email change": _change_email,
    "deactivation": _deactivate_and_reactivate,
}


def _verification_key(account: Account, run_tasks) -> tuple[str, dict[str, str]]:
    run_tasks()  # the verification mail of the registration
    return "/api/auth/email/verify/", {"key": link_params(mailed_link(to=account.email, page="/verify-email"))["key"]}


def _email_change_key(account: Account, run_tasks) -> tuple[str, dict[str, str]]:
    return "/api/auth/email/change/confirm/", {"key": _request_email_change(account, "other@example.com", run_tasks)}


def _reset_key(account: Account, run_tasks) -> tuple[str, dict[str, str]]:
    APIClient().post("/api/auth/password/reset/", {"email": account.email})
    run_tasks()
    params = link_params(mailed_link(to=account.email, page="/reset-password"))
    return "/api/auth/password/reset/confirm/", {**params, "new_password": "a third passphrase 333"}


KEYS = {"verification": _verification_key, "email change": _email_change_key, "password reset": _reset_key}


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("key_kind", KEYS)
def test_every_emailed_key_dies_with_every_change_of_credentials(change, key_kind, run_tasks):
    account = _register(OWNER, INTRUDER_PASSWORD)
    url, body = KEYS[key_kind](account, run_tasks)
    mail.outbox.clear()
    before = User.objects.get()

    CHANGES[change](account, run_tasks)

    response = APIClient().post(url, body)
    after = User.objects.get()
    assert after.credential_epoch > before.credential_epoch
    if key_kind == "verification" and after.email_verified:
        # A reset or an email change proved an address: the old link answers what is true, changing nothing.
        if after.email == OWNER:
            assert response.json()["outcome"] == "already_verified"
        else:
            assert response.json() == INVALID_KEY
    else:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json() == (INVALID_RESET if key_kind == "password reset" else INVALID_KEY)
    assert (after.email, after.password) == (User.objects.get().email, User.objects.get().password)


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES)
def test_every_session_dies_with_every_change_of_credentials(change, run_tasks):
    account = _register(OWNER, INTRUDER_PASSWORD)
    other = _login(OWNER, INTRUDER_PASSWORD)

    CHANGES[change](account, run_tasks)

    for session in (account, other):
        assert _bearer(session.access).get("/api/auth/me/").status_code == HTTPStatus.UNAUTHORIZED
        assert APIClient().post("/api/auth/refresh/", {"refresh": session.refresh}).status_code == 401
    assert not SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists()


# ---- links that already did their work say so ------------------------------------------------------------------


@pytest.mark.django_db
def test_verification_link_opened_after_a_reset_verified_the_address_says_already_verified(run_tasks):
    account = _register(OWNER, INTRUDER_PASSWORD)
    run_tasks()
    key = link_params(mailed_link(to=OWNER, page="/verify-email"))["key"]
    _reset_password(OWNER, OWNER_PASSWORD, run_tasks)

    for _ in range(2):
        response = APIClient().post("/api/auth/email/verify/", {"key": key})
        assert response.status_code == HTTPStatus.OK
        assert response.json()["outcome"] == "already_verified"
    assert account.email == User.objects.get().email


@pytest.mark.django_db
def test_a_forged_key_is_invalid_not_already_done(run_tasks):
    _register(OWNER, INTRUDER_PASSWORD)
    run_tasks()
    key = link_params(mailed_link(to=OWNER, page="/verify-email"))["key"]
    APIClient().post("/api/auth/email/verify/", {"key": key})

    for forged in (key[:-1] + ("A" if key[-1] != "A" else "B"), key + "x", "", "x" * 1024):
        response = APIClient().post("/api/auth/email/verify/", {"key": forged})
        assert response.status_code == HTTPStatus.BAD_REQUEST


# ---- changes made outside the API flows, and races ------------------------------------------------------------


def _shell_password(user: User) -> None:
    user.set_password(OWNER_PASSWORD)
    user.save()


def _shell_email(user: User) -> None:
    user.email = "moved@example.com"
    user.save()


def _changepassword_command(user: User) -> None:
    with mock.patch("getpass.getpass", return_value=OWNER_PASSWORD):
        call_command("changepassword", user.email, stdout=io.StringIO())


def _save_unchanged(user: User) -> None:
    User.objects.get(pk=user.pk).save()  # a save that changes no credential: nothing ends


UNDECLARED = {
    "shell set_password": (_shell_password, True),
    "shell email edit": (_shell_email, True),
    "manage.py changepassword": (_changepassword_command, True),
    "a save that changes nothing": (_save_unchanged, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("how", UNDECLARED)
def test_a_change_of_credentials_made_anywhere_ends_sessions_and_voids_keys(how, run_tasks):
    account = _register(OWNER, INTRUDER_PASSWORD)
    key = _request_email_change(account, INTRUDER, run_tasks)
    change, ends = UNDECLARED[how]

    change(User.objects.get())

    assert (_bearer(account.access).get("/api/auth/me/").status_code == HTTPStatus.UNAUTHORIZED) is ends
    assert (APIClient().post("/api/auth/refresh/", {"refresh": account.refresh}).status_code == 401) is ends
    confirm = APIClient().post("/api/auth/email/change/confirm/", {"key": key})
    assert (confirm.status_code == HTTPStatus.BAD_REQUEST) is ends


@pytest.mark.django_db
def test_a_reset_requested_before_a_password_change_but_mailed_after_it_sends_nothing(run_tasks):
    account = _register(OWNER, INTRUDER_PASSWORD)
    run_tasks()
    mail.outbox.clear()
    APIClient().post("/api/auth/password/reset/", {"email": OWNER})
    _change_password(account, run_tasks)

    run_tasks()

    assert [m.subject for m in mail.outbox] == ["Latchkey: Your password was changed"]


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["email change", "password reset"])
def test_a_login_whose_password_check_straddles_a_change_of_credentials_starts_no_session(
    change, run_tasks, monkeypatch
):
    """The password is checked before the row is locked; a change committed in between must win."""
    from django.contrib.auth import authenticate as real_authenticate

    from accounts import services
    from usersessions.models import Session

    account = _register(OWNER, INTRUDER_PASSWORD)
    key = _request_email_change(account, "moved@example.com", run_tasks) if change == "email change" else None

    def authenticate_then_change(*args, **kwargs):
        user = real_authenticate(*args, **kwargs)
        if key is not None:
            APIClient().post("/api/auth/email/change/confirm/", {"key": key})
        else:
            _reset_password(OWNER, INTRUDER_PASSWORD + "x", run_tasks)
        return user

    monkeypatch.setattr(services, "authenticate", authenticate_then_change)
    response = APIClient().post("/api/auth/login/", {"email": OWNER, "password": INTRUDER_PASSWORD})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    user = User.objects.get()
    stale = Session.objects.filter(revoked_at__isnull=True).exclude(credential_epoch=user.credential_epoch)
    assert not stale.exists()
    assert not Session.objects.filter(revoked_at__isnull=True).exists()
