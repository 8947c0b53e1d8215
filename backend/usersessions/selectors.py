import contextlib
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from usersessions.models import Session
from usersessions.revocation import revocations
from usersessions.revocation_feed import feed

USER_CACHE_SECONDS = 300


def user_cache_key(user_id: object) -> str:
    return f"user:{user_id}"


def session_user_get(*, session_id: str, user_id: str) -> User | None:
    """The user of a live session, or None: from memory (pushed revocations), else one cache round trip, else the
    database."""
    pushed = feed.lookup(session_id, user_id)
    if pushed is not None:
        revoked, user = pushed
        if revoked:
            return None
        if user is None:
            epoch = feed.user_epoch()
            user = User.objects.filter(pk=user_id).first()
            if user is None:
                return None
            feed.remember_user(user, epoch)
        return user if user.is_active else None
    user_key = user_cache_key(user_id)
    trusted, revoked, found = revocations.lookup(session_id, user_key)
    if not trusted:
        session = (
            Session.objects.select_related("user")
            .filter(pk=session_id, user_id=user_id, revoked_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        return session.user if session is not None and session.user.is_active else None
    if revoked:
        return None
    user = found.get(user_key)
    if not isinstance(user, User):
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return None
        with contextlib.suppress(Exception):  # without the cache, the next request reads the database again
            cache.set(user_key, user, timeout=USER_CACHE_SECONDS)
    return user if user.is_active else None


def session_list_active(*, user: User) -> QuerySet[Session]:
    return Session.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
        "-last_used_at"
    )


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
