from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
