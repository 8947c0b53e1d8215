"""simplejwt tokens signed with the key ring's ES256 keys and carrying the session id (`sid`)."""

from functools import cache
from typing import Any

import jwt
from django.conf import settings
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import TokenBackendError
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from core.context import SESSION_CLAIM
from tokens.keyring import ALGORITHM, keyring

__all__ = ["CREDENTIAL_EPOCH_CLAIM", "SESSION_CLAIM", "SessionAccessToken", "SessionRefreshToken"]

# The user's credential epoch when the token was minted (accounts.credentials): a token from an older epoch is dead.
CREDENTIAL_EPOCH_CLAIM = "cep"


class KeyRingTokenBackend(TokenBackend):
    """Signs with the active key and names it in `kid`; verifies only with our own keys, chosen by `kid`.

    Other headers (`jku`, `x5u`, `jwk`) are never consulted, and only ES256 is accepted, so `alg: none` or an
    HMAC token made with a public key as secret fail.
    """

    def __init__(self) -> None:
        jwt_settings = settings.SIMPLE_JWT
        super().__init__(
            ALGORITHM,
            signing_key=None,
            audience=jwt_settings["AUDIENCE"],
            issuer=jwt_settings["ISSUER"],
            leeway=jwt_settings["LEEWAY"],
        )

    def encode(self, payload: dict[str, Any]) -> str:
        active = keyring.active()
        claims = {**payload, "aud": self.audience, "iss": self.issuer}
        return jwt.encode(claims, active.private_key, algorithm=ALGORITHM, headers={"kid": active.kid})

    def get_verifying_key(self, token: Any) -> Any:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as exc:
            raise TokenBackendError("Token is invalid") from exc
        key = keyring.verifying_key(kid) if isinstance(kid, str) and len(kid) <= 64 else None
        if key is None:
            raise TokenBackendError("Token is invalid")
        return key


@cache
def token_backend() -> KeyRingTokenBackend:
    return KeyRingTokenBackend()


class SessionAccessToken(AccessToken):
    def get_token_backend(self) -> TokenBackend:
        return token_backend()


class SessionRefreshToken(RefreshToken):
    # The access token minted from a refresh token gets its own jti; sid and user_id are copied over.
    access_token_class = SessionAccessToken

    def get_token_backend(self) -> TokenBackend:
        return token_backend()
