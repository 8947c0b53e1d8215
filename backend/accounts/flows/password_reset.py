import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import emailed_keys
from accounts.conf import app_settings
from accounts.credentials import CredentialChange, credentials_changing
from accounts.email_address import email_lookup_key
from accounts.emailed_keys import KeyState
from accounts.flows._common import ExpiredKeyError, mail_name, new_password_validate
from accounts.models import User
from accounts.signals import address_owner_proven
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.exceptions import ApplicationError
from notifications.services import send_message
from notifications.tasks import security_notice_send


class InvalidResetTokenError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("This reset link is invalid, expired or already used."), code="invalid_token", param="token")


@task()
def password_reset_send(email: str, ip: str = "", requested_at: float | None = None) -> None:
    """Run by the mail worker. The account lookup happens here, not in the request, so the request's timing cannot
    reveal it. An unknown address gets nothing: mailing it would let anyone send our mail to any inbox.

    `requested_at` (Unix seconds): the request knows no epoch (it must not look the account up), so a change of
    credentials after it is told by the time of the change; such a request gets nothing, like any key it voided.
    """
    user = User.objects.filter(email=email_lookup_key(email), is_active=True).first()
    # An account made through another provider (social) has no password yet: a reset sets its first one.
    if user is None:
        return
    changed_at = user.credentials_changed_at
    if requested_at is not None and changed_at is not None and changed_at.timestamp() > requested_at:
        return
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, user=user, ip=ip)
    send_message(
        to=user.email,
        language=user.language,
        template="password_reset",
        context={
            "name": mail_name(user),
            "link": emailed_keys.password_reset_link(user=user),
            "valid_for": app_settings.password_reset_timeout,
        },
    )


def password_reset_request(*, email: str, context: RequestContext) -> None:
    """Only queues the job: no account lookup here, so every address costs the same queries and time."""
    password_reset_send.enqueue(email=email, ip=context.ip or "", requested_at=time.time())


def password_reset_resend(*, uid: str, token: str, context: RequestContext) -> None:
    """The one-click "send a new link" of an expired reset link's page (ASVS 6.5.5).

    The new link goes only to the account's current address, which the old token is bound to (it hashes it), through
    the same mail task as a request by address. Looking the account up here reveals nothing: a genuine token already
    names it, and a forged one is refused whatever account its uid names. Raises InvalidResetTokenError for a forged,
    used, superseded or long-expired link (older than PASSWORD_RESET_TIMEOUT + LINK_RESEND_WINDOW): its page offers
    the forgot-password form instead. A link still valid is accepted too: the click only mails its own owner.
    """
    state, user = emailed_keys.password_reset_key_check(uid=uid, token=token)
    if user is None or state is KeyState.INVALID:
        raise InvalidResetTokenError()
    password_reset_request(email=user.email, context=context)


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str, context: RequestContext) -> User:
    """Sets the password; a change of credentials, so every session and every other emailed key dies with it.

    Raises ExpiredKeyError (param token: genuine, unused, not superseded, past PASSWORD_RESET_TIMEOUT),
    InvalidResetTokenError (forged, used, superseded or long expired link) or a ValidationError on new_password.
    """
    state, user = emailed_keys.password_reset_key_check(uid=uid, token=token)
    if state is KeyState.EXPIRED:
        raise ExpiredKeyError(param="token")
    # Locked and unchanged since the token was checked: of two uses of one link in parallel, one wins.
    if user is not None:
        user = (
            User.objects.select_for_update()
            .filter(pk=user.pk, password=user.password, credential_epoch=user.credential_epoch)
            .first()
        )
    if user is None:
        raise InvalidResetTokenError()
    new_password_validate(user=user, password=new_password)
    with credentials_changing(user=user, change=CredentialChange.PASSWORD_RESET):
        user.set_password(new_password)
        update_fields = ["password"]
        if not user.email_verified:  # the link reached the inbox, which proves the address
            user.email_verified, user.email_verified_at = True, timezone.now()
            update_fields += ["email_verified", "email_verified_at"]
        user.save(update_fields=update_fields)
        address_owner_proven.send(sender=User, user=user)
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET, context=context, user=user)
    security_notice_send.enqueue(
        to=user.email, notice="password_reset_done", name=mail_name(user), language=user.language
    )
    return user
