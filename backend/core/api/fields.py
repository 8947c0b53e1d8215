"""Input fields that accept only what the OpenAPI schema promises.

DRF's CharField turns numbers into strings (`{"name": 0}` becomes the name "0"), while the schema says `string`:
clients generated from the schema, and the schemathesis run, rightly expect a 400 for a number.
"""

from typing import Any

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
