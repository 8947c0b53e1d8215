from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.emailed_keys import KeyState
from accounts.models import User
from core.exceptions import ApplicationError


class WrongPasswordError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("The current password is incorrect."), code="invalid", param="current_password")


class InvalidKeyError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("This link is invalid, expired or already used."), code="invalid_key", param="key")


class ExpiredKeyError(ApplicationError):
    """Only for a genuine link that would still work but for its age (accounts.emailed_keys.key_state)."""

    def __init__(self, param: str = "key") -> None:
        super().__init__(_("This link has expired."), code="expired_key", param=param)


def key_require_valid(state: KeyState) -> None:
    """Raises ExpiredKeyError or InvalidKeyError for an emailed key that is not VALID."""
    if state is KeyState.EXPIRED:
        raise ExpiredKeyError()
    if state is not KeyState.VALID:
        raise InvalidKeyError()


def mail_name(user: User) -> str:
    """The name a mail to the account's own address may greet by: none while that address is unproven. Whoever
    registered it need not own it, and the name is their free text: greeting by it would carry that text, under our
    sender, to anyone's inbox. Mail to an address not (yet) proven by this account never carries a name."""
    return user.name if user.email_verified else ""


def current_password_check(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise WrongPasswordError()


def new_password_validate(*, user: User, password: str) -> None:
    """The same validators as signup, with the user's own email and name as context."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.error_list}) from exc
