import uuid

from django.conf import settings
from django.db import models


class RevocationReason(models.TextChoices):
    LOGOUT = "logout", "Signed out"
    REVOKED = "revoked", "Signed out from another session"
    SUPERSEDED = "superseded", "Replaced by a new sign-in in the same browser"
    REFRESH_REUSE = "refresh_reuse", "Reused refresh token"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_CHANGED = "email_changed", "Email address changed"
    DEACTIVATED = "deactivated", "Account deactivated"
    ACCOUNT_DELETED = "account_deleted", "Account deleted"
    ADMIN = "admin", "Signed out by an administrator"
    SECOND_FACTOR_ADDED = "second_factor_added", "Second factor added"
    SECOND_FACTOR_REMOVED = "second_factor_removed", "Second factor removed"
    SOCIAL_UNLINKED = "social_unlinked", "Sign-in provider disconnected"


class Session(models.Model):
    """One sign-in on one device: the family of every access and refresh token issued from it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField()
    # Absolute end: rotation never extends a session past this, however active it is.
    expires_at = models.DateTimeField(db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    device = models.CharField(max_length=200, blank=True)
    # The user's credential epoch when the session started; a change of credentials moves the user's on and
    # this session is dead (usersessions.liveness).
    credential_epoch = models.PositiveIntegerField(default=0)
    # Rotation (usersessions.services.session_refresh): only `refresh_jti` rotates the session. `previous_jti`,
    # rotated out but whose successor has never been presented, is answered with that successor; `retired_jti`,
    # the one before, only within the grace window after its successor was first used. Anything else is theft.
    refresh_jti = models.CharField(max_length=64)
    previous_jti = models.CharField(max_length=64, blank=True)
    retired_jti = models.CharField(max_length=64, blank=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True, choices=RevocationReason.choices)
    # The session this device went on under when this one was replaced from it (a new sign-in in the same browser,
    # a re-authentication, a second factor or a credential changed there): a refresh with this one's token moments
    # later is that device's late request, not a signed-out one (usersessions.services, SessionSupersededError).
    superseded_by = models.UUIDField(null=True, blank=True, editable=False)
    # Step-up (usersessions.stepup): when the user last proved who they are in this session, with any factor and
    # with a second factor. A sign-in is such a proof; POST /api/auth/reauthenticate/ renews it.
    authenticated_at = models.DateTimeField(null=True, blank=True)
    second_factor_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_used_at"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="usersession_user_active")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.device or 'unknown device'}"
