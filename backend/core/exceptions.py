from http import HTTPStatus


class ApplicationError(Exception):
    """A rule broken by the client; the API turns it into the standard error JSON."""

    status = HTTPStatus.BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.param = param


class AuthenticationError(ApplicationError):
    status = HTTPStatus.UNAUTHORIZED
    code = "authentication_failed"
