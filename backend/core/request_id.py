"""The request id: one per user action, made (or accepted from a trusted proxy) by the Next.js server, sent to Django
as X-Request-ID, and carried by every log line written while the request is handled (README "Observability")."""

import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_META = "HTTP_X_REQUEST_ID"

# What an accepted id may look like: a UUID, or another proxy's token (nginx's $request_id is 32 hex digits). Only
# letters, digits and "-._" so that it can go into a log line or a header as it is.
_REQUEST_ID_FORMAT = re.compile(r"[A-Za-z0-9._-]{8,128}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def request_id_new() -> str:
    return str(uuid.uuid4())


def request_id_accept(value: str | None, *, trusted: bool) -> str:
    """`value` when a trusted proxy sent it and it has the expected form, else a fresh id: a client cannot choose
    the id its requests are logged under, nor put anything but a short token into a log line."""
    if trusted and value and _REQUEST_ID_FORMAT.fullmatch(value):
        return value
    return request_id_new()


def request_id_current() -> str | None:
    """The id of the request being handled by this thread (or task), None outside a request."""
    return _current.get()


def request_id_bind(request_id: str | None) -> None:
    """Makes `request_id` the current one, for this thread until request_id_clear()."""
    _current.set(request_id)


def request_id_clear(*args: object, **kwargs: object) -> None:
    """Forgets the current id (a request_finished receiver: the response has been sent and closed)."""
    _current.set(None)


class RequestIdLogFilter(logging.Filter):
    """Puts `request_id` on every record (None outside a request), for the formatters to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True
