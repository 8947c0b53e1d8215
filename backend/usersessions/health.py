"""Readiness of one server process: the database, the cache and the revocation feed, as plain checks.

Here rather than in core because the revocation feed is this app's; the HTTP edge is usersessions.api.health.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.cache import caches
from django.db import connections
from django.utils.connection import BaseConnectionHandler

from usersessions.revocation_feed import FeedState, RevocationFeed, feed

OK = "ok"
UNAVAILABLE = "unavailable"
# Read (never written) by the cache check: one real round trip, nothing stored.
_PROBE_KEY = "health:probe"


class Check(StrEnum):
    DATABASE = "database"
    CACHE = "cache"
    REVOCATION_FEED = "revocation_feed"


@dataclass(frozen=True)
class Readiness:
    """checks: each Check's state ("ok"/"unavailable", or the feed's FeedState value); failing: the ones that fail."""

    checks: dict[Check, str]
    failing: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return not self.failing


def database_check(connection: Any) -> bool:
    """One `SELECT 1` on a Django database connection; False on any database error (unreachable, refused, timeout)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # whatever the driver raises, this process cannot serve
        return False
    return True


def cache_check(cache: Any) -> bool:
    """One read from a Django cache (a real round trip to Redis); False when it raises (refused, timed out)."""
    try:
        cache.get(_PROBE_KEY)
    except Exception:  # redis-py's errors, or another backend's
        return False
    return True


def readiness_check(
    *,
    databases: BaseConnectionHandler[Any] | None = None,
    cache_handler: BaseConnectionHandler[Any] | None = None,
    revocation_feed: RevocationFeed | None = None,
) -> Readiness:
    """Whether this process should receive traffic.

    The feed fails readiness only while it is CONNECTING with push on: this process has not subscribed yet (a new
    pod) or lost its subscription. WARMING (subscribed, but Redis lost its data less than an access-token lifetime
    ago) is ready: revocations are then checked by lookup, which is as strict, and since every replica warms at
    once, failing it would turn a Redis restart into an outage. DISABLED (no Redis, or SESSION_REVOCATION_PUSH off)
    is ready too: lookups are the configured path. The handlers default to Django's (tests pass broken ones).
    """
    feed_state = (revocation_feed or feed).state()
    checks = {
        Check.DATABASE: OK if database_check((databases or connections)["default"]) else UNAVAILABLE,
        Check.CACHE: OK if cache_check((cache_handler or caches)["default"]) else UNAVAILABLE,
        Check.REVOCATION_FEED: feed_state.value,
    }
    failing = tuple(
        check
        for check, state in checks.items()
        if state == UNAVAILABLE or (check is Check.REVOCATION_FEED and state == FeedState.CONNECTING)
    )
    return Readiness(checks=checks, failing=failing)
