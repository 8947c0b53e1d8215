"""The credential epoch: one number per user that every change of credentials moves on.

Every session (usersessions.liveness) and every emailed key (accounts.emailed_keys) records the epoch it was issued
under and is refused once the user's epoch has moved on, with the same answer as an expired one. A flow that
changes credentials says so here, once, and every outstanding grant dies with it. What each change voids:

| Change            | Sessions                         | Emailed keys (verification, email change, reset) |
| ----------------- | -------------------------------- | ------------------------------------------------ |
| password change   | all (the changing device goes on | all                                              |
|                   | under a new session)             |                                                  |
| password reset    | all                              | all                                              |
| email change      | all                              | all                                              |
| deactivation      | all                              | all                                              |
"""

from django.db import models
from django.db.models import F

from accounts.models import User
from usersessions.liveness import user_forget
from usersessions.services import session_revoke_all


class CredentialChange(models.TextChoices):
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_CHANGED = "email_changed", "Email address changed"
    DEACTIVATED = "deactivated", "Account deactivated"


def credentials_changed(*, user: User, change: CredentialChange) -> int:
    """Advances the user's credential epoch and ends every session issued before it; returns the new epoch.

    Call it inside the transaction that makes the change, with the user row locked where a race matters: a
    concurrent login then waits and starts its session under the new epoch or not at all.
    """
    User.objects.filter(pk=user.pk).update(credential_epoch=F("credential_epoch") + 1)
    user.credential_epoch = User.objects.values_list("credential_epoch", flat=True).get(pk=user.pk)
    session_revoke_all(user=user, reason=change.value)
    user_forget(user.pk)
    return user.credential_epoch
