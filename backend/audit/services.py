"""Security events: what happened to an account, when, from where. Append-only."""

import logging
from typing import Any

from django.utils import timezone

from audit.conf import audit_settings
from audit.models import SecurityEvent
from core import metrics
from core.client_ip import ip_or_none
from core.context import RequestContext
from core.db import delete_in_batches

logger = logging.getLogger("audit")


def security_event_new(
    *,
    kind: SecurityEvent.Kind,
    context: RequestContext | None = None,
    user: Any = None,
    user_id: Any = None,
    session_id: str | None = None,
    ip: str | None = None,
    **details: Any,
) -> SecurityEvent:
    """The event security_event_record stores, not saved yet: for a caller that writes it in a statement of its own
    (accounts.services.user_sign_in) and then calls security_event_logged. Arguments as security_event_record's."""
    context = context or RequestContext()
    return SecurityEvent(
        kind=kind,
        user_id=user.pk if user is not None else user_id,
        session_id=session_id or context.session_id,
        ip_address=context.ip or ip_or_none(ip),
        device=context.device,
        details=details,
    )


def security_event_logged(event: SecurityEvent) -> None:
    """The log line and the metrics (core.metrics) of a stored event (without personal data beyond ids)."""
    logger.info(
        "security_event kind=%s user=%s session=%s ip=%s", event.kind, event.user_id, event.session_id, event.ip_address
    )
    # Every security counter derives from here (README "Observability" maps kinds to logins, theft, rate limits).
    metrics.SECURITY_EVENTS.labels(str(event.kind)).inc()
    if event.kind == SecurityEvent.Kind.RATE_LIMITED:
        metrics.RATE_LIMITED.labels(str(event.details.get("scope", "unknown"))).inc()


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
    event = security_event_new(
        kind=kind, context=context, user=user, user_id=user_id, session_id=session_id, ip=ip, **details
    )
    event.save(force_insert=True)
    security_event_logged(event)
    return event


def security_event_cleanup() -> int:
    """Deletes events older than SECURITY_EVENT_RETENTION_DAYS (none when it is 0); run by cleanup_sessions.

    In batches along the `created_at` index, oldest first: bounded memory and short transactions on any table size.
    """
    retention = audit_settings.event_retention
    if retention is None:
        return 0
    old = SecurityEvent.objects.filter(created_at__lt=timezone.now() - retention)
    return delete_in_batches(old, order_by="created_at")
