"""Everything stored about a user, as one JSON document (no password hash, no token secrets)."""

from typing import Any

from django.utils import timezone

from accounts.models import User


def user_sessions_for_export(*, user: User) -> list[dict[str, Any]]:
    """HOOK (usersessions): the user's sessions, without token secrets. Filled in by the sessions work."""
    return []


def user_security_events_for_export(*, user: User) -> list[dict[str, Any]]:
    """HOOK (audit): the user's security events. Filled in by the audit work."""
    return []


def user_data_export(*, user: User) -> dict[str, Any]:
    return {
        "exported_at": timezone.now(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "email_verified": user.email_verified,
            "email_verified_at": user.email_verified_at,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
        },
        "sessions": user_sessions_for_export(user=user),
        "security_events": user_security_events_for_export(user=user),
    }
