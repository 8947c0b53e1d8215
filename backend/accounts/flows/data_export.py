"""Everything stored about a user, as one JSON document (no password hash, no token secrets)."""

from typing import Any

from django.utils import timezone

from accounts.models import User
from audit.selectors import security_event_list_for_export
from mfa.selectors import second_factors_for_export
from usersessions.selectors import session_list_for_export


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
            "language": user.language,
        },
        "second_factors": second_factors_for_export(user=user),
        "sessions": session_list_for_export(user=user),
        "security_events": security_event_list_for_export(user=user),
    }
