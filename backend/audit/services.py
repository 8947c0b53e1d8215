"""Security events: what happened to an account, when, from where. Append-only."""

import logging
from typing import Any

from audit.models import SecurityEvent
from core import metrics
from core.client_ip import ip_or_none
from core.context import RequestContext

logger = logging.getLogger("audit")


def security_event_record(
    *,
    kind: SecurityEvent.Kind,
    context: RequestContext | None = None,
    user: Any = None,
    user_id: Any = None,
    session_id: str | None = None,
    ip: str | None = None,
    **details: Any,
) -> SecurityEvent:
    """Stores the event and logs it (without personal data beyond ids) for the log pipeline.

    `session_id` defaults to the context's session. Outside a request (the mail worker), `ip` carries the address
    the request came from.
    """
    context = context or RequestContext()
    ip = context.ip or ip_or_none(ip)
    session_id = session_id or context.session_id
    event = SecurityEvent.objects.create(
        kind=kind,
        user_id=user.pk if user is not None else user_id,
        session_id=session_id,
        ip_address=ip,
        device=context.device,
        details=details,
    )
    logger.info("security_event kind=%s user=%s session=%s ip=%s", kind, event.user_id, session_id, ip)
    # Every security counter derives from here (README "Observability" maps kinds to logins, theft, rate limits).
    metrics.SECURITY_EVENTS.labels(str(kind)).inc()
    if kind == SecurityEvent.Kind.RATE_LIMITED:
        metrics.RATE_LIMITED.labels(str(details.get("scope", "unknown"))).inc()
    return event
