"""Revoked session ids, kept in the shared cache so access tokens are checked without a database query.

The cache is trusted only when nothing can be missing from it. It is not trusted (and the caller must ask the
database instead) when: the cache is per-process (local memory); the cache failed in this process within the
last access-token lifetime; a revocation from this process has not reached the cache yet; or the cache lost its
data (a Redis restart) less than an access-token lifetime ago, detected by a sentinel key that a restart erases.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

from usersessions.conf import session_settings
from usersessions.revocation_feed import feed

logger = logging.getLogger(__name__)

SENTINEL_KEY = "session-revocations:since"


def revoked_key(session_id: str) -> str:
    return f"session-revoked:{session_id}"


class RevocationSet:
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


revocations = RevocationSet()
