from django.db import transaction
from rest_framework.request import Request

from accounts.flows._common import current_password_check
from accounts.models import User
from audit.services import security_event_record
from usersessions.authentication import request_session_id
from usersessions.services import session_revoke_all


@transaction.atomic
def user_delete(*, request: Request, user: User, current_password: str) -> None:
    """Deletes the row, so the address can register again; session rows (and their tokens) cascade with it."""
    current_password_check(user=user, password=current_password)
    session_revoke_all(user=user, reason="account_deleted")
    security_event_record(
        kind="account_deleted", request=request._request, user=user, session_id=request_session_id(request)
    )
    user.delete()
