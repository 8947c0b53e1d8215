from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from accounts.api.fields import NameField, NormalizedEmailField
from accounts.flows.outcomes import KeyOutcome
from accounts.models import User
from core.api.fields import StrictCharField
from core.i18n import language_choices
from usersessions.api.serializers import TokenPairOutputSerializer

# Long enough for any passphrase or manager-generated password, short enough to refuse a hashing DoS.
PASSWORD_MAX_LENGTH = 1024


def _password_field() -> serializers.CharField:
    return StrictCharField(
        max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )


def previous_refresh_field() -> serializers.CharField:
    return StrictCharField(
        max_length=4096,
        trim_whitespace=False,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The refresh token this client holds from an earlier sign-in: that session ends on success.",
    )


class RegisterInputSerializer(serializers.Serializer):
    email = NormalizedEmailField()
    password = _password_field()
    name = NameField()
    refresh = previous_refresh_field()


class LoginInputSerializer(serializers.Serializer):
    email = NormalizedEmailField()
    password = _password_field()
    refresh = previous_refresh_field()


class UserUpdateInputSerializer(serializers.Serializer):
    """Either field or both; an empty body is a 400."""

    name = NameField(required=False)
    language = serializers.ChoiceField(
        choices=language_choices(), required=False, help_text="What the account's emails are written in."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError({"name": gettext("This field is required.")}, code="required")
        return attrs


class UserOutputSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "name", "date_joined", "email_verified", "language"]
        read_only_fields = fields

    def to_representation(self, instance: User) -> dict[str, Any]:
        """DRF's own output (test_user_output_matches_drf checks it for every field), built directly: GET /me/ is
        the most frequent authenticated read, and DRF's per-field loop was a tenth of its time."""
        return {
            "id": instance.pk,
            "email": instance.email,
            "name": instance.name,
            "date_joined": self.fields["date_joined"].to_representation(instance.date_joined),
            "email_verified": instance.email_verified,
            "language": instance.language,
        }


class AuthOutputSerializer(TokenPairOutputSerializer):
    user = UserOutputSerializer()


class SecondFactorRequiredOutputSerializer(serializers.Serializer):
    """The password was right; complete the sign-in at POST /api/auth/login/mfa/ within 5 minutes."""

    mfa_required = serializers.BooleanField()
    mfa_token = serializers.CharField()
    methods = serializers.ListField(child=serializers.ChoiceField(choices=["totp", "recovery_code", "passkey"]))


# --- Account lifecycle -------------------------------------------------------------------------------------------
class EmailKeyInputSerializer(serializers.Serializer):
    key = StrictCharField(max_length=1024, trim_whitespace=False)


class PasswordResetInputSerializer(serializers.Serializer):
    email = NormalizedEmailField()


class PasswordResetResendInputSerializer(serializers.Serializer):
    uid = StrictCharField(max_length=64, trim_whitespace=False)
    token = StrictCharField(max_length=128, trim_whitespace=False)


class PasswordResetConfirmInputSerializer(PasswordResetResendInputSerializer):
    new_password = _password_field()


class PasswordChangeInputSerializer(serializers.Serializer):
    current_password = _password_field()
    new_password = _password_field()


class EmailChangeInputSerializer(serializers.Serializer):
    new_email = NormalizedEmailField()
    current_password = _password_field()


class CurrentPasswordInputSerializer(serializers.Serializer):
    current_password = _password_field()


class AcceptedOutputSerializer(serializers.Serializer):
    detail = serializers.CharField()


class LinkOutcomeOutputSerializer(serializers.Serializer):
    """Renders a KeyOutcome: its value and its message."""

    outcome = serializers.ChoiceField(choices=KeyOutcome.choices, source="value")
    detail = serializers.CharField(source="label")


class ProfileExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    email_verified = serializers.BooleanField()
    email_verified_at = serializers.DateTimeField(allow_null=True)
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)
    is_active = serializers.BooleanField()
    is_staff = serializers.BooleanField()
    language = serializers.CharField()


class UserExportOutputSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    profile = ProfileExportSerializer()
    second_factors = serializers.DictField(help_text="Authenticator app, recovery codes and passkeys; no secrets.")
    sessions = serializers.ListField(child=serializers.DictField())
    security_events = serializers.ListField(child=serializers.DictField())


class RegisterOutputSerializer(serializers.Serializer):
    user = UserOutputSerializer()
    access = serializers.CharField(required=False, help_text="Absent when email verification is mandatory.")
    refresh = serializers.CharField(required=False, help_text="Absent when email verification is mandatory.")
