import uuid

from django.conf import settings
from django.db import models

from accounts.email_address import EMAIL_MAX_LENGTH


class SocialAccount(models.Model):
    """A provider identity linked to a user: found by (provider, subject), never by email address.

    email: what the provider asserted when the identity was linked or last used (shown to the user; never used to
    find an account). email_verified: the provider verified that address and, when linked, it was the account's or
    the account's address was already proven (social.flows._link_verified). An identity without it is unlinked
    when the account's owner proves the address by a password reset (social.receivers): it may be an attacker's
    pre-hijacking the address.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="social_accounts")
    provider = models.CharField(max_length=32)
    subject = models.CharField(max_length=255)
    email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    email_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="socialaccount_provider_subject"),
            models.UniqueConstraint(fields=["user", "provider"], name="socialaccount_user_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"


class Authorization(models.Model):
    """One authorization request in progress (RFC 6749 section 4.1): what completing it needs, for 10 minutes,
    once. Found by the SHA-256 of its `state`, which the browser that started it holds in an httpOnly cookie."""

    class Intent(models.TextChoices):
        LOGIN = "login", "Sign in"
        LINK = "link", "Link to the signed-in account"

    id = models.BigAutoField(primary_key=True)
    provider = models.CharField(max_length=32)
    intent = models.CharField(max_length=8, choices=Intent.choices)
    state_hash = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=128, blank=True)
    code_verifier = models.CharField(max_length=128)
    redirect_uri = models.CharField(max_length=500)
    # LINK: the account and session that started it; completing it needs the same.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    session_id = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.provider} {self.intent} {self.created_at:%Y-%m-%d %H:%M:%S}"
