from typing import Any

from rest_framework import serializers

from accounts.models import email_normalize


class NormalizedEmailField(serializers.EmailField):
    """A string email address, returned normalized (email_normalize), at most max_length once normalized.

    Lower-casing can lengthen an address ('İ' becomes two characters), so the length is checked again after it:
    otherwise a valid-looking 254-character address would overflow the database column (a 500 on PostgreSQL).
    """

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        value = email_normalize(super().to_internal_value(data))
        if self.max_length is not None and len(value) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return value
