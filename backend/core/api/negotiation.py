"""DRF's content negotiation, without its work for the requests that leave it nothing to choose."""

from collections.abc import Iterable
from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

# Accept values that pick the first renderer whatever it is; an absent header counts as "*/*" (RFC 9110 12.5.1).
_ANY = frozenset({"", "*/*"})


class FirstRendererNegotiation(DefaultContentNegotiation):
    """DefaultContentNegotiation, answering at once when the client accepts anything (no Accept header, or "*/*")
    or exactly the first renderer's media type, and asks for no format (?format=): what DRF would then choose is
    the first renderer with its own media type, and parsing the Accept list for it cost about a tenth of a
    GET /api/auth/me/. Every other request is negotiated by DRF as before (406 included)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str] | Any:
        renderers = list(renderers)  # a view's get_renderers() list
        accept = request.META.get("HTTP_ACCEPT", "").strip()
        first = renderers[0] if renderers else None
        if (
            first is not None
            and not format_suffix
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
            and (accept in _ANY or accept == first.media_type)
        ):
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)
