from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from core.client_ip import client_ip


class ScopedClientIPThrottle(ScopedRateThrottle):
    """Per-view limit per client address, counted in the default cache (shared by all processes on Redis)."""

    def get_rate(self) -> str | None:
        # DRF binds the rates when the module is imported; read them live so settings overrides apply.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None

    def get_ident(self, request: Request) -> str:
        return client_ip(request)
