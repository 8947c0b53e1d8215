"""Revocations pushed to every server process, so that checking a token needs no round trip at all.

Each process subscribes to a Redis channel, then loads the revocation markers already in Redis (subscribing first
means nothing published meanwhile is missed), and from then on keeps the set of revoked session ids, and the users
it has read, in memory. A revocation is written to Redis, published, and the revoking request waits (up to
ACK_TIMEOUT_SECONDS) until every subscribed process has acknowledged it: when logout returns, every process already
refuses the session.

The in-memory set is used only while it is known to be complete: subscribed and synced, and the Redis sentinel older
than an access-token lifetime (so no marker was lost to a Redis restart). Otherwise lookup() answers None and the
caller takes the one-round-trip path (usersessions.liveness), which falls back to the database in turn.

This module is transport only: it knows the Redis key names and the channel, not what makes a session live.
"""

import contextlib
import json
import logging
import threading
import time
import uuid
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches

from usersessions.conf import session_settings

logger = logging.getLogger(__name__)

CHANNEL = "session-revocations"
# Written when the revocation markers start being kept; a Redis restart without persistence erases it.
SENTINEL_KEY = "session-revocations:since"


def revoked_key(session_id: str) -> str:
    """The cache key of one revoked session's marker."""
    return f"session-revoked:{session_id}"


class FeedState(StrEnum):
    """Where this process stands: DISABLED (no push: no Redis or SESSION_REVOCATION_PUSH off), CONNECTING (not
    subscribed and synced yet, or the subscription broke), WARMING (subscribed, but the Redis sentinel is younger than
    an access-token lifetime, so memory may miss a marker lost to a restart), MEMORY (lookups answer from memory)."""

    DISABLED = "disabled"
    CONNECTING = "connecting"
    WARMING = "warming"
    MEMORY = "memory"


ACK_TIMEOUT_SECONDS = 0.25
IDLE_PING_SECONDS = 5.0
# A subscription that has heard nothing (not even its own pings) for this long is treated as dead.
SILENCE_LIMIT_SECONDS = 15.0


def _redis() -> Any:
    """The redis.Redis client behind Django's cache (same pool, same settings)."""
    return cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]


class RevocationFeed:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._ready = False
        self._trusted_after = float("inf")
        self._revoked: dict[str, float] = {}
        self._users: dict[str, Any] = {}
        self._user_epoch = 0
        self._stop = threading.Event()

    # ---- configuration -----------------------------------------------------------------------------------------
    @staticmethod
    def enabled() -> bool:
        from core.cache import RedisCache

        return bool(getattr(settings, "SESSION_REVOCATION_PUSH", False)) and isinstance(caches["default"], RedisCache)

    @property
    def _window(self) -> float:
        return session_settings.access_lifetime.total_seconds() + 60

    def reset(self) -> None:
        """Stops the subscriber (tests)."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)
        with self._lock:
            self._thread, self._ready, self._trusted_after = None, False, float("inf")
            self._revoked.clear()
            self._users.clear()
        self._stop = threading.Event()

    def _ensure_started(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            with self._lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._run, name="revocation-feed", daemon=True)
                    self._thread.start()

    # ---- the hot path ------------------------------------------------------------------------------------------
    def lookup(self, session_id: str, user_id: str) -> tuple[bool, Any] | None:
        """(revoked, user or None) from memory, or None when memory cannot be trusted."""
        if not self.enabled():
            return None
        self._ensure_started()
        if not self._ready or time.monotonic() < self._trusted_after:
            return None
        expiry = self._revoked.get(session_id)
        if expiry is not None and expiry > time.monotonic():
            return True, None
        return False, self._users.get(user_id)

    def user_epoch(self) -> int:
        return self._user_epoch

    def remember_user(self, user: Any, epoch: int) -> None:
        """Keeps a user read from the database, unless an invalidation arrived since the read began."""
        with self._lock:
            if epoch == self._user_epoch and self._ready:
                if len(self._users) > 10_000:
                    self._users.clear()
                self._users[str(user.pk)] = user

    # ---- publishing --------------------------------------------------------------------------------------------
    def publish(self, *, sessions: list[str] | None = None, users: list[str] | None = None, wait: bool = True) -> None:
        """Tells every process; with `wait`, returns once all subscribed processes have applied it (or timed out)."""
        sessions, users = sessions or [], users or []
        self._apply({"sessions": sessions, "users": users})
        if not self.enabled():
            return
        message_id = uuid.uuid4().hex
        client = _redis()
        payload = json.dumps({"id": message_id, "sessions": sessions, "users": users})
        receivers = int(client.publish(cache.make_key(CHANNEL), payload))
        if not wait or receivers == 0:
            return
        ack_key = cache.make_key(f"{CHANNEL}:ack:{message_id}")
        deadline = time.monotonic() + ACK_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if int(client.get(ack_key) or 0) >= receivers:
                return
            time.sleep(0.001)
        logger.warning("A revocation was not acknowledged by every server process within %s s", ACK_TIMEOUT_SECONDS)

    def _apply(self, message: dict[str, Any]) -> None:
        expiry = time.monotonic() + self._window
        with self._lock:
            for session_id in message.get("sessions", []):
                self._revoked[str(session_id)] = expiry
            users = message.get("users", [])
            if users:
                self._user_epoch += 1
                for user_id in users:
                    self._users.pop(str(user_id), None)

    # ---- the subscriber thread ---------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._subscribe_and_listen()
            except Exception as exc:  # Redis gone or restarting: memory is not trusted until resynced
                with self._lock:
                    self._ready = False
                logger.warning("Revocation feed interrupted (%s); retrying", type(exc).__name__)
                self._stop.wait(1.0)

    def _subscribe_and_listen(self) -> None:
        client = _redis()
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.subscribe(cache.make_key(CHANNEL))
            prefix = cache.make_key(revoked_key(""))
            now = time.monotonic()
            revoked = {
                key.decode()[len(prefix) :]: now + self._window
                for key in client.scan_iter(match=f"{prefix}*", count=1000)
            }
            since = cache.get(SENTINEL_KEY)
            if since is None:
                cache.add(SENTINEL_KEY, time.time(), timeout=None)
                since = cache.get(SENTINEL_KEY) or time.time()
            with self._lock:
                self._revoked = revoked
                self._users.clear()
                self._user_epoch += 1
                self._trusted_after = now + max(0.0, float(since) + self._window - time.time())
                self._ready = True
            heard = pinged = time.monotonic()
            while not self._stop.is_set():
                message = pubsub.get_message(timeout=1.0)
                if message is not None:
                    heard = time.monotonic()
                    if message.get("type") == "message":
                        data = json.loads(message["data"])
                        self._apply(data)
                        ack_key = cache.make_key(f"{CHANNEL}:ack:{data['id']}")
                        with client.pipeline(transaction=False) as pipe:
                            pipe.incr(ack_key)
                            pipe.expire(ack_key, 60)
                            pipe.execute()
                    continue
                now = time.monotonic()
                if now - heard > SILENCE_LIMIT_SECONDS:
                    raise ConnectionError("revocation feed silent")
                if now - pinged > IDLE_PING_SECONDS:
                    pubsub.ping()
                    pinged = now
                    self._prune()
                    self._recheck_sentinel()
        finally:
            with self._lock:
                self._ready = False
            with contextlib.suppress(Exception):
                pubsub.close()

    def _recheck_sentinel(self) -> None:
        """A sentinel gone means Redis lost its data without dropping our connection: start over."""
        since = cache.get(SENTINEL_KEY)
        if since is None:
            raise ConnectionError("revocation sentinel lost")
        trusted_after = time.monotonic() + max(0.0, float(since) + self._window - time.time())
        with self._lock:
            self._trusted_after = min(self._trusted_after, trusted_after)

    def in_memory(self) -> bool:
        """Whether this process currently checks revocations from memory (for the health endpoint)."""
        return self.state() is FeedState.MEMORY

    def state(self) -> FeedState:
        """This process's FeedState; starts the subscriber when push is on (a readiness probe thus warms it up)."""
        if not self.enabled():
            return FeedState.DISABLED
        self._ensure_started()
        if not self._ready:
            return FeedState.CONNECTING
        return FeedState.MEMORY if time.monotonic() >= self._trusted_after else FeedState.WARMING

    def _prune(self) -> None:
        now = time.monotonic()
        with self._lock:
            self._revoked = {sid: expiry for sid, expiry in self._revoked.items() if expiry > now}


feed = RevocationFeed()
