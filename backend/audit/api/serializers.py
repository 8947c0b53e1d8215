from rest_framework import serializers

from audit.models import SecurityEvent


class SecurityEventOutputSerializer(serializers.ModelSerializer[SecurityEvent]):
    description = serializers.CharField(source="kind_label")

    class Meta:
        model = SecurityEvent
        fields = ["id", "kind", "description", "created_at", "ip_address", "device"]
        read_only_fields = fields
