"""One-time keys sent by email (verification, email change, password reset): the one home of "is this key valid?".

A key is valid while its signature is genuine, it has not expired, and it was issued under the user's current
credential epoch (accounts.credentials): a password change or reset, an email change or a deactivation voids every
key issued before. Keys are made when the mail is sent, from the epoch captured when it was requested, so no secret
sits in the task queue and a change between request and send still voids the key.
"""

import time
from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.conf import app_settings
from accounts.models import User

_EMAIL_VERIFICATION_SALT = "accounts.email-verification"
_EMAIL_CHANGE_SALT = "accounts.email-change"


def _now() -> int:
    return int(time.time())


def issued_under_current_epoch(*, data: dict[str, Any], user: User) -> bool:
    """The epoch rule for signed keys: `data` is a payload from one of the *_key_read functions below."""
    return user.is_active and data.get("ep") == user.credential_epoch


def _signed_key_make(*, salt: str, credential_epoch: int, **fields: Any) -> str:
    return signing.dumps({**fields, "ep": credential_epoch, "iat": _now()}, salt=salt, compress=True)


def _signed_key_read(*, key: str, salt: str, max_age: int) -> dict[str, Any] | None:
    """The payload of a genuine, unexpired key; None otherwise. The issue time is ours, so tests can move the clock."""
    try:
        data = signing.loads(key, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("iat"), int) or _now() - data["iat"] > max_age:
        return None
    return data


# Email verification: bound to the address, so a key stops working once the address changes.
def email_verification_key_make(*, user: User, credential_epoch: int | None = None) -> str:
    epoch = user.credential_epoch if credential_epoch is None else credential_epoch
    return _signed_key_make(salt=_EMAIL_VERIFICATION_SALT, credential_epoch=epoch, uid=user.pk, email=user.email)


def email_verification_key_read(*, key: str) -> dict[str, Any] | None:
    """{uid, email, ep, iat} of a genuine, unexpired key; None otherwise (the epoch is checked by the caller)."""
    return _signed_key_read(key=key, salt=_EMAIL_VERIFICATION_SALT, max_age=app_settings.email_verification_timeout)


def email_verification_link(*, user: User, credential_epoch: int) -> str:
    key = email_verification_key_make(user=user, credential_epoch=credential_epoch)
    return app_settings.frontend_link("verify_email", key=key)


# Email change: bound to the current address too, so once the change happens (or another one) the key is spent.
def email_change_key_make(*, user: User, new_email: str, credential_epoch: int | None = None) -> str:
    epoch = user.credential_epoch if credential_epoch is None else credential_epoch
    return _signed_key_make(salt=_EMAIL_CHANGE_SALT, credential_epoch=epoch, uid=user.pk, old=user.email, new=new_email)


def email_change_key_read(*, key: str) -> dict[str, Any] | None:
    """{uid, old, new, ep, iat} of a genuine, unexpired key; None otherwise (the epoch is checked by the caller)."""
    return _signed_key_read(key=key, salt=_EMAIL_CHANGE_SALT, max_age=app_settings.email_change_timeout)


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


password_reset_keys = _PasswordResetKeyGenerator()


def password_reset_link(*, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return app_settings.frontend_link("reset_password", uid=uid, token=password_reset_keys.make_token(user))


def password_reset_user_get(*, uid: str, token: str) -> User | None:
    """The active user a genuine, unexpired, unused reset link names; None otherwise."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not password_reset_keys.check_token(user, token):
        return None
    return user
