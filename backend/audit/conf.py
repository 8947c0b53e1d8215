"""Audit settings, read once from Django settings with their defaults."""

from datetime import timedelta

from django.conf import settings


class AuditSettings:
    @property
    def event_retention(self) -> timedelta | None:
        """How long security events are kept before `manage.py cleanup_sessions` deletes them; None: forever."""
        days = int(getattr(settings, "SECURITY_EVENT_RETENTION_DAYS", 365))
        return timedelta(days=days) if days > 0 else None


audit_settings = AuditSettings()
