"""Pre-hijacking: someone registers an address that is not theirs (it cannot be proven) and adds second factors,
waiting for the owner. The owner's password reset, the first proof of the address, removes what was added before it;
factors added once the address was proven survive any reset (a reset never bypasses them)."""

from typing import Any

import pytest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts.emailed_keys import password_reset_keys
from accounts.models import User
from audit.models import SecurityEvent
from mfa.models import Passkey, RecoveryCode, TotpDevice
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import Person, password_login

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 77"


def _reset(user: User) -> None:
    user.refresh_from_db()
    body = {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": password_reset_keys.make_token(user),
        "new_password": NEW_PASSWORD,
    }
    assert APIClient().post("/api/auth/password/reset/confirm/", body, format="json").status_code == 204


def _squatted(person: Person) -> Person:
    User.objects.filter(pk=person.user.pk).update(email_verified=False, email_verified_at=None)
    person.user.refresh_from_db()
    return person


@pytest.mark.parametrize("factors", [("totp",), ("passkey",), ("totp", "passkey")])
def test_factors_added_to_an_unproven_address_die_with_the_owners_reset(
    person: Person, authenticator: SoftAuthenticator, factors: tuple[str, ...]
) -> None:
    squatter = _squatted(person)
    if "totp" in factors:
        squatter.enable_totp()
    if "passkey" in factors:
        squatter.add_passkey(authenticator)
    _reset(squatter.user)
    assert not TotpDevice.objects.exists()
    assert not Passkey.objects.exists()
    assert not RecoveryCode.objects.exists()
    # The owner signs in with the new password alone, and the squatter's passkey signs in to nothing.
    body: Any = password_login(password=NEW_PASSWORD).json()
    assert "access" in body
    kinds = set(SecurityEvent.objects.filter(details__via="reset").values_list("kind", flat=True))
    assert kinds == {{"totp": "totp_disabled", "passkey": "passkey_removed"}[f] for f in factors}


def test_factors_added_once_the_address_was_proven_survive_a_reset(
    person: Person, authenticator: SoftAuthenticator
) -> None:
    person.enable_totp()
    person.add_passkey(authenticator)
    _reset(person.user)
    assert TotpDevice.objects.filter(confirmed=True).count() == 1
    assert Passkey.objects.count() == 1
    assert password_login(password=NEW_PASSWORD).json()["mfa_required"] is True


def test_a_reset_keeps_the_proven_factors_and_removes_the_unproven_ones(
    person: Person, authenticator: SoftAuthenticator
) -> None:
    squatter = _squatted(person)
    squatter.add_passkey(authenticator, name="Squatter's")
    User.objects.filter(pk=person.user.pk).update(email_verified=True)  # proven meanwhile (a verification link)
    person.user.refresh_from_db()
    person.add_passkey(SoftAuthenticator(origin=authenticator.origin), name="Owner's")
    _reset(person.user)
    assert list(Passkey.objects.values_list("name", flat=True)) == ["Owner's"]
