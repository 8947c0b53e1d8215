"""The one home of "is this session still live?".

A session is live while it is not revoked, has not reached its absolute end, its user is active, and it was
issued under the user's current credential epoch (accounts.credentials). Every caller asks here: the
authentication class (`session_user_get`, on every request), rotation and logout (`live_session_rows`), the
session list (`live_sessions`) and replay handling (`session_is_live`).

The hot path costs no database query and no round trip when revocations are pushed to this process
(usersessions.revocation_feed). Otherwise it asks the shared cache for the revocation marker and the cached user
in one round trip, and only when the cache cannot be trusted, the database. The cache is not trusted when: it is
per-process (local memory); it failed in this process within the last access-token lifetime; a revocation made in
this process has not reached it yet; or it lost its data (a Redis restart) less than an access-token lifetime ago,
which a sentinel key that a restart erases tells.
"""

import contextlib
import logging
import threading
import time
from datetime import datetime
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import User
from usersessions.conf import session_settings
from usersessions.models import Session
from usersessions.revocation_feed import SENTINEL_KEY, feed, revoked_key

logger = logging.getLogger(__name__)

USER_CACHE_SECONDS = 300


def user_cache_key(user_id: object) -> str:
    return f"user:{user_id}"


# ---- the rule ----------------------------------------------------------------------------------------------------
def _user_admits(user: User, credential_epoch: int) -> bool:
    return user.is_active and user.credential_epoch == credential_epoch


def session_is_live(session: Session, *, now: datetime | None = None) -> bool:
    """For a loaded row (with its user): the rule, in Python."""
    now = now or timezone.now()
    alive = session.revoked_at is None and session.expires_at > now
    return alive and _user_admits(session.user, session.credential_epoch)


def live_sessions(*, now: datetime | None = None) -> "QuerySet[Session]":
    """The rule as a query (one join with the user), for reads."""
    return Session.objects.filter(
        revoked_at__isnull=True,
        expires_at__gt=now or timezone.now(),
        user__is_active=True,
        credential_epoch=F("user__credential_epoch"),
    )


def live_session_rows(*, session_id: str, credential_epoch: int, now: datetime) -> "QuerySet[Session]":
    """The rule as a filter for a conditional UPDATE of one session, with the token's epoch.

    No join to the sessions table: Django turns a join into `WHERE id IN (SELECT ...)`, and PostgreSQL re-checks
    only the outer WHERE on a row that a parallel UPDATE just changed, so a stale subquery on sessions would let a
    second rotation through. The subquery here reads users only.
    """
    users = User.objects.filter(is_active=True, credential_epoch=credential_epoch).values("pk")
    return Session.objects.filter(
        pk=session_id, credential_epoch=credential_epoch, revoked_at__isnull=True, expires_at__gt=now, user_id__in=users
    )


# ---- revocation markers ------------------------------------------------------------------------------------------
class RevocationMarkers:
    """Revoked session ids in the shared cache, written and pushed to every process when a session ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._suspect_until = 0.0
        self._pending: dict[str, float] = {}

    @property
    def _window(self) -> int:
        return int(session_settings.access_lifetime.total_seconds()) + 60

    def _cache_failed(self, exc: Exception) -> None:
        logger.warning("Cache unavailable for session revocations (%s): checking the database", type(exc).__name__)
        self._suspect_until = time.monotonic() + self._window

    def reset(self) -> None:
        with self._lock:
            self._suspect_until = 0.0
            self._pending.clear()

    def add(self, session_ids: list[str]) -> None:
        expiry = time.monotonic() + self._window
        with self._lock:
            self._pending.update(dict.fromkeys(session_ids, expiry))
        self._flush()

    def _flush(self) -> bool:
        now = time.monotonic()
        with self._lock:
            pending = [sid for sid, expiry in self._pending.items() if expiry > now]
            if not pending:
                self._pending.clear()
                return True
        try:
            cache.set_many({revoked_key(sid): 1 for sid in pending}, timeout=self._window)
            feed.publish(sessions=pending)
        except Exception as exc:  # any cache client error: the marker stays pending in this process
            self._cache_failed(exc)
            return False
        with self._lock:
            for sid in pending:
                self._pending.pop(sid, None)
        return True

    def lookup(self, session_id: str, *extra_keys: str) -> tuple[bool, bool, dict[str, Any]]:
        """Returns (trusted, revoked, values of extra_keys) with one cache round trip."""
        # `cache` is a proxy: the backend behind it decides whether other processes share what is stored.
        if isinstance(caches["default"], LocMemCache) or not self._flush() or time.monotonic() < self._suspect_until:
            return False, False, {}
        key = revoked_key(session_id)
        try:
            found = cache.get_many([key, SENTINEL_KEY, *extra_keys])
            since = found.get(SENTINEL_KEY)
            if since is None:
                cache.add(SENTINEL_KEY, time.time(), timeout=None)
                return False, False, found
        except Exception as exc:
            self._cache_failed(exc)
            return False, False, {}
        if time.time() - float(since) < self._window:
            return False, False, found
        return True, key in found, found


revocations = RevocationMarkers()


def sessions_mark_revoked(session_ids: list[str]) -> None:
    """Tells every process that these sessions ended (after the rows were updated)."""
    if session_ids:
        revocations.add(session_ids)


def user_forget(user_id: object) -> None:
    """Drops every cached copy of the user, now and again after the surrounding transaction commits (a process that
    read the row before the commit must not keep the old copy). If the cache is down, its copy expires by itself,
    and a process whose feed misses the message reloads its users when the feed resyncs."""

    def forget() -> None:
        with contextlib.suppress(Exception):
            cache.delete(user_cache_key(user_id))
        with contextlib.suppress(Exception):
            feed.publish(users=[str(user_id)], wait=False)

    forget()
    transaction.on_commit(forget)


# ---- the hot path ------------------------------------------------------------------------------------------------
def _user_load(user_id: str) -> User | None:
    return User.objects.filter(pk=user_id).first()


def session_user_get(*, session_id: str, user_id: str, credential_epoch: int) -> User | None:
    """The user of a live session, or None. `credential_epoch` is the epoch the access token was minted under.

    A cached user older than the token (its epoch lower) is a copy read before a change committed: read again.
    """
    pushed = feed.lookup(session_id, user_id)
    if pushed is not None:
        revoked, user = pushed
        if revoked:
            return None
        if user is None or user.credential_epoch < credential_epoch:
            epoch = feed.user_epoch()
            user = _user_load(user_id)
            if user is None:
                return None
            feed.remember_user(user, epoch)
        return user if _user_admits(user, credential_epoch) else None
    user_key = user_cache_key(user_id)
    trusted, revoked, found = revocations.lookup(session_id, user_key)
    if not trusted:
        session = live_sessions().select_related("user").filter(pk=session_id, user_id=user_id).first()
        return session.user if session is not None and session.credential_epoch == credential_epoch else None
    if revoked:
        return None
    user = found.get(user_key)
    if not isinstance(user, User) or user.credential_epoch < credential_epoch:
        user = _user_load(user_id)
        if user is None:
            return None
        with contextlib.suppress(Exception):  # without the cache, the next request reads the database again
            cache.set(user_key, user, timeout=USER_CACHE_SECONDS)
    return user if _user_admits(user, credential_epoch) else None
