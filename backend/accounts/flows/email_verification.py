from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts import tokens
from accounts.flows._common import InvalidKeyError
from accounts.models import User
from audit.services import security_event_record
from core.exceptions import ApplicationError
from notifications.tasks import email_verification_send


class EmailAlreadyVerifiedError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Your email address is already verified.", code="already_verified")


def email_verification_start(*, user: User) -> None:
    """Queues the first verification mail, right after signup."""
    email_verification_send.enqueue(user_id=user.pk)


def email_verification_resend(*, user: User) -> None:
    if user.email_verified:
        raise EmailAlreadyVerifiedError()
    email_verification_send.enqueue(user_id=user.pk)


@transaction.atomic
def email_verify(*, key: str, request: HttpRequest | None = None) -> User:
    """The key names the address it was sent to: once verified, or after an address change, it is spent."""
    data = tokens.email_verification_key_read(key=key)
    if data is None:
        raise InvalidKeyError()
    user = (
        User.objects.select_for_update()
        .filter(pk=data["uid"], email=data["email"], is_active=True, email_verified=False)
        .first()
    )
    if user is None:
        raise InvalidKeyError()
    user.email_verified = True
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified", "email_verified_at"])
    security_event_record(kind="email_verified", request=request, user=user)
    return user
