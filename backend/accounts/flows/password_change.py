from django.db import transaction

from accounts.credentials import CredentialChange, credentials_changing
from accounts.flows._common import current_password_check, mail_name, new_password_validate
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from notifications.tasks import security_notice_send
from usersessions.services import TokenPair, session_continue


@transaction.atomic
def password_change(*, context: RequestContext, user: User, current_password: str, new_password: str) -> TokenPair:
    """A change of credentials: every session ends, this device's included, and every token issued before is dead
    at once. The device that proved the password goes on under a new session, whose pair is returned.

    The user row stays locked from the check to the commit: a parallel change must then prove the new password
    (no lost update), and a parallel login waits, sees the new hash and fails (accounts.services.user_login).
    """
    user = User.objects.select_for_update().get(pk=user.pk)  # request.user may be a cached, older copy
    current_password_check(user=user, password=current_password)
    new_password_validate(user=user, password=new_password)
    with credentials_changing(user=user, change=CredentialChange.PASSWORD_CHANGED):
        user.set_password(new_password)
        user.save(update_fields=["password"])
    tokens = session_continue(user=user, context=context)
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_CHANGED, context=context, user=user, session_id=tokens.session_id
    )
    security_notice_send.enqueue(to=user.email, notice="password_changed", name=mail_name(user), language=user.language)
    return tokens
