"""The caller's deadline: the Next.js server says until when it waits for an answer (X-Request-Deadline, Unix time in
milliseconds). Past it nobody is waiting, so a sign-in must not start a session that no one will ever receive: the
user was told it failed, and the session would sit in their list as one they did not make.

A deadline only ever refuses work; nothing uses it to wait longer or to extend any limit. A malformed one counts as
none. The two servers' clocks are assumed to agree within DEADLINE_MARGIN (same host, or both NTP-synchronised):
Django refuses that much before the deadline, which covers its clock running behind the caller's and the time the
answer takes to get back once the check has passed.
"""

import re
import time
from http import HTTPStatus

from django.conf import settings
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

DEADLINE_HEADER = "X-Request-Deadline"
DEADLINE_META = "HTTP_X_REQUEST_DEADLINE"

# Milliseconds since the epoch in ASCII digits. 16 digits reach past the year 300000; anything longer, signed, with a
# fraction or in other scripts' digits (which int() would accept) is not a deadline this server was sent.
_DEADLINE = re.compile(r"[0-9]{1,16}")


class DeadlineExceededError(ApplicationError):
    status = HTTPStatus.REQUEST_TIMEOUT
    code = "deadline_exceeded"

    def __init__(self) -> None:
        super().__init__(_("The server took too long to answer, so you were not signed in. Please try again."))


def deadline_parse(raw: object) -> int | None:
    """The deadline a header value names, in Unix milliseconds; None for a missing or malformed value."""
    if not isinstance(raw, str) or not _DEADLINE.fullmatch(raw):
        return None
    return int(raw)


def deadline_margin_ms() -> int:
    return int(getattr(settings, "REQUEST_DEADLINE_MARGIN_MS", 1000))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def deadline_enforce(deadline: int | None, *, now: int | None = None) -> None:
    """Raises DeadlineExceededError (408) when the caller has stopped waiting, or will have by the time the answer
    could reach it; does nothing without a deadline. Call it right before the write nobody must be left with."""
    if deadline is None:
        return
    if (now_ms() if now is None else now) + deadline_margin_ms() >= deadline:
        raise DeadlineExceededError()
