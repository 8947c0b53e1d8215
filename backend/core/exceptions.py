from http import HTTPStatus

from django.utils.translation import ngettext


class ApplicationError(Exception):
    """A rule broken by the client; the API turns it into the standard error JSON."""

    status = HTTPStatus.BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.param = param


class ConflictError(ApplicationError):
    """409: the request collides with the current state (already on, already linked, the last way in)."""

    status = HTTPStatus.CONFLICT


class NotFoundError(ApplicationError):
    """404 for something of the signed-in user's that does not exist (or is someone else's)."""

    status = HTTPStatus.NOT_FOUND
    code = "not_found"


class AuthenticationError(ApplicationError):
    status = HTTPStatus.UNAUTHORIZED
    code = "authentication_failed"


class RateLimitedError(ApplicationError):
    status = HTTPStatus.TOO_MANY_REQUESTS
    code = "throttled"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(
            ngettext(
                "Too many attempts. Try again in %(seconds)d second.",
                "Too many attempts. Try again in %(seconds)d seconds.",
                self.retry_after,
            )
            % {"seconds": self.retry_after}
        )
