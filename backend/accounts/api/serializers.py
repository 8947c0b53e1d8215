from rest_framework import serializers

from accounts.models import User

# Long enough for any passphrase or manager-generated password, short enough to refuse a hashing DoS.
PASSWORD_MAX_LENGTH = 1024


def _password_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = _password_field()
    name = serializers.CharField(max_length=150)


class LoginInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = _password_field()


class RefreshTokenInputSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096, trim_whitespace=False)


class UserUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)


class UserOutputSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "name", "date_joined"]
        read_only_fields = fields


class TokenPairOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class AuthOutputSerializer(TokenPairOutputSerializer):
    user = UserOutputSerializer()
