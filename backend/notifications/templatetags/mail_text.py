"""`{{ value|unlinkable }}`: how every piece of user-supplied text is printed in a mail (core.text.inline_unlinkable).
In HTML the result is still autoescaped."""

from django import template

from core.text import inline_unlinkable

register = template.Library()


@register.filter
def unlinkable(value: object) -> str:
    return inline_unlinkable(str(value))
