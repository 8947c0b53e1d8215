from rest_framework import serializers


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    message = serializers.CharField(help_text="Human-readable explanation.")
    param = serializers.CharField(required=False, help_text="The request field at fault, for field errors only.")


class ErrorResponseSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]


class HealthSerializer(serializers.Serializer):
    status = serializers.CharField()
    database = serializers.CharField()
    revocation_check = serializers.ChoiceField(
        choices=["memory", "lookup"],
        help_text="How this process checks revocations now: from pushed memory, or by a cache/database lookup.",
    )
