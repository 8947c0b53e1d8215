from rest_framework import serializers

from accounts.api.serializers import previous_refresh_field
from core.api.fields import StrictCharField
from social.conf import providers
from social.models import Authorization, SocialAccount


class ProviderOutputSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The provider's name, as in /auth/callback/<id>.")
    label = serializers.CharField(help_text="The button text.")  # type: ignore[assignment]


class StartInputSerializer(serializers.Serializer):
    intent = serializers.ChoiceField(
        choices=Authorization.Intent.choices,
        default=Authorization.Intent.LOGIN,
        help_text="login: sign in or sign up; link: connect the provider to the signed-in account (step-up first).",
    )


class StartOutputSerializer(serializers.Serializer):
    authorization_url = serializers.URLField(help_text="Send the browser here.")
    state = serializers.CharField(help_text="The state in that URL: bind it to the browser (an httpOnly cookie).")
    expires_in = serializers.IntegerField(help_text="Seconds left to complete the sign-in.")


class CompleteInputSerializer(serializers.Serializer):
    # Real codes and states are far shorter; the bounds refuse junk before any lookup.
    code = StrictCharField(max_length=2048, help_text="The `code` the provider redirected back with.")
    state = StrictCharField(max_length=512, help_text="The `state` the provider redirected back with.")
    refresh = previous_refresh_field()


class SocialAccountOutputSerializer(serializers.ModelSerializer[SocialAccount]):
    label = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = SocialAccount
        fields = ["id", "provider", "label", "email", "created_at", "last_used_at"]
        read_only_fields = fields

    def get_label(self, account: SocialAccount) -> str:
        provider = providers().get(account.provider)
        return provider.label if provider is not None else account.provider


class LinkedOutputSerializer(serializers.Serializer):
    account = SocialAccountOutputSerializer()
