"""Email change: the address changes only when the link sent to the new address is used.

A taken address is answered exactly like a free one (202); its owner gets a note instead of a link.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import emailed_keys
from accounts.conf import app_settings
from accounts.credentials import CredentialChange, credentials_changing
from accounts.email_address import email_normalize
from accounts.flows._common import InvalidKeyError, current_password_check, key_require_valid, mail_name
from accounts.flows.outcomes import KeyOutcome
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.exceptions import ApplicationError
from notifications.services import send_message
from notifications.tasks import security_notice_send


class SameEmailError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("This is already your email address."), code="same_email", param="new_email")


class EmailChangeTakenError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("This address now belongs to another account."), code="email_taken", param="key")


@task()
def email_change_send(user_id: int, new_email: str, credential_epoch: int = 0) -> None:
    """Run by the mail worker. A taken address gets a note instead of a link, so the requester learns nothing about
    other accounts. Nothing is sent once the credentials changed since the request (the link would be void).
    The new address is unproven: its mail carries nothing the requester typed, not even the account's name."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.credential_epoch != credential_epoch:
        return
    try:
        new_email = email_normalize(new_email)  # already canonical when queued; a no-op unless the rule changed since
    except ValidationError:
        return
    owner = User.objects.filter(email=new_email).exclude(pk=user.pk).first()
    if owner is not None:  # the note goes to another account's owner: in that owner's language
        send_message(to=new_email, language=owner.language, template="email_change_taken", context={})
    else:
        send_message(
            to=new_email,
            language=user.language,
            template="email_change_confirm",
            context={
                "link": emailed_keys.email_change_link(
                    user=user, new_email=new_email, credential_epoch=credential_epoch
                ),
                "valid_for": app_settings.email_change_timeout,
            },
        )
    send_message(
        to=user.email,
        language=user.language,
        template="email_change_requested",
        # The requested address is the requester's text too: named only to an owner who proved this address.
        context={
            "name": mail_name(user),
            "new_email": new_email if user.email_verified else "",
            "when": timezone.now(),
        },
    )


def email_change_request(*, context: RequestContext, user: User, new_email: str, current_password: str) -> None:
    current_password_check(user=user, password=current_password)
    try:
        new_email = email_normalize(new_email)
    except ValidationError as exc:
        raise ValidationError({"new_email": exc.error_list}) from exc
    if new_email == user.email:
        raise SameEmailError()
    # Whether the address is taken is decided in the task, so neither the answer nor its timing depends on it.
    email_change_send.enqueue(user_id=user.pk, new_email=new_email, credential_epoch=user.credential_epoch)
    security_event_record(kind=SecurityEvent.Kind.EMAIL_CHANGE_REQUESTED, context=context, user=user)


@transaction.atomic
def email_change_confirm(*, key: str, context: RequestContext) -> KeyOutcome:
    """Changes the address and counts it as verified; a change of credentials, so every session ends.

    The key is bound to the address at request time and to the credential epoch: after this or any other address
    change, a password change or reset, it is spent. Opening it again after it worked answers ALREADY_CHANGED.
    Raises ExpiredKeyError (genuine and current but past EMAIL_CHANGE_TIMEOUT), InvalidKeyError (forged, superseded,
    or spent and expired) or EmailChangeTakenError.
    """
    signed = emailed_keys.email_change_key_read(key=key)
    if signed is None:
        raise InvalidKeyError()
    data = signed.data
    user = User.objects.select_for_update().filter(pk=data["uid"], is_active=True).first()
    if user is None:
        raise InvalidKeyError()
    if user.email == data["new"] and not signed.expired:
        return KeyOutcome.ALREADY_CHANGED
    current = user.email == data["old"] and emailed_keys.issued_under_current_epoch(data=data, user=user)
    key_require_valid(signed.state(current=current))
    old_email, new_email, old_name = user.email, str(data["new"]), mail_name(user)
    old_verified = user.email_verified
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        raise EmailChangeTakenError()
    user.email = new_email
    user.email_verified, user.email_verified_at = True, timezone.now()
    with credentials_changing(user=user, change=CredentialChange.EMAIL_CHANGED):
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "email_verified", "email_verified_at"])
        except IntegrityError as exc:  # taken by a parallel registration
            raise EmailChangeTakenError() from exc
    security_event_record(kind=SecurityEvent.Kind.EMAIL_CHANGED, context=context, user=user, old_email=old_email)
    # The old address gets the name and the new address only if this account had proven it.
    security_notice_send.enqueue(
        to=old_email,
        notice="email_changed",
        name=old_name,
        new_email=new_email if old_verified else "",
        language=user.language,
    )
    return KeyOutcome.EMAIL_CHANGED
