"""ES256 signing keys shared by every server process through the database, cached in each process."""

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from jwt.algorithms import ECAlgorithm

from tokens.models import SigningKey

ALGORITHM = "ES256"
# How long a process keeps using the key it believes active before asking the database again.
ACTIVE_KEY_TTL_SECONDS = 5.0
# How long an unknown kid is remembered as unknown, so forged kids cannot make every request query the database.
UNKNOWN_KID_TTL_SECONDS = 5.0


@dataclass(frozen=True)
class ActiveKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey


def _fernet() -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"latchkey signing keys at rest").derive(
        settings.JWT_SIGNING_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _verification_window() -> timedelta:
    """A retired key verifies for as long as the longest-lived token it may have signed."""
    return settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"] + timedelta(minutes=5)


def _verifiable() -> Q:
    return Q(retired_at__isnull=True) | Q(retired_at__gt=timezone.now() - _verification_window())


class KeyRing:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: ActiveKey | None = None
        self._active_checked = 0.0
        self._public: dict[str, ec.EllipticCurvePublicKey] = {}
        self._unknown: dict[str, float] = {}

    def clear(self) -> None:
        with self._lock:
            self._active, self._active_checked = None, 0.0
            self._public.clear()
            self._unknown.clear()

    def active(self) -> ActiveKey:
        now = time.monotonic()
        active = self._active
        if active is not None and now - self._active_checked < ACTIVE_KEY_TTL_SECONDS:
            return active
        row = SigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at").first() or key_create()
        if active is None or active.kid != row.kid:
            private = serialization.load_pem_private_key(
                _fernet().decrypt(row.private_key_encrypted.encode()), password=None
            )
            if not isinstance(private, ec.EllipticCurvePrivateKey):
                raise TypeError(f"Signing key {row.kid} is not an EC private key")
            active = ActiveKey(kid=row.kid, private_key=private)
        with self._lock:
            self._active, self._active_checked = active, now
            self._public.setdefault(active.kid, active.private_key.public_key())
        return active

    def verifying_key(self, kid: str) -> ec.EllipticCurvePublicKey | None:
        key = self._public.get(kid)
        if key is not None:
            return key
        now = time.monotonic()
        if now - self._unknown.get(kid, -UNKNOWN_KID_TTL_SECONDS) < UNKNOWN_KID_TTL_SECONDS:
            return None
        row = SigningKey.objects.filter(_verifiable(), kid=kid).first()
        with self._lock:
            if row is None:
                if len(self._unknown) > 1000:
                    self._unknown.clear()
                self._unknown[kid] = now
                return None
            public = ECAlgorithm(ECAlgorithm.SHA256).from_jwk(json.dumps(row.public_jwk))
            if not isinstance(public, ec.EllipticCurvePublicKey):
                raise TypeError(f"Signing key {kid} is not an EC public key")
            self._public[kid] = public
            return public


keyring = KeyRing()


def key_create() -> SigningKey:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    kid = secrets.token_urlsafe(12)
    jwk: dict[str, Any] = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk.update(kid=kid, use="sig", alg=ALGORITHM)
    return SigningKey.objects.create(kid=kid, private_key_encrypted=_fernet().encrypt(pem).decode(), public_jwk=jwk)


@transaction.atomic
def key_rotate() -> SigningKey:
    """Makes a new active key; the previous ones keep verifying the tokens they signed until those expire."""
    SigningKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
    key = key_create()
    keyring.clear()
    return key


def key_prune() -> int:
    deleted, _ = SigningKey.objects.exclude(_verifiable()).delete()
    return deleted


def jwks() -> dict[str, list[dict[str, Any]]]:
    keyring.active()  # the first request on a fresh database creates the first key
    return {"keys": [row.public_jwk for row in SigningKey.objects.filter(_verifiable())]}
