"""Step-up re-authentication ("sudo mode", OWASP ASVS 5.0 section 7.5.1): the one home of "did this session prove
who its user is recently enough for a sensitive action?".

A session records when its user last proved their identity in it (`Session.authenticated_at`: the sign-in, or a
re-authentication with the password or a second factor) and when they last proved a second factor
(`Session.second_factor_at`). An action is allowed while that proof is younger than REAUTH_WINDOW seconds
(default 600). Actions that remove a second factor need a recent second factor: the password alone must not be
able to undo two-factor authentication.
"""

from datetime import datetime, timedelta
from http import HTTPStatus

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from usersessions.models import Session


class ReauthenticationRequiredError(ApplicationError):
    """403 `reauthentication_required`: POST /api/auth/reauthenticate/ first, then retry."""

    status = HTTPStatus.FORBIDDEN
    code = "reauthentication_required"

    def __init__(self, *, second_factor: bool = False) -> None:
        super().__init__(
            _("Confirm it's you with your second factor to continue.")
            if second_factor
            else _("Confirm it's you to continue: enter your password or a second factor.")
        )


def reauth_window() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "REAUTH_WINDOW", 600)))


def session_recent_until(session_id: str | None) -> tuple[datetime | None, datetime | None]:
    """(until when the session counts as recently authenticated, the same for a second factor); None when not."""
    if not session_id:
        return None, None
    row = Session.objects.filter(pk=session_id).values_list("authenticated_at", "second_factor_at").first()
    if row is None:
        return None, None
    now, window = timezone.now(), reauth_window()
    until = [at + window if at is not None and at + window > now else None for at in row]
    return until[0], until[1]


def recent_authentication_require(*, session_id: str | None, second_factor: bool = False) -> None:
    """Raises ReauthenticationRequiredError unless the session proved its user (with a second factor, when
    `second_factor`) within the window. A request without a session (none can reach here) is refused too."""
    any_factor, with_second_factor = session_recent_until(session_id)
    if (with_second_factor if second_factor else any_factor) is None:
        raise ReauthenticationRequiredError(second_factor=second_factor)
