"""Reads of a user's second factors for other apps (the data export). No secret, code or key material."""

from typing import Any

from accounts.models import User
from mfa.models import Passkey, TotpDevice
from mfa.recovery_codes import recovery_codes_count


def second_factors_for_export(*, user: User) -> dict[str, Any]:
    """{authenticator_app: {enabled, since}, recovery_codes: {total, remaining}, passkeys: [{name, created_at,
    last_used_at, synced}]}."""
    device = TotpDevice.objects.filter(user=user, confirmed=True).only("created_at").first()
    total, remaining = recovery_codes_count(user)
    return {
        "authenticator_app": {"enabled": device is not None, "since": device.created_at if device else None},
        "recovery_codes": {"total": total, "remaining": remaining},
        "passkeys": [
            {"name": p.name, "created_at": p.created_at, "last_used_at": p.last_used_at, "synced": p.backed_up}
            for p in Passkey.objects.filter(user=user).only("name", "created_at", "last_used_at", "backed_up")
        ],
    }
