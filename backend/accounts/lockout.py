"""Progressive delays after failed logins, per (account, client address) pair.

Counting per pair rather than per account means an attacker cannot lock the owner out from elsewhere: a
victim's own address keeps its own, clean count. After FREE_FAILURES, each further failure doubles the wait.
"""

import hashlib
import logging
import time

from django.core.cache import cache

from core.exceptions import RateLimitedError

logger = logging.getLogger(__name__)

FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60
WINDOW_SECONDS = 3600


def _key(email: str, ip: str) -> str:
    digest = hashlib.sha256(f"{email}\x00{ip}".encode()).hexdigest()
    return f"login-failures:{digest}"


def login_lockout_check(*, email: str, ip: str) -> bool:
    """Raises when the pair must wait; returns whether it has failures on record (to be cleared by a success)."""
    try:
        state = cache.get(_key(email, ip))
    except Exception:  # fail open: a cache outage must not stop everyone from signing in
        logger.warning("Cache unavailable: login lockout not checked")
        return True
    if state and state["locked_until"] > time.time():
        raise RateLimitedError(int(state["locked_until"] - time.time()) + 1)
    return bool(state)


def login_failure_register(*, email: str, ip: str) -> None:
    key = _key(email, ip)
    try:
        state = cache.get(key) or {"count": 0, "locked_until": 0.0}
        state["count"] += 1
        over = state["count"] - FREE_FAILURES
        if over >= 0:
            state["locked_until"] = time.time() + min(2**over, MAX_DELAY_SECONDS)
        cache.set(key, state, timeout=WINDOW_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: login failure not counted")


def login_failures_clear(*, email: str, ip: str) -> None:
    try:
        cache.delete(_key(email, ip))
    except Exception:
        logger.warning("Cache unavailable: login failures not cleared")
