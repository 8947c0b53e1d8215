import logging

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.client_ip import client_ip
from core.context import request_context
from core.signals import rate_limited

logger = logging.getLogger(__name__)


class ScopedClientIPThrottle(ScopedRateThrottle):
    """Per-view limit per client address, counted in the default cache (shared by all processes on Redis).

    If the cache is unreachable the request is let through: refusing every sign-in during a cache outage would
    be worse than a few minutes without rate limits. Login keeps its per-account delays (accounts.lockout).
    """

    def get_rate(self) -> str | None:
        # DRF binds the rates when the module is imported; read them live so settings overrides apply.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: APIView) -> bool:
        try:
            allowed = super().allow_request(request, view)
            # One event per client and window, not one per refused request: a flood must not flood the log table.
            first_refusal = not allowed and self.cache.add(
                f"{self.key}:reported", 1, timeout=getattr(self, "duration", 60)
            )
        except Exception as exc:
            logger.warning("Cache unavailable, %s not rate limited: %s", self.scope, type(exc).__name__)
            return True
        if first_refusal:
            rate_limited.send(sender=type(self), context=request_context(request), scope=self.scope)
        return allowed
