"""Session settings, read once from Django settings with their defaults."""

from datetime import timedelta

from django.conf import settings


class SessionSettings:
    @property
    def refresh_grace(self) -> timedelta:
        return timedelta(seconds=getattr(settings, "SESSION_REFRESH_GRACE_SECONDS", 10))

    @property
    def absolute_lifetime(self) -> timedelta:
        return timedelta(seconds=getattr(settings, "SESSION_ABSOLUTE_LIFETIME", 30 * 24 * 3600))

    @property
    def access_lifetime(self) -> timedelta:
        lifetime: timedelta = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
        return lifetime

    @property
    def revoked_retention(self) -> timedelta:
        """How long ended sessions stay listed for the admin and the data export before cleanup."""
        return timedelta(days=getattr(settings, "SESSION_REVOKED_RETENTION_DAYS", 30))


session_settings = SessionSettings()
