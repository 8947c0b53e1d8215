import time
from typing import Any

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from tokens.jwt import SESSION_CLAIM, SessionAccessToken
from usersessions.selectors import session_user_get


def request_session_id(request: Any) -> str | None:
    """The session (`sid`) of the access token that authenticated this request; None when unauthenticated."""
    token = getattr(request, "auth", None)
    sid = token.get(SESSION_CLAIM) if token is not None and hasattr(token, "get") else None
    return str(sid) if sid else None


# An ES256 verification costs about 0.1 ms, and a client sends the same access token with every request for its
# whole lifetime: each process remembers the exact tokens it has verified until they expire. (Revocation is checked
# on every request regardless, in get_user.)
_VERIFIED_MAX = 4096
_verified: dict[bytes, SessionAccessToken] = {}


class SessionJWTAuthentication(JWTAuthentication):
    """Bearer access tokens of a live session: signature checked once per token, revocation on every request."""

    def get_validated_token(self, raw_token: bytes) -> SessionAccessToken:
        known = _verified.get(raw_token)
        if known is not None and known["exp"] > time.time():
            return known
        try:
            token = SessionAccessToken(raw_token)  # type: ignore[arg-type]
        except TokenError as exc:
            raise InvalidToken(
                {"detail": "The access token is invalid or expired.", "code": "token_not_valid"}
            ) from exc
        if not token.get(SESSION_CLAIM) or not token.get(jwt_settings.USER_ID_CLAIM):
            raise InvalidToken({"detail": "The access token is invalid or expired.", "code": "token_not_valid"})
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified[bytes(raw_token)] = token
        return token

    def get_user(self, validated_token: Any) -> Any:
        user = session_user_get(
            session_id=str(validated_token[SESSION_CLAIM]), user_id=str(validated_token[jwt_settings.USER_ID_CLAIM])
        )
        if user is None:
            raise AuthenticationFailed("This session has ended. Sign in again.", code="session_ended")
        return user
