"""Mail jobs that carry no business rule: security notices. (Jobs whose content is decided by a flow, such as the
verification, email-change and reset links, live with their flow in accounts.flows.)

Arguments are ids and addresses only, so no secret is stored in the queue table or its logs.
"""

from django.utils import timezone
from django_tasks import task

from notifications.services import send_message

# Security notices that need no more than the recipient's name and a timestamp.
NOTICES = ("password_changed", "password_reset_done", "email_changed", "email_change_requested")


@task()
def security_notice_send(to: str, notice: str, name: str = "", new_email: str = "") -> None:
    if notice not in NOTICES:
        raise ValueError(f"Unknown notice {notice!r}")
    send_message(to=to, template=notice, context={"name": name, "new_email": new_email, "when": timezone.now()})
