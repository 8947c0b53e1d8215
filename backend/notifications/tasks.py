"""Mail jobs run by the worker (`manage.py db_worker`), off the request path.

Arguments are ids and addresses only: keys and links are made here, at send time, so no secret is stored in
the queue table or its logs.
"""

from django.utils import timezone
from django_tasks import task

from accounts import tokens
from accounts.conf import app_settings
from accounts.models import User, email_normalize
from audit.services import security_event_record
from notifications.services import duration_text, send_message

# Security notices that need no more than the recipient's name and a timestamp.
NOTICES = ("password_changed", "password_reset_done", "email_changed", "email_change_requested")


@task()
def email_verification_send(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True, email_verified=False).first()
    if user is None:  # verified or deleted in the meantime
        return
    send_message(
        to=user.email,
        template="email_verification",
        context={
            "name": user.name,
            "link": tokens.email_verification_link(user=user),
            "valid_for": duration_text(app_settings.email_verification_timeout),
        },
    )


@task()
def password_reset_send(email: str, ip: str = "") -> None:
    """The account lookup happens here, not in the request, so the request's timing cannot reveal it.

    An unknown address gets nothing: mailing it would let anyone send our mail to any inbox.
    """
    user = User.objects.filter(email=email_normalize(email), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    security_event_record(kind="password_reset_requested", user=user, ip=ip)
    send_message(
        to=user.email,
        template="password_reset",
        context={
            "name": user.name,
            "link": tokens.password_reset_link(user=user),
            "valid_for": duration_text(app_settings.password_reset_timeout),
        },
    )


@task()
def email_change_send(user_id: int, new_email: str) -> None:
    """A taken address gets a note instead of a link, so the requester learns nothing about other accounts."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    new_email = email_normalize(new_email)
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        send_message(to=new_email, template="email_change_taken", context={})
    else:
        send_message(
            to=new_email,
            template="email_change_confirm",
            context={
                "name": user.name,
                "link": tokens.email_change_link(user=user, new_email=new_email),
                "valid_for": duration_text(app_settings.email_change_timeout),
            },
        )
    send_message(
        to=user.email,
        template="email_change_requested",
        context={"name": user.name, "new_email": new_email, "when": timezone.now()},
    )


@task()
def security_notice_send(to: str, notice: str, name: str = "", new_email: str = "") -> None:
    if notice not in NOTICES:
        raise ValueError(f"Unknown notice {notice!r}")
    send_message(to=to, template=notice, context={"name": name, "new_email": new_email, "when": timezone.now()})
