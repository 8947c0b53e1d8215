"""simplejwt's own authentication classes, as a peer measured in the same run as ours (bench/run.py).

Stock `JWTAuthentication` (verifies the token, then loads the user from the database on every request) and
`JWTStatelessUserAuthentication` (verifies the token, builds a `TokenUser` from its claims: no revocation check, no
user), both on simplejwt's own HS256 tokens. Our production settings point simplejwt's global `api_settings` at our
ES256 key ring (`SIMPLE_JWT`), so the peers get a token class of their own with its own `TokenBackend`: HS256, keyed
by a value derived from `DJANGO_SECRET_KEY` for this purpose only, no audience or issuer (simplejwt's defaults). Only
the token class differs from stock; every other step is simplejwt's code. Nothing here is reachable unless
`BENCH_ENDPOINTS=true`, and no production token verifies here, nor a peer token in production.
"""

from datetime import timedelta
from functools import cache

from django.contrib.auth.models import AbstractBaseUser
from django.utils.crypto import salted_hmac
from rest_framework_simplejwt.authentication import JWTAuthentication, JWTStatelessUserAuthentication
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import AccessToken

PEER_ALGORITHM = "HS256"


@cache
def peer_token_backend() -> TokenBackend:
    key = salted_hmac("benchmarks.peers", "simplejwt-hs256-signing-key", algorithm="sha256").hexdigest()
    return TokenBackend(PEER_ALGORITHM, signing_key=key)


class PeerAccessToken(AccessToken):
    """simplejwt's AccessToken, signed and verified with the peer backend instead of our key ring."""

    # Long enough for a whole `make bench` phase (ours are minted per phase with the production lifetime).
    lifetime = timedelta(hours=1)

    @property
    def token_backend(self) -> TokenBackend:
        return peer_token_backend()

    def get_token_backend(self) -> TokenBackend:
        return peer_token_backend()


def _peer_validated_token(raw_token: bytes) -> PeerAccessToken:
    # simplejwt's get_validated_token, with the peer token class instead of api_settings.AUTH_TOKEN_CLASSES.
    try:
        return PeerAccessToken(raw_token)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidToken({"detail": "Given token not valid for any token type", "messages": [exc.args[0]]}) from exc


class PeerJWTAuthentication(JWTAuthentication):
    """simplejwt's default class: signature, then `User.objects.get(id=...)` on every request."""

    def get_validated_token(self, raw_token: bytes) -> PeerAccessToken:
        return _peer_validated_token(raw_token)


class PeerJWTStatelessUserAuthentication(JWTStatelessUserAuthentication):
    """simplejwt's stateless class: signature only; the user is the token's claims."""

    def get_validated_token(self, raw_token: bytes) -> PeerAccessToken:
        return _peer_validated_token(raw_token)


def peer_access_token(user: AbstractBaseUser) -> str:
    """A simplejwt access token for `user`, minted by simplejwt's own `for_user` (for bench/run.py)."""
    return str(PeerAccessToken.for_user(user))
