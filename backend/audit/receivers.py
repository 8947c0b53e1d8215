from typing import Any

from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.signals import rate_limited


def _rate_limited(
    sender: Any, *, context: RequestContext, scope: str, user_id: Any = None, via: str = "api", **kwargs: Any
) -> None:
    security_event_record(kind=SecurityEvent.Kind.RATE_LIMITED, context=context, user_id=user_id, scope=scope, via=via)


def connect() -> None:
    rate_limited.connect(_rate_limited, dispatch_uid="audit.rate_limited")
