"""Prometheus metrics of the API (README "Observability" lists each with its meaning).

Under gunicorn each worker process counts on its own: with PROMETHEUS_MULTIPROC_DIR set (backend/bin/serve-api sets
it), prometheus-client keeps the values in files there and a scrape of any worker adds up all of them. Labels are
closed sets (route patterns, enum kinds), never raw paths or ids: each label value is a time series.
"""

import hmac
from collections.abc import Callable, Iterable

from django.conf import settings
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client import generate_latest as _generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

HTTP_REQUESTS = Counter(
    "latchkey_http_requests",
    "API requests answered, by method, route pattern and status.",
    ["method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "latchkey_http_request_duration_seconds",
    "Time from the first middleware to the response, by method and route pattern.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SECURITY_EVENTS = Counter(
    "latchkey_security_events",
    "Security events recorded (audit.SecurityEvent.Kind): logins, second-factor failures, refresh-token theft, "
    "rate limits...",
    ["kind"],
)
RATE_LIMITED = Counter(
    "latchkey_rate_limited",
    "Rate-limit windows a client was refused in, by scope (once per client and window).",
    ["scope"],
)
TOKEN_REFRESHES = Counter(
    "latchkey_token_refreshes",
    "Refresh tokens exchanged: rotated (the current token), reissued (a just-rotated one, answered with its "
    "successor).",
    ["result"],
)
REVOCATION_FEED_PROCESSES = Gauge(
    "latchkey_revocation_feed_processes",
    "Live server processes per revocation-feed state (connecting, warming, memory).",
    ["state"],
    multiprocess_mode="livesum",
)
REVOCATION_FEED_LAST_HEARD = Gauge(
    "latchkey_revocation_feed_last_heard_timestamp_seconds",
    "Unix time the least recently heard live subscriber last heard from Redis (a message or its own ping).",
    multiprocess_mode="livemin",
)
REVOCATION_PROPAGATION = Histogram(
    "latchkey_revocation_propagation_seconds",
    "Time from publishing a revocation until every subscribed process acknowledged it (capped by the ack timeout).",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5),
)
REVOCATION_UNACKNOWLEDGED = Counter(
    "latchkey_revocation_unacknowledged", "Revocations not acknowledged by every subscribed process in time."
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str | None) -> str:
    """The method as a label: a client may send any token as a method, so the uncommon ones share one value."""
    return method if method in _METHODS else "other"


def metrics_token_matches(authorization: str) -> bool:
    """Whether an Authorization header carries `Bearer <METRICS_TOKEN>`; False while no token is configured."""
    expected = settings.METRICS_TOKEN
    scheme, _, presented = authorization.partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), expected.encode())


def metrics_exposition(scrape_time: Iterable[Callable[[], Collector]] = ()) -> tuple[bytes, str]:
    """(body, content type) of a scrape: every process's metrics, then those computed now by `scrape_time`."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=settings.PROMETHEUS_MULTIPROC_DIR)
        body = _generate_latest(registry)
    else:
        body = _generate_latest(REGISTRY)
    now = CollectorRegistry(auto_describe=False)
    for make in scrape_time:
        now.register(make())
    return body + _generate_latest(now), CONTENT_TYPE_LATEST
