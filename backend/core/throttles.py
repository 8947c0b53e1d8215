"""Per-client-address rate limits: one atomic counter per scope, address and window, shared by every caller."""

import logging
import math
import time
from typing import Any

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from core.cache import Counter, counters_increment
from core.client_ip import client_ip, rate_limit_identity
from core.context import RequestContext, request_context
from core.signals import rate_limited

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """'10/min' -> (10, 60), in DRF's syntax (only the period's first letter counts)."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period.strip()[0]]


def rate_admit(*, scope: str, ident: str, context: RequestContext, **details: Any) -> float | None:
    """Counts one attempt of `ident` (a client address; IPv6 counted per /64) against the rate of `scope`; returns
    None when admitted, else the seconds to wait.

    The count is taken before the work it guards (core.cache.counter_increment, atomic on Redis and in local
    memory), so N parallel requests get at most the allowed number through, whichever process serves them. A window
    opens at a client's first request and lasts the rate's period; the next one opens at the first request after it.
    If the cache is unreachable the attempt is admitted: refusing every sign-in during a cache outage would be
    worse than a few minutes without rate limits (login keeps its per-account delays, which fail open too).
    `details` go into the `rate_limited` signal (e.g. via="admin").
    """
    wait, _counted = rate_admit_then_count(scope=scope, ident=ident, context=context, then=None, **details)
    return wait


def rate_admit_then_count(
    *, scope: str, ident: str, context: RequestContext, then: tuple[str, int] | None, **details: Any
) -> tuple[float | None, tuple[int, bool] | None]:
    """rate_admit, and for an admitted attempt also counter_increment of `then` (key, lifetime in seconds), in the
    same round trip on Redis (core.cache.counters_increment): a login's address rate and its per-account counter.
    Returns (rate_admit's answer, `then`'s (count, created)); the second is None when the attempt was refused, when
    `then` is None, or when the cache is unreachable (admitted, logged: the caller fails open as well).
    """
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    steps: list[Counter] = []
    if rate:
        limit, period = rate_parse(str(rate))
        key = f"rate:{scope}:{rate_limit_identity(ident)}"
        steps.append(Counter(key, period, limit, opened=True))
    if then is not None:
        steps.append(Counter(*then))
    if not steps:
        return None, None
    try:
        # One round trip on Redis (the window's opening time included): this runs on every login and refresh.
        counted = counters_increment(steps)
        if not rate:
            return None, counted[0]
        if counted[0][0] <= limit:
            return None, counted[1] if then is not None else None
        now = time.time()
        # Milliseconds (core.cache.counters_increment); a float is seconds, as releases before it stored the time;
        # a refusal that reads no opening time waits a whole period.
        stored = cache.get(f"{key}:opened")
        opened = stored / 1000 if isinstance(stored, int) else float(stored or now)
        # One event per client and window, not one per refused request: a flood must not flood the log table.
        first_refusal = cache.add(f"{key}:reported:{opened}", 1, timeout=period)
    except Exception as exc:
        logger.warning("Cache unavailable, %s not rate limited: %s", scope, type(exc).__name__)
        return None, None
    if first_refusal:
        rate_limited.send(sender=rate_admit, context=context, scope=scope, **details)
    return max(1.0, opened + period - now), None


class ScopedClientIPThrottle(BaseThrottle):
    """DRF's face of rate_admit: the view's `throttle_scope` names the rate in DEFAULT_THROTTLE_RATES."""

    def __init__(self) -> None:
        self.wait_seconds: float | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        scope = getattr(view, "throttle_scope", None)
        if not scope:
            return True
        self.wait_seconds = rate_admit(scope=scope, ident=client_ip(request), context=request_context(request))
        return self.wait_seconds is None

    def wait(self) -> float | None:
        return math.ceil(self.wait_seconds) if self.wait_seconds is not None else None
