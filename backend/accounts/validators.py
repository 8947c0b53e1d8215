import time

import httpx
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from pwned_passwords_django.api import PwnedPasswords
from pwned_passwords_django.validators import PwnedPasswordsValidator

from accounts.conf import app_settings
from core.text import is_unsafe_inline, longest_mark_run

# The password length rule, in code points (len()). The frontend's forms check the same number before a round trip
# (frontend/lib/validations/limits.ts; accounts/tests/test_frontend_limits.py fails when the two differ).
PASSWORD_MIN_LENGTH = 8


class PasswordLengthValidator(MinimumLengthValidator):
    """Django's length rule, worded as the forms word it ("Password must be at least 8 characters."), so the hint,
    the form's own check and the API's answer say one thing. The code stays `password_too_short`."""

    def __init__(self, min_length: int = PASSWORD_MIN_LENGTH) -> None:
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return ngettext(
            "Password must be at least %(min_length)d character.",
            "Password must be at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must be at least %(min_length)d character.",
            "Your password must be at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class ContextWordsValidator:
    """Rejects passwords built on the product's own name, the first word an attacker's list would try."""

    def __init__(self, words: tuple[str, ...] = ("latchkey",)) -> None:
        self.words = words

    def validate(self, password: str, user: object = None) -> None:
        lowered = password.lower()
        if any(word in lowered for word in self.words):
            raise ValidationError(
                _("This password contains the name of this service."), code="password_contains_context_word"
            )

    def get_help_text(self) -> str:
        return _("Your password can't contain the name of this service.")


# The real API's answers are under 100 KB (a few hundred hits padded to 800-1000 lines of ~40 bytes); a range server
# that sends more is not one, and is not read into memory.
RANGE_MAX_BYTES = 1 << 20


class RangeTooLargeError(httpx.RequestError):
    """The range answer passed RANGE_MAX_BYTES."""


class _RangeClient(PwnedPasswords):
    """pwned-passwords-django's client (SHA-1, the 5-hex prefix, the `Add-Padding: true` header, parsing, errors),
    with its endpoint and timeout taken from BREACHED_PASSWORDS_URL and BREACHED_PASSWORDS_TIMEOUT at each request:
    the library fixes the endpoint as a class constant and reads its timeout once, at import. Its httpx.Client is
    made once per validator, and Django builds the validators once per process, so connections are kept.

    httpx's timeout bounds each step (connect, send, each read), not the whole answer: a server dripping a byte per
    step would hold the signup for as long as it liked. So the answer is read in chunks against a deadline of
    BREACHED_PASSWORDS_TIMEOUT from the start (checked between reads: at worst one step more) and RANGE_MAX_BYTES;
    past either the request ends as a timeout or an error, and the common list stands in, as for any outage."""

    @property
    def api_endpoint(self) -> str:
        return app_settings.breached_passwords_url

    @property
    def request_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(app_settings.breached_passwords_timeout)

    @request_timeout.setter
    def request_timeout(self, value: object) -> None:
        """The base class's __init__ stores its PWNED_PASSWORDS["API_TIMEOUT"] here; BREACHED_PASSWORDS_TIMEOUT wins."""

    def _request(self, prefix: str) -> httpx.Response:
        """The base class's request (same URL and headers, raises httpx.HTTPStatusError on a 4xx/5xx), read within
        the deadline and size above: raises httpx.ReadTimeout or RangeTooLargeError past them."""
        headers = {"User-Agent": self.user_agent}
        if self.add_padding:
            headers["Add-Padding"] = "true"
        deadline = time.monotonic() + app_settings.breached_passwords_timeout
        body = bytearray()
        url = f"{self.api_endpoint}{prefix}"
        with self.client.stream("GET", url, headers=headers, timeout=self.request_timeout) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > RANGE_MAX_BYTES:
                    raise RangeTooLargeError("The range answer is too large.", request=response.request)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("The range answer took too long.", request=response.request)
        # Decoded already (gzip, brotli): only the charset is carried over for .text.
        return httpx.Response(
            response.status_code,
            headers={"Content-Type": response.headers.get("Content-Type", "text/plain")},
            content=bytes(body),
            request=response.request,
        )


class _CheckedAnyway:
    """The library falls back to its own CommonPasswordValidator when the range API fails. The same list already
    runs in AUTH_PASSWORD_VALIDATORS for every password, so a second copy would only repeat its error."""

    def validate(self, password: str, user: object = None) -> None:
        return None


class BreachedPasswordValidator(PwnedPasswordsValidator):
    """ASVS 6.2.12: refuses a password found in the Pwned Passwords corpus (code `password_compromised`; entries of
    count 0 are the API's padding and do not count). Only the first 5 hex digits of the password's SHA-1 leave
    this server. When the range API times out, answers an error status or something that is not a range, the
    library logs it (without the password or its hash) and the password passes this check: the common-password
    validator, which runs for every password, is then all that stands. A third party's outage never blocks a
    signup. BREACHED_PASSWORDS_URL = "" turns the check off."""

    default_error_message = gettext_lazy(
        "This password has appeared in a data breach and can't be used here. Choose a different one."
    )

    def __init__(self) -> None:
        super().__init__(
            api_client=_RangeClient(),
            help_message=gettext_lazy("Your password can't be one that has appeared in a data breach."),
        )
        self.fallback_validator = _CheckedAnyway()

    def validate(self, password: str, user: object = None) -> None:
        if app_settings.breached_passwords_url:
            super().validate(password, user)


NAME_MAX_LENGTH = 150
NAME_MAX_MARK_RUN = 4  # Vietnamese stacks two, Indic and Thai clusters three; Zalgo text stacks dozens


def name_validate(name: str) -> None:
    """A display name is one line of visible text: no control characters, line breaks, bidi overrides, invisible
    characters, or floods of combining marks. Every way to set a name (API, admin, createsuperuser) uses this rule.
    Links and other punctuation are allowed as text: mail renders names so that no client links them
    (core.text.inline_unlinkable)."""
    if any(is_unsafe_inline(char) for char in name):
        raise ValidationError(
            _("Names can't contain control characters, line breaks, or invisible or text-direction characters."),
            code="invalid_characters",
        )
    if longest_mark_run(name) > NAME_MAX_MARK_RUN:
        raise ValidationError(_("This name stacks too many accents on one letter."), code="too_many_marks")
