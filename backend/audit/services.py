"""Security events: what happened to an account, when, from where. Append-only."""

import ipaddress
import logging
from typing import Any

from django.http import HttpRequest

from audit.models import SecurityEvent
from core.client_ip import client_ip

logger = logging.getLogger("audit")


def _valid_ip(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


def _request_origin(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    from usersessions.devices import device_describe

    return _valid_ip(client_ip(request)), device_describe(request.META.get("HTTP_USER_AGENT", "")[:512])


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: Any = None,
    user_id: Any = None,
    session_id: str | None = None,
    ip: str | None = None,
    **details: Any,
) -> SecurityEvent:
    """Stores the event and logs it (without personal data beyond ids) for the log pipeline.

    Outside a request (the mail worker), `ip` carries the address the request came from.
    """
    request_ip, device = _request_origin(request)
    ip = request_ip or _valid_ip(ip)
    event = SecurityEvent.objects.create(
        kind=kind,
        user_id=user.pk if user is not None else user_id,
        session_id=session_id,
        ip_address=ip,
        device=device,
        details=details,
    )
    logger.info("security_event kind=%s user=%s session=%s ip=%s", kind, event.user_id, session_id, ip)
    return event
