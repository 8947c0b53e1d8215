"""Mail jobs that carry no business rule: security notices. (Jobs whose content is decided by a flow, such as the
verification, email-change and reset links, live with their flow in accounts.flows.)

Arguments are ids, addresses and the recipient's language only, so no secret is stored in the queue table or its
logs.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import task

from notifications.services import send_message

# Security notices that need no more than the recipient's name and a timestamp.
NOTICES = ("password_changed", "password_reset_done", "email_changed", "email_change_requested")


# Changes of second factors and ways in: notice -> subject. One template (mfa_notice) tells them all, each in a
# sentence of its own (notifications/_mfa_notice_sentence.txt).
MFA_NOTICES = {
    "totp_enabled": gettext_lazy("Two-factor authentication was turned on"),
    "totp_disabled": gettext_lazy("Two-factor authentication was turned off"),
    "passkey_added": gettext_lazy("A passkey was added"),
    "passkey_removed": gettext_lazy("A passkey was removed"),
    "recovery_codes_regenerated": gettext_lazy("New recovery codes were created"),
    "recovery_code_used": gettext_lazy("A recovery code was used"),
    "social_linked": gettext_lazy("A sign-in provider was connected"),
    "social_unlinked": gettext_lazy("A sign-in provider was disconnected"),
}


@task()
def security_notice_send(
    to: str, notice: str, name: str = "", new_email: str = "", remaining: int = -1, language: str = "en"
) -> None:
    """`remaining`: how many recovery codes are left (recovery_code_used). `language`: the recipient's (jobs
    queued before it existed were English)."""
    context = {"name": name, "new_email": new_email, "when": timezone.now(), "remaining": remaining}
    if notice in MFA_NOTICES:
        send_message(
            to=to,
            language=language,
            template="mfa_notice",
            context={**context, "notice": notice},
            subject=MFA_NOTICES[notice],
        )
        return
    if notice not in NOTICES:
        raise ValueError(f"Unknown notice {notice!r}")
    send_message(to=to, language=language, template=notice, context=context)
