from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """Append-only record of what happened to an account. Never holds passwords or token values."""

    class Kind(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in attempt")
        REGISTERED = "registered", _("Account created")
        LOGOUT = "logout", _("Signed out")
        REFRESH_REUSE_DETECTED = "refresh_reuse_detected", _("Reused sign-in token detected; session ended")
        SESSION_REVOKED = "session_revoked", _("Session signed out")
        SESSIONS_REVOKED = "sessions_revoked", _("Signed out everywhere else")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGE_REQUESTED = "email_change_requested", _("Email change requested")
        EMAIL_CHANGED = "email_changed", _("Email changed")
        EMAIL_VERIFIED = "email_verified", _("Email verified")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        RATE_LIMITED = "rate_limited", _("Too many attempts")
        MFA_FAILED = "mfa_failed", _("Wrong second factor")
        REAUTHENTICATED = "reauthenticated", _("Identity confirmed for a sensitive change")
        TOTP_ENABLED = "totp_enabled", _("Authenticator app turned on")
        TOTP_DISABLED = "totp_disabled", _("Authenticator app turned off")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Recovery codes created")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        PASSKEY_ADDED = "passkey_added", _("Passkey added")
        PASSKEY_RENAMED = "passkey_renamed", _("Passkey renamed")
        PASSKEY_REMOVED = "passkey_removed", _("Passkey removed")
        SOCIAL_LOGIN = "social_login", _("Signed in with another provider")
        SOCIAL_LINKED = "social_linked", _("Sign-in provider connected")
        SOCIAL_UNLINKED = "social_unlinked", _("Sign-in provider disconnected")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=40, choices=Kind.choices, db_index=True)
    # No index of its own: `securityevent_user_list` starts with it (lookups and the cascade of a user's deletion).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="security_events",
        db_index=False,
    )
    session_id = models.UUIDField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    device = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A user's list (audit.selectors) is one range scan of this index in its exact order, LIMIT 50, however
        # large the table: no sort node, no rows of other users read (bench/README.md "Index plan").
        # `created_at` alone (db_index above) serves the retention cleanup, oldest first.
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="securityevent_user_list")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Security events are append-only.")
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        """The kind in the active language. Not get_kind_display(): that hashes every translated choice on each
        call (about 1 ms a row, most of the cost of a 50-event page); a kind no longer defined shows as itself."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind
