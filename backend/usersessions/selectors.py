from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from usersessions.liveness import live_sessions
from usersessions.models import Session


def session_list_active(*, user: User) -> QuerySet[Session]:
    return live_sessions().filter(user=user).order_by("-last_used_at")


def session_list_for_export(*, user: User) -> list[dict[str, Any]]:
    """Every session row of the user, ended ones included; the refresh token ids stay out (they are secrets)."""
    fields = (
        "id",
        "created_at",
        "last_used_at",
        "expires_at",
        "ip_address",
        "device",
        "user_agent",
        "revoked_at",
        "revoked_reason",
    )
    return [{**row, "id": str(row["id"])} for row in Session.objects.filter(user=user).values(*fields)]
