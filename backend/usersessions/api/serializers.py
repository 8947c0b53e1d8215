from rest_framework import serializers

from core.api.fields import StrictCharField
from usersessions.models import Session


class SessionOutputSerializer(serializers.ModelSerializer[Session]):
    current = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "device", "ip_address", "created_at", "last_used_at", "current"]
        read_only_fields = fields

    def get_current(self, session: Session) -> bool:
        return str(session.pk) == self.context.get("current_session_id")


class RevokedCountOutputSerializer(serializers.Serializer):
    revoked = serializers.IntegerField()


class RefreshTokenInputSerializer(serializers.Serializer):
    refresh = StrictCharField(max_length=4096, trim_whitespace=False)


class TokenPairOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
