"""Renders a message from its .txt and .html templates and hands it to Django's email backend."""

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, ngettext

from accounts.conf import app_settings
from core.i18n import language_supported

PRODUCT_NAME = "Latchkey"

# Template name -> subject. Each name has notifications/<name>.txt and notifications/<name>.html.
SUBJECTS = {
    "email_verification": gettext_lazy("Confirm your email address"),
    "password_reset": gettext_lazy("Reset your password"),
    "email_change_confirm": gettext_lazy("Confirm your new email address"),
    "email_change_taken": gettext_lazy("Someone tried to use your email address"),
    "email_change_requested": gettext_lazy("A change of your email address was requested"),
    "email_changed": gettext_lazy("Your email address was changed"),
    "password_changed": gettext_lazy("Your password was changed"),
    "password_reset_done": gettext_lazy("Your password was reset"),
}


def duration_text(seconds: int) -> str:
    """`3 days`, `1 hour`, `30 minutes`: how long an emailed link stays valid, in the active language."""
    units = (
        (86400, lambda n: ngettext("%(count)d day", "%(count)d days", n)),
        (3600, lambda n: ngettext("%(count)d hour", "%(count)d hours", n)),
        (60, lambda n: ngettext("%(count)d minute", "%(count)d minutes", n)),
    )
    for size, text in units:
        if (seconds >= size and seconds % size == 0) or size == 60:
            count = max(1, round(seconds / size))
            return text(count) % {"count": count}
    raise AssertionError("unreachable")  # pragma: no cover


def send_message(
    *, to: str, language: str, template: str, context: dict[str, Any] | None = None, subject: str | Promise = ""
) -> None:
    """Every message carries a plain-text and an HTML part, in `language` (the recipient's: a mail worker has no
    request to take one from). `subject`: instead of the template's own (a lazy string, translated here)."""
    full_context = {
        "product": PRODUCT_NAME,
        "login_url": app_settings.frontend_link("login"),
        "forgot_password_url": app_settings.frontend_link("forgot_password"),
        **(context or {}),
    }
    with translation.override(language_supported(language)):
        text = render_to_string(f"notifications/{template}.txt", full_context)
        html = render_to_string(f"notifications/{template}.html", full_context)
        title = str(subject or SUBJECTS[template])
    message = EmailMultiAlternatives(subject=f"{PRODUCT_NAME}: {title}", body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
