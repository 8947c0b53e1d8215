"""Keys and links sent by email. Keys are made when the mail is sent, so no secret sits in the task queue."""

import time
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.conf import app_settings
from accounts.models import User

_EMAIL_VERIFICATION_SALT = "accounts.email-verification"
_EMAIL_CHANGE_SALT = "accounts.email-change"


def _now() -> int:
    return int(time.time())


def _signed_key_make(*, salt: str, **fields: Any) -> str:
    return signing.dumps({**fields, "iat": _now()}, salt=salt, compress=True)


def _signed_key_read(*, key: str, salt: str, max_age: int) -> dict[str, Any] | None:
    """The payload of a genuine, unexpired key; None otherwise. The issue time is ours, so tests can move the clock."""
    try:
        data = signing.loads(key, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("iat"), int) or _now() - data["iat"] > max_age:
        return None
    return data


# Email verification: bound to the address, so a key stops working once it is used or the address changes.
def email_verification_key_make(*, user: User) -> str:
    return _signed_key_make(salt=_EMAIL_VERIFICATION_SALT, uid=user.pk, email=user.email)


def email_verification_key_read(*, key: str) -> dict[str, Any] | None:
    return _signed_key_read(key=key, salt=_EMAIL_VERIFICATION_SALT, max_age=app_settings.email_verification_timeout)


def email_verification_link(*, user: User) -> str:
    return app_settings.frontend_link("verify_email", key=email_verification_key_make(user=user))


# Email change: bound to the current address too, so once the change happens (or another one) the key is spent.
def email_change_key_make(*, user: User, new_email: str) -> str:
    return _signed_key_make(salt=_EMAIL_CHANGE_SALT, uid=user.pk, old=user.email, new=new_email)


def email_change_key_read(*, key: str) -> dict[str, Any] | None:
    return _signed_key_read(key=key, salt=_EMAIL_CHANGE_SALT, max_age=app_settings.email_change_timeout)


def email_change_link(*, user: User, new_email: str) -> str:
    return app_settings.frontend_link("confirm_email_change", key=email_change_key_make(user=user, new_email=new_email))


# Password reset: Django's generator hashes the password, last login and email into the token, so a link
# expires after PASSWORD_RESET_TIMEOUT, works once, and dies when the password changes by other means.
def password_reset_link(*, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return app_settings.frontend_link("reset_password", uid=uid, token=default_token_generator.make_token(user))


def password_reset_user_get(*, uid: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user
