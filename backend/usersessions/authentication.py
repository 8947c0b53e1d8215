import time
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from tokens.jwt import CREDENTIAL_EPOCH_CLAIM, SESSION_CLAIM, SessionAccessToken
from usersessions.liveness import session_user_get

# An ES256 verification costs about 0.1 ms, and a client sends the same access token with every request for its
# whole lifetime: each process remembers the exact tokens it has verified until they expire. (Liveness is checked
# on every request regardless, in get_user.)
_VERIFIED_MAX = 4096
_verified: dict[bytes, SessionAccessToken] = {}

_INVALID = {"detail": gettext_lazy("The access token is invalid or expired."), "code": "token_not_valid"}


class SessionJWTAuthentication(JWTAuthentication):
    """Bearer access tokens of a live session: signature checked once per token, liveness on every request."""

    def get_validated_token(self, raw_token: bytes) -> SessionAccessToken:
        known = _verified.get(raw_token)
        if known is not None and known["exp"] > time.time():
            return known
        try:
            token = SessionAccessToken(raw_token)  # type: ignore[arg-type]
        except TokenError as exc:
            raise InvalidToken(_INVALID) from exc
        epoch = token.get(CREDENTIAL_EPOCH_CLAIM, 0)  # tokens minted before epochs existed were epoch 0
        if not token.get(SESSION_CLAIM) or not token.get(jwt_settings.USER_ID_CLAIM):
            raise InvalidToken(_INVALID)
        if not isinstance(epoch, int) or isinstance(epoch, bool):
            raise InvalidToken(_INVALID)
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified[bytes(raw_token)] = token
        return token

    def get_user(self, validated_token: Any) -> Any:
        user = session_user_get(
            session_id=str(validated_token[SESSION_CLAIM]),
            user_id=str(validated_token[jwt_settings.USER_ID_CLAIM]),
            credential_epoch=validated_token.get(CREDENTIAL_EPOCH_CLAIM, 0),
        )
        if user is None:
            raise AuthenticationFailed(gettext("This session has ended. Sign in again."), code="session_ended")
        return user
