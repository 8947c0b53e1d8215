"""The credential epoch: one number per user that every change of credentials moves on.

Every session (usersessions.liveness) and every emailed key (accounts.emailed_keys) records the epoch it was issued
under and is refused once the user's epoch has moved on, with the same answer as an expired one. What each change
voids:

| Change            | Sessions                         | Emailed keys (verification, email change, reset) |
| ----------------- | -------------------------------- | ------------------------------------------------ |
| password change   | all (the changing device goes on | all                                              |
|                   | under a new session)             |                                                  |
| password reset    | all                              | all                                              |
| email change      | all                              | all                                              |
| deactivation      | all                              | all                                              |
| second factor     | all (the changing device goes on | all                                              |
| added or removed  | under a new session)             |                                                  |
| provider unlinked | all (the changing device goes on | all                                              |
|                   | under a new session)             |                                                  |

A flow declares its change by wrapping the write in `credentials_changing`. A change nobody declared (the admin,
`manage.py changepassword`, a shell) is recognised when the user is saved (usersessions.receivers calls
`credentials_change_detect`), so no path can change a password or an address and leave old grants alive.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from usersessions.liveness import user_forget
from usersessions.services import session_revoke_all

_DECLARED = "_credential_change_declared"


class CredentialChange(models.TextChoices):
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_CHANGED = "email_changed", "Email address changed"
    DEACTIVATED = "deactivated", "Account deactivated"
    # A TOTP app or a passkey (mfa): sessions that began without it must not outlive its addition, and a session
    # that proved it must not outlive its removal.
    SECOND_FACTOR_ADDED = "second_factor_added", "Second factor added"
    SECOND_FACTOR_REMOVED = "second_factor_removed", "Second factor removed"
    # A provider identity (social) unlinked: the sessions it started must not outlive it.
    SOCIAL_UNLINKED = "social_unlinked", "Sign-in provider disconnected"


def credentials_changed(*, user: User, change: CredentialChange) -> int:
    """Advances the user's credential epoch and ends every session issued before it; returns the new epoch.

    Call it inside the transaction that makes the change, with the user row locked where a race matters: a
    concurrent login then waits and starts its session under the new epoch or not at all (accounts.services).
    """
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(credential_epoch=F("credential_epoch") + 1, credentials_changed_at=now)
    user.credential_epoch = User.objects.values_list("credential_epoch", flat=True).get(pk=user.pk)
    user.credentials_changed_at = now
    user._loaded_email = user.email
    session_revoke_all(user=user, reason=change.value)
    user_forget(user.pk)
    return user.credential_epoch


@contextmanager
def credentials_changing(*, user: User, change: CredentialChange) -> Iterator[None]:
    """Wraps the write of a flow that changes credentials; when the block completes, the epoch moves on."""
    setattr(user, _DECLARED, True)
    try:
        yield
    finally:
        setattr(user, _DECLARED, False)
    credentials_changed(user=user, change=change)


def credentials_change_detect(user: User) -> CredentialChange | None:
    """For a user just saved (not created): the change of credentials the save made without declaring it."""
    if getattr(user, _DECLARED, False):
        return None
    if getattr(user, "_password", None) is not None:  # set_password() was called before this save
        return CredentialChange.PASSWORD_CHANGED
    if user._loaded_email is not None and user._loaded_email != user.email:
        return CredentialChange.EMAIL_CHANGED
    return None
