from typing import Any

from django.db.models import QuerySet

from audit.models import SecurityEvent


def security_event_list(*, user: Any, limit: int = 50) -> QuerySet[SecurityEvent]:
    return SecurityEvent.objects.filter(user=user).order_by("-created_at", "-id")[:limit]
