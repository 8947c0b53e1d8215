from typing import Any

from django.utils.translation import gettext, gettext_lazy
from rest_framework import serializers

from accounts.api.fields import NameField
from accounts.api.serializers import previous_refresh_field
from core.api.fields import StrictCharField
from mfa.models import Passkey
from mfa.passkeys import NAME_MAX_LENGTH
from usersessions.api.serializers import TokenPairOutputSerializer

# Longer than any real code with separators, short enough to refuse junk.
_CODE_MAX_LENGTH = 64


def _code_field(help_text: str) -> serializers.CharField:
    return StrictCharField(max_length=_CODE_MAX_LENGTH, required=False, allow_blank=True, help_text=help_text)


class CredentialField(serializers.JSONField):
    """A WebAuthn response as the browser API's toJSON() gives it (RegistrationResponseJSON or
    AuthenticationResponseJSON): an object."""

    default_error_messages = {"not_object": gettext_lazy("Expected the WebAuthn response as a JSON object.")}

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            self.fail("not_object")
        return value


class SecondFactorInputSerializer(serializers.Serializer):
    """Exactly one of `code` (from the authenticator app), `recovery_code`, or `credential` (a passkey)."""

    code = _code_field("A 6-digit code from the authenticator app (spaces ignored).")
    recovery_code = _code_field("One of the recovery codes, e.g. abcd-efgh-jkmn (case, spaces and hyphens ignored).")
    credential = CredentialField(
        required=False, help_text="AuthenticationResponseJSON from navigator.credentials.get()."
    )

    _METHODS: tuple[str, ...] = ("code", "recovery_code", "credential")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in self._METHODS if attrs.get(name) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"code": gettext("Give exactly one of code, recovery_code or credential.")}, code="required"
            )
        return attrs


class LoginSecondFactorInputSerializer(SecondFactorInputSerializer):
    mfa_token = StrictCharField(max_length=100, help_text="From the login response (mfa_required).")
    refresh = previous_refresh_field()


class MfaTokenInputSerializer(serializers.Serializer):
    mfa_token = StrictCharField(max_length=100)


class ReauthenticateInputSerializer(SecondFactorInputSerializer):
    """Exactly one of `password`, `code`, `recovery_code`, `credential`."""

    password = StrictCharField(max_length=1024, required=False, allow_blank=True, trim_whitespace=False)

    _METHODS: tuple[str, ...] = ("password", "code", "recovery_code", "credential")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in self._METHODS if attrs.get(name) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"password": gettext("Give exactly one of password, code, recovery_code or credential.")},
                code="required",
            )
        return attrs


class PasskeyOutputSerializer(serializers.ModelSerializer[Passkey]):
    class Meta:
        model = Passkey
        fields = ["id", "name", "created_at", "last_used_at"]
        read_only_fields = fields


class TotpStateSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()


class RecoveryCodesStateSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    remaining = serializers.IntegerField()


class MfaOverviewOutputSerializer(serializers.Serializer):
    totp = TotpStateSerializer()
    recovery_codes = RecoveryCodesStateSerializer()
    passkeys = PasskeyOutputSerializer(many=True)
    reauthenticated_until = serializers.DateTimeField(allow_null=True)
    second_factor_until = serializers.DateTimeField(allow_null=True)


class TotpSetupOutputSerializer(serializers.Serializer):
    secret = serializers.CharField()
    otpauth_uri = serializers.CharField()
    qr_svg = serializers.CharField()


class CodeInputSerializer(serializers.Serializer):
    code = StrictCharField(max_length=_CODE_MAX_LENGTH)


class RecoveryCodesOutputSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(child=serializers.CharField())


class FactorAddedOutputSerializer(TokenPairOutputSerializer):
    recovery_codes = serializers.ListField(child=serializers.CharField())


class PasskeyAddedOutputSerializer(FactorAddedOutputSerializer):
    passkey = PasskeyOutputSerializer()


class PasskeyAddInputSerializer(serializers.Serializer):
    credential = CredentialField(help_text="RegistrationResponseJSON from navigator.credentials.create().")
    name = NameField(max_length=NAME_MAX_LENGTH, required=False, allow_blank=True, default="")


class PasskeyRenameInputSerializer(serializers.Serializer):
    name = NameField(max_length=NAME_MAX_LENGTH)


class WebAuthnOptionsOutputSerializer(serializers.Serializer):
    options = serializers.JSONField(help_text="PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3, 5.5).")


class PasskeyLoginOptionsOutputSerializer(WebAuthnOptionsOutputSerializer):
    challenge_token = serializers.CharField()


class PasskeyLoginInputSerializer(serializers.Serializer):
    challenge_token = StrictCharField(max_length=100)
    credential = CredentialField(help_text="AuthenticationResponseJSON from navigator.credentials.get().")
    refresh = previous_refresh_field()


class ReauthenticatedOutputSerializer(TokenPairOutputSerializer):
    reauthenticated_until = serializers.DateTimeField()
