import uuid

from django.conf import settings
from django.db import models


class TotpDevice(models.Model):
    """An authenticator app (RFC 6238 TOTP). One per user; `confirmed` once a code from the app was accepted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    # The base32 seed, Fernet-encrypted (mfa.encryption): a database dump does not yield working codes.
    secret_encrypted = models.TextField()
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The last 30-second step whose code was accepted: a code for that step or an earlier one is a replay.
    last_used_step = models.BigIntegerField(default=0)
    # Whether the account's address was proven when this factor was added. A factor added to an account whose
    # address nobody had proven may be a squatter's (pre-hijacking): the owner's password reset removes it.
    address_proven = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"TOTP of {self.user_id}"


class RecoveryCode(models.Model):
    """A single-use code for when the second factor is lost. Only its password hash is stored (ASVS 6.5.2)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class Passkey(models.Model):
    """A WebAuthn public-key credential (a passkey or a security key) registered by the user."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=60)
    credential_id = models.BinaryField(unique=True)
    public_key = models.BinaryField()  # COSE_Key (WebAuthn section 6.5.1.1)
    # The WebAuthn user.id given at registration: random, the same for all of a user's passkeys.
    user_handle = models.BinaryField()
    sign_count = models.BigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    aaguid = models.CharField(max_length=36, blank=True)
    # Backup eligibility and state (WebAuthn section 6.1, flags BE and BS): a synced passkey or a device-bound key.
    backup_eligible = models.BooleanField(default=False)
    backed_up = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Whether the account's address was proven when this factor was added. A factor added to an account whose
    # address nobody had proven may be a squatter's (pre-hijacking): the owner's password reset removes it.
    address_proven = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"


class Challenge(models.Model):
    """One open ceremony: a sign-in waiting for its second factor (the `mfa_token`), a passwordless sign-in (the
    `challenge_token`), or a WebAuthn registration or step-up bound to a session. Single use, short-lived."""

    class Purpose(models.TextChoices):
        LOGIN = "login", "Sign-in waiting for a second factor"
        PASSKEY_LOGIN = "passkey_login", "Passwordless sign-in"
        PASSKEY_REGISTER = "passkey_register", "Passkey registration"
        REAUTHENTICATE = "reauthenticate", "Step-up with a passkey"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # SHA-256 of the opaque token handed to the client (256 bits from a CSPRNG); the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    session_id = models.UUIDField(null=True, blank=True)
    credential_epoch = models.PositiveIntegerField(default=0)
    webauthn_challenge = models.BinaryField(null=True, blank=True)
    # For a registration: the WebAuthn user.id the options offered, which the new passkey is stored with.
    user_handle = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    failures = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} {self.pk}"
