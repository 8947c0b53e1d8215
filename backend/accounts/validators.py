from django.core.exceptions import ValidationError


class ContextWordsValidator:
    """Rejects passwords built on the product's own name, the first word an attacker's list would try."""

    def __init__(self, words: tuple[str, ...] = ("latchkey",)) -> None:
        self.words = words

    def validate(self, password: str, user: object = None) -> None:
        lowered = password.lower()
        if any(word in lowered for word in self.words):
            raise ValidationError(
                "This password contains the name of this service.", code="password_contains_context_word"
            )

    def get_help_text(self) -> str:
        return "Your password can't contain the name of this service."
