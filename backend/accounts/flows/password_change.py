from django.db import transaction
from rest_framework.request import Request

from accounts.flows._common import current_password_check, new_password_validate
from accounts.models import User
from audit.services import security_event_record
from notifications.tasks import security_notice_send
from usersessions.authentication import request_session_id
from usersessions.services import TokenPair, session_revoke_all, session_tokens_reissue


@transaction.atomic
def password_change(*, request: Request, user: User, current_password: str, new_password: str) -> TokenPair:
    """Signs out every other session; this one goes on with a fresh pair, since it just proved the password.

    The user row stays locked from the check to the commit: a parallel change must then prove the new password
    (no lost update), and a parallel login waits, sees the new hash and fails (accounts.services.user_login).
    """
    user = User.objects.select_for_update().get(pk=user.pk)  # request.user may be a cached, older copy
    current_password_check(user=user, password=current_password)
    new_password_validate(user=user, password=new_password)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # Authentication accepts only access tokens that name their session, so there is always one to keep.
    session_id = str(request_session_id(request))
    session_revoke_all(user=user, reason="password_changed", keep_session_id=session_id)
    tokens = session_tokens_reissue(user=user, session_id=session_id)
    security_event_record(kind="password_changed", request=request._request, user=user, session_id=session_id)
    security_notice_send.enqueue(to=user.email, notice="password_changed", name=user.name)
    return tokens
