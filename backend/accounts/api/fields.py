import unicodedata
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.email_address import EMAIL_MAX_LENGTH, email_normalize
from accounts.validators import NAME_MAX_LENGTH, name_validate
from core.api.fields import StrictCharField


class NormalizedEmailField(serializers.EmailField):
    """An email address, returned in canonical form (accounts.email_address.email_normalize); an address without
    one is a 400 on this field. The length limit applies to the canonical form: an IDNA-encoded domain is longer
    than its Unicode spelling, and the column holds the encoded one (a 500 on PostgreSQL otherwise)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return email_normalize(data)
        except DjangoValidationError as exc:
            (error,) = exc.error_list
            raise serializers.ValidationError(error.messages, code=error.code) from exc


class NameField(StrictCharField):
    """A display name: trimmed, NFC-normalised, and held to accounts.validators.name_validate."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(**kwargs)
        self.validators.append(name_validate)

    def to_internal_value(self, data: Any) -> str:
        return unicodedata.normalize("NFC", super().to_internal_value(data))
