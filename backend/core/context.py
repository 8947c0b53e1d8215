"""What a flow may know about the HTTP request that started it, built once at the edge (a view or the admin).

Flows take a RequestContext instead of a DRF or Django request: they decide, the view translates HTTP. The same
flow then runs unchanged from a management command, a task or a test.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from core.client_ip import client_ip, ip_or_none
from core.deadline import DEADLINE_META, deadline_parse
from core.devices import device_describe
from core.i18n import language_default, language_supported

# The JWT claim naming the session (token family) an access or refresh token belongs to.
SESSION_CLAIM = "sid"

USER_AGENT_MAX = 512


@dataclass(frozen=True, slots=True)
class RequestContext:
    """ip: the client address (None when not a valid address); user_agent: at most 512 characters; device: a
    readable label of the user agent; session_id: the session of the access token that authenticated the request,
    None when unauthenticated; deadline: when the caller stops waiting (Unix ms, core.deadline), None if it said
    nothing usable; language: the request's language (a code of settings.LANGUAGES), which an account made by the
    request keeps for its mail."""

    ip: str | None = None
    user_agent: str = ""
    device: str = ""
    session_id: str | None = None
    deadline: int | None = None
    language: str = field(default_factory=language_default)


def request_session_id(request: Any) -> str | None:
    """The session (`sid`) of the access token that authenticated this request; None when unauthenticated."""
    token = getattr(request, "auth", None)
    sid = token.get(SESSION_CLAIM) if token is not None and hasattr(token, "get") else None
    return str(sid) if sid else None


def request_context(request: Any) -> RequestContext:
    """Accepts a DRF Request or a Django HttpRequest (the admin): both expose META."""
    user_agent = str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX]
    return RequestContext(
        ip=ip_or_none(client_ip(request)),
        user_agent=user_agent,
        device=device_describe(user_agent),
        session_id=request_session_id(request),
        deadline=deadline_parse(request.META.get(DEADLINE_META)),
        # LocaleMiddleware activated it from Accept-Language (the admin's pages too).
        language=language_supported(translation.get_language()),
    )
