"""Authenticator apps: RFC 6238 TOTP through pyotp (SHA-1, 6 digits, 30-second steps), at most one step of drift
each way, and no code accepted twice (ASVS 6.5.1)."""

import io
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from mfa.codes import code_normalize
from mfa.conf import mfa_settings
from mfa.encryption import secret_decrypt, secret_encrypt
from mfa.models import TotpDevice

DRIFT_STEPS = 1
STEP_SECONDS = 30


@dataclass(frozen=True)
class TotpSetup:
    """secret: base32 (for typing into the app); otpauth_uri: the Key Uri Format; qr_svg: that URI as an SVG."""

    secret: str
    otpauth_uri: str
    qr_svg: str


def _totp(device: TotpDevice) -> pyotp.TOTP:
    return pyotp.TOTP(secret_decrypt(device.secret_encrypted), interval=STEP_SECONDS)


def totp_devices_enabled() -> QuerySet[TotpDevice]:
    """The devices that make TOTP on for their user: only a confirmed one (a pending setup is not a factor)."""
    return TotpDevice.objects.filter(confirmed=True)


def totp_enabled(user: User) -> bool:
    return totp_devices_enabled().filter(user=user).exists()


def totp_pending_create(user: User) -> TotpSetup:
    """A new secret, not active until confirmed (replaces an earlier unconfirmed one). The caller has checked
    that TOTP is not on."""
    secret = pyotp.random_base32()  # 160 bits (RFC 4226 section 4 recommends 160)
    TotpDevice.objects.update_or_create(
        user=user, defaults={"secret_encrypted": secret_encrypt(secret), "confirmed": False, "last_used_step": 0}
    )
    uri = pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=user.email, issuer_name=mfa_settings.totp_issuer
    )
    # A standalone SVG document (with its namespace), so it renders inline and as an <img> data: URL alike.
    svg = io.BytesIO()
    segno.make(uri, error="m").save(
        svg, kind="svg", xmldecl=False, svgns=True, nl=False, scale=4, dark="#111827", light="#ffffff", title="QR code"
    )
    return TotpSetup(secret=secret, otpauth_uri=uri, qr_svg=svg.getvalue().decode())


def totp_code_accept(device: TotpDevice, raw_code: object, *, now: datetime | None = None) -> bool:
    """True when `raw_code` is the code of the current step or one step either side, and of a later step than any
    code accepted before. Claiming the step is one conditional UPDATE, so of two parallel requests with the same
    code, one wins."""
    code = code_normalize(raw_code, max_length=32)
    if len(code) != 6 or not code.isdigit():
        return False
    totp = _totp(device)
    now = now or timezone.now()
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step <= device.last_used_step or not totp.verify(code, for_time=step * STEP_SECONDS):
            continue
        claimed = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step)
        if claimed:
            device.last_used_step = step
        return bool(claimed)
    return False
