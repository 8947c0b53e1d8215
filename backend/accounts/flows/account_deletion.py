from django.db import transaction

from accounts.flows._common import current_password_check
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from usersessions.models import RevocationReason
from usersessions.services import session_revoke_all


@transaction.atomic
def user_delete(*, context: RequestContext, user: User, current_password: str) -> None:
    """Deletes the row, so the address can register again; session rows (and their tokens) cascade with it."""
    current_password_check(user=user, password=current_password)
    session_revoke_all(user=user, reason=RevocationReason.ACCOUNT_DELETED)
    security_event_record(kind=SecurityEvent.Kind.ACCOUNT_DELETED, context=context, user=user)
    user.delete()
