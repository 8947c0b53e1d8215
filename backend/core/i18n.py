"""The languages the API speaks, and the one rule that turns any language tag into one of them."""

from django.conf import settings
from django.utils import translation


def language_default() -> str:
    return str(settings.LANGUAGE_CODE)


def language_choices() -> list[tuple[str, str]]:
    """settings.LANGUAGES, for a model field's callable `choices`: adding a language needs no migration."""
    return [(str(code), str(name)) for code, name in settings.LANGUAGES]


def language_supported(code: str | None) -> str:
    """A code from settings.LANGUAGES: "de-AT" and "de-at" give "de"; an unknown or missing code the default."""
    codes = {code for code, _ in language_choices()}
    try:
        supported = translation.get_supported_language_variant(code.lower()) if code else ""
    except LookupError:
        supported = ""
    return supported if supported in codes else language_default()
