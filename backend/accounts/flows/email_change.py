"""Email change: the address changes only when the link sent to the new address is used.

A taken address is answered exactly like a free one (202); its owner gets a note instead of a link.
"""

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from accounts import tokens
from accounts.flows._common import InvalidKeyError, current_password_check
from accounts.models import User, email_normalize
from audit.services import security_event_record
from core.exceptions import ApplicationError
from notifications.tasks import email_change_send, security_notice_send
from usersessions.authentication import request_session_id


class SameEmailError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("This is already your email address.", code="same_email", param="new_email")


class EmailChangeTakenError(ApplicationError):
    def __init__(self) -> None:
        super().__init__("This address now belongs to another account.", code="email_taken", param="key")


def email_change_request(*, request: Request, user: User, new_email: str, current_password: str) -> None:
    current_password_check(user=user, password=current_password)
    new_email = email_normalize(new_email)
    if new_email == user.email:
        raise SameEmailError()
    # Whether the address is taken is decided in the task, so neither the answer nor its timing depends on it.
    email_change_send.enqueue(user_id=user.pk, new_email=new_email)
    security_event_record(
        kind="email_change_requested", request=request._request, user=user, session_id=request_session_id(request)
    )


@transaction.atomic
def email_change_confirm(*, key: str, request: HttpRequest | None = None) -> User:
    data = tokens.email_change_key_read(key=key)
    if data is None:
        raise InvalidKeyError()
    # Bound to the address at request time: after this (or any other) change the key is spent.
    user = User.objects.select_for_update().filter(pk=data["uid"], email=data["old"], is_active=True).first()
    if user is None:
        raise InvalidKeyError()
    old_email, new_email = user.email, str(data["new"])
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        raise EmailChangeTakenError()
    user.email = new_email
    user.email_verified, user.email_verified_at = True, timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified", "email_verified_at"])
    except IntegrityError as exc:  # taken by a parallel registration
        raise EmailChangeTakenError() from exc
    security_event_record(kind="email_changed", request=request, user=user, old_email=old_email)
    security_notice_send.enqueue(to=old_email, notice="email_changed", name=user.name, new_email=new_email)
    return user
