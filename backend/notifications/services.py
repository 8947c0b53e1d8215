"""Renders a message from its .txt and .html templates and hands it to Django's email backend."""

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from accounts.conf import app_settings

PRODUCT_NAME = "Latchkey"

# Template name -> subject. Each name has notifications/<name>.txt and notifications/<name>.html.
SUBJECTS = {
    "email_verification": "Confirm your email address",
    "password_reset": "Reset your password",
    "email_change_confirm": "Confirm your new email address",
    "email_change_taken": "Someone tried to use your email address",
    "email_change_requested": "A change of your email address was requested",
    "email_changed": "Your email address was changed",
    "password_changed": "Your password was changed",
    "password_reset_done": "Your password was reset",
}


def duration_text(seconds: int) -> str:
    """`3 days`, `1 hour`, `30 minutes`: how long an emailed link stays valid."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if (seconds >= size and seconds % size == 0) or unit == "minute":
            count = max(1, round(seconds / size))
            return f"{count} {unit}{'s' if count != 1 else ''}"
    raise AssertionError("unreachable")  # pragma: no cover


def send_message(*, to: str, template: str, context: dict[str, Any] | None = None, subject: str = "") -> None:
    """Every message carries a plain-text and an HTML part. `subject`: instead of the template's own."""
    full_context = {
        "product": PRODUCT_NAME,
        "login_url": app_settings.frontend_link("login"),
        "forgot_password_url": app_settings.frontend_link("forgot_password"),
        **(context or {}),
    }
    text = render_to_string(f"notifications/{template}.txt", full_context)
    html = render_to_string(f"notifications/{template}.html", full_context)
    message = EmailMultiAlternatives(subject=f"{PRODUCT_NAME}: {subject or SUBJECTS[template]}", body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
