from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts import tokens
from accounts.flows._common import new_password_validate
from accounts.models import User
from audit.services import security_event_record
from core.exceptions import ApplicationError
from notifications.tasks import password_reset_send, security_notice_send
from usersessions.services import session_revoke_all


class InvalidResetTokenError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("This reset link is invalid, expired or already used.", code="invalid_token", param="token")


def password_reset_request(*, email: str, ip: str = "") -> None:
    """Only queues the job: no account lookup here, so every address costs the same queries and time."""
    password_reset_send.enqueue(email=email, ip=ip)


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str, request: HttpRequest | None = None) -> User:
    user = tokens.password_reset_user_get(uid=uid, token=token)
    # Locked and unchanged since the token was checked: of two uses of one link in parallel, one wins.
    if user is not None:
        user = User.objects.select_for_update().filter(pk=user.pk, password=user.password).first()
    if user is None:
        raise InvalidResetTokenError()
    new_password_validate(user=user, password=new_password)
    # The new hash changes the token's input, which makes this link (and any other outstanding one) unusable.
    user.set_password(new_password)
    update_fields = ["password"]
    if not user.email_verified:  # the link reached the inbox, which proves the address
        user.email_verified, user.email_verified_at = True, timezone.now()
        update_fields += ["email_verified", "email_verified_at"]
    user.save(update_fields=update_fields)
    session_revoke_all(user=user, reason="password_reset")
    security_event_record(kind="password_reset", request=request, user=user)
    security_notice_send.enqueue(to=user.email, notice="password_reset_done", name=user.name)
    return user
