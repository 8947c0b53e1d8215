"""Mail jobs that carry no business rule: security notices. (Jobs whose content is decided by a flow, such as the
verification, email-change and reset links, live with their flow in accounts.flows.)

Arguments are ids and addresses only, so no secret is stored in the queue table or its logs.
"""

from django.utils import timezone
from django_tasks import task

from notifications.services import send_message

# Security notices that need no more than the recipient's name and a timestamp.
NOTICES = ("password_changed", "password_reset_done", "email_changed", "email_change_requested")


# Changes of second factors: notice -> (subject, what happened). One template (mfa_notice) tells them all.
MFA_NOTICES = {
    "totp_enabled": ("Two-factor authentication was turned on", "an authenticator app was set up as a second factor"),
    "totp_disabled": ("Two-factor authentication was turned off", "the authenticator app was removed"),
    "passkey_added": ("A passkey was added", "a new passkey was added"),
    "passkey_removed": ("A passkey was removed", "a passkey was removed"),
    "recovery_codes_regenerated": ("New recovery codes were created", "new recovery codes were created"),
    "recovery_code_used": ("A recovery code was used", "a recovery code was used to sign in"),
    "social_linked": ("A sign-in provider was connected", "another provider was connected as a way to sign in"),
    "social_unlinked": ("A sign-in provider was disconnected", "a provider was disconnected as a way to sign in"),
}


@task()
def security_notice_send(to: str, notice: str, name: str = "", new_email: str = "", remaining: int = -1) -> None:
    """`remaining`: how many recovery codes are left (recovery_code_used)."""
    context = {"name": name, "new_email": new_email, "when": timezone.now(), "remaining": remaining}
    if notice in MFA_NOTICES:
        subject, what = MFA_NOTICES[notice]
        send_message(to=to, template="mfa_notice", context={**context, "what": what}, subject=subject)
        return
    if notice not in NOTICES:
        raise ValueError(f"Unknown notice {notice!r}")
    send_message(to=to, template=notice, context=context)
