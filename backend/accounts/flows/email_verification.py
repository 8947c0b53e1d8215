from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import emailed_keys
from accounts.conf import app_settings
from accounts.flows._common import InvalidKeyError, key_require_valid
from accounts.flows.outcomes import KeyOutcome
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.exceptions import ApplicationError
from notifications.services import send_message


class EmailAlreadyVerifiedError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("Your email address is already verified."), code="already_verified")


@task()
def email_verification_send(user_id: int, credential_epoch: int = 0) -> None:
    """Run by the mail worker. The key carries the epoch of the request, so a change since voids it. The address is
    unproven, so the mail carries nothing the registrant typed (accounts.flows._common.mail_name)."""
    user = User.objects.filter(pk=user_id, is_active=True, email_verified=False).first()
    if user is None or user.credential_epoch != credential_epoch:  # verified, deleted or changed in the meantime
        return
    send_message(
        to=user.email,
        language=user.language,
        template="email_verification",
        context={
            "link": emailed_keys.email_verification_link(user=user, credential_epoch=credential_epoch),
            "valid_for": app_settings.email_verification_timeout,
        },
    )


def email_verification_start(*, user: User) -> None:
    """Queues the first verification mail, right after signup."""
    email_verification_send.enqueue(user_id=user.pk, credential_epoch=user.credential_epoch)


def email_verification_resend(*, user: User) -> None:
    if user.email_verified:
        raise EmailAlreadyVerifiedError()
    email_verification_send.enqueue(user_id=user.pk, credential_epoch=user.credential_epoch)


@transaction.atomic
def email_verify(*, key: str, context: RequestContext) -> KeyOutcome:
    """The key names the address it was sent to: after an address change it is spent. Opening it again once the
    address is verified (by this link, another one or a password reset) answers ALREADY_VERIFIED.

    Raises ExpiredKeyError for a genuine, current key past its age, InvalidKeyError for a forged, superseded or
    (once expired) spent one.
    """
    signed = emailed_keys.email_verification_key_read(key=key)
    if signed is None:
        raise InvalidKeyError()
    data = signed.data
    user = User.objects.select_for_update().filter(pk=data["uid"], email=data["email"], is_active=True).first()
    if user is None:
        raise InvalidKeyError()
    if user.email_verified and not signed.expired:
        return KeyOutcome.ALREADY_VERIFIED
    current = not user.email_verified and emailed_keys.issued_under_current_epoch(data=data, user=user)
    key_require_valid(signed.state(current=current))
    user.email_verified = True
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified", "email_verified_at"])
    security_event_record(kind=SecurityEvent.Kind.EMAIL_VERIFIED, context=context, user=user)
    return KeyOutcome.VERIFIED
