"""`{{ value|unlinkable }}`: how every piece of user-supplied text is printed in a mail (core.text.inline_unlinkable).
In HTML the result is still autoescaped. `{{ seconds|duration }}`: how long a link stays valid, in the mail's
language (rendered inside the recipient's language, so the flows pass seconds, not text)."""

from django import template

from core.text import inline_unlinkable
from notifications.services import duration_text

register = template.Library()


@register.filter
def unlinkable(value: object) -> str:
    return inline_unlinkable(str(value))


@register.filter
def duration(value: object) -> str:
    return duration_text(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)
