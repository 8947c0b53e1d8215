import uuid

from django.conf import settings
from django.db import models


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
    # Only the refresh token with this jti can rotate the session; the one before it may be replayed
    # for a short grace window (parallel tabs), and anything older is a stolen token.
    refresh_jti = models.CharField(max_length=64)
    previous_jti = models.CharField(max_length=64, blank=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-last_used_at"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="usersession_user_active")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.device or 'unknown device'}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
