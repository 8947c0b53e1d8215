"""Encryption at rest for secrets the server must read back (TOTP seeds), with Fernet (AES-128-CBC + HMAC-SHA256)
from `cryptography`.

The key is derived (HKDF-SHA256, RFC 5869) from SECRET_KEY with a purpose label, so no new secret has to be
deployed, and SECRET_KEY_FALLBACKS keep decrypting after a key rotation, as they do for Django's own signatures.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_PURPOSE = b"latchkey.mfa.secret-at-rest.v1"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@cache
def _box(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(key) for key in (secret_key, *fallbacks)])


def _current() -> MultiFernet:
    return _box(settings.SECRET_KEY, tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ())))


def secret_encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode("ascii")


def secret_decrypt(token: str) -> str:
    """Raises cryptography.fernet.InvalidToken when no current or fallback key opens it."""
    return _current().decrypt(token.encode("ascii")).decode()
