from typing import Any

from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.signals import rate_limited


def _rate_limited(sender: Any, *, context: RequestContext, scope: str, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.RATE_LIMITED, context=context, scope=scope)


def connect() -> None:
    rate_limited.connect(_rate_limited, dispatch_uid="audit.rate_limited")
