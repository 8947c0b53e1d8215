"""One-time keys sent by email (verification, email change, password reset): the one home of "is this key valid?".

A key is valid while its signature is genuine, it has not expired, and it was issued under the user's current
credential epoch (accounts.credentials): a password change or reset, an email change or a deactivation voids every
key issued before. Keys are made when the mail is sent, from the epoch captured when it was requested, so no secret
sits in the task queue and a change between request and send still voids the key.

Expired is told apart from invalid (ASVS 6.5.5: the page can say "this link has expired" and offer a new one) only
for a key that is genuine and would otherwise still work, and only for LINK_RESEND_WINDOW after it expired: a forged,
superseded, used or very old key stays plain invalid, so the distinction tells nobody more than the key already says.
"""

import enum
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from accounts.conf import app_settings
from accounts.models import User

_EMAIL_VERIFICATION_SALT = "accounts.email-verification"
_EMAIL_CHANGE_SALT = "accounts.email-change"


def _now() -> int:
    return int(time.time())


def issued_under_current_epoch(*, data: dict[str, Any], user: User) -> bool:
    """The epoch rule for signed keys: `data` is a payload from one of the *_key_read functions below."""
    return user.is_active and data.get("ep") == user.credential_epoch


class KeyState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"  # genuine and current, issued within timeout + LINK_RESEND_WINDOW
    INVALID = "invalid"


def key_state(*, age: int, timeout: int, current: bool) -> KeyState:
    """The one rule of a key's lifetime. `age` in whole seconds since issue (a key from the future counts as 0);
    `current`: the key is genuine and nothing since has superseded or used it. Valid while age <= timeout, like
    Django's PasswordResetTokenGenerator.check_token."""
    if not current:
        return KeyState.INVALID
    if age <= timeout:
        return KeyState.VALID
    return KeyState.EXPIRED if age <= timeout + app_settings.link_resend_window else KeyState.INVALID


@dataclass(frozen=True)
class SignedKey:
    """A key whose signature is genuine, whatever its age: `data` is its payload, `age` seconds since issue."""

    data: dict[str, Any]
    age: int
    timeout: int

    @property
    def expired(self) -> bool:
        return self.age > self.timeout

    def state(self, *, current: bool) -> KeyState:
        """`current`: the flow's own checks (account, bound address, epoch) found the key not superseded or used."""
        return key_state(age=self.age, timeout=self.timeout, current=current)


def _signed_key_make(*, salt: str, credential_epoch: int, **fields: Any) -> str:
    return signing.dumps({**fields, "ep": credential_epoch, "iat": _now()}, salt=salt, compress=True)


def _signed_key_read(*, key: str, salt: str, timeout: int) -> SignedKey | None:
    """A genuine key, expired or not; None for a forged or malformed one. signing.loads checks the signature only
    (no max_age): the issue time is in the payload, read with our clock, so tests can move it."""
    try:
        data = signing.loads(key, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("iat"), int):
        return None
    return SignedKey(data=data, age=max(0, _now() - data["iat"]), timeout=timeout)


# Email verification: bound to the address, so a key stops working once the address changes.
def email_verification_key_make(*, user: User, credential_epoch: int | None = None) -> str:
    epoch = user.credential_epoch if credential_epoch is None else credential_epoch
    return _signed_key_make(salt=_EMAIL_VERIFICATION_SALT, credential_epoch=epoch, uid=user.pk, email=user.email)


def email_verification_key_read(*, key: str) -> SignedKey | None:
    """A genuine key with data {uid, email, ep, iat}; None otherwise (epoch and age are judged by the caller)."""
    return _signed_key_read(key=key, salt=_EMAIL_VERIFICATION_SALT, timeout=app_settings.email_verification_timeout)


def email_verification_link(*, user: User, credential_epoch: int) -> str:
    key = email_verification_key_make(user=user, credential_epoch=credential_epoch)
    return app_settings.frontend_link("verify_email", key=key)


# Email change: bound to the current address too, so once the change happens (or another one) the key is spent.
def email_change_key_make(*, user: User, new_email: str, credential_epoch: int | None = None) -> str:
    epoch = user.credential_epoch if credential_epoch is None else credential_epoch
    return _signed_key_make(salt=_EMAIL_CHANGE_SALT, credential_epoch=epoch, uid=user.pk, old=user.email, new=new_email)


def email_change_key_read(*, key: str) -> SignedKey | None:
    """A genuine key with data {uid, old, new, ep, iat}; None otherwise (epoch and age are judged by the caller)."""
    return _signed_key_read(key=key, salt=_EMAIL_CHANGE_SALT, timeout=app_settings.email_change_timeout)


def email_change_link(*, user: User, new_email: str, credential_epoch: int) -> str:
    key = email_change_key_make(user=user, new_email=new_email, credential_epoch=credential_epoch)
    return app_settings.frontend_link("confirm_email_change", key=key)


# Password reset: Django's generator hashes the password, last login and email into the token, so a link expires
# after PASSWORD_RESET_TIMEOUT, works once, and dies when the password changes by other means; the epoch is added
# so that it dies with every other change of credentials too.
class _PasswordResetKeyGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.password-reset"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.credential_epoch}"

    def token_age(self, user: User, token: str) -> int | None:
        """Seconds since a token was made, if it is genuine for the user as they are now (so unused and not
        superseded); None otherwise. Django's check_token without its expiry test, on Django's own primitives."""
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return None
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                return max(0, self._num_seconds(self._now()) - ts)
        return None


password_reset_keys = _PasswordResetKeyGenerator()


def password_reset_link(*, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return app_settings.frontend_link("reset_password", uid=uid, token=password_reset_keys.make_token(user))


def password_reset_key_check(*, uid: str, token: str) -> tuple[KeyState, User | None]:
    """The state of a reset link and the active user it names (None when INVALID). The token hashes the password,
    last login, address and epoch: one that still matches them is unused and not superseded."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return KeyState.INVALID, None
    user = User.objects.filter(pk=pk, is_active=True).first()
    age = None if user is None else password_reset_keys.token_age(user, token)
    if user is None or age is None:
        return KeyState.INVALID, None
    state = key_state(age=age, timeout=app_settings.password_reset_timeout, current=True)
    return state, (None if state is KeyState.INVALID else user)
