"""Reads about a user's ways in."""

from accounts.models import User
from social.models import SocialAccount


def ways_in(user: User, *, without: str = "") -> list[str]:
    """The ways this account can still be signed in to, other than `without` (a passkey's or a social account's
    id): "password", "passkey:<id>", "social:<id>". A TOTP app is not one: it is a second factor, never a first.
    The one home of "never remove the last way in" (social unlinking, passkey removal)."""
    from mfa.models import Passkey  # mfa's flows import this module

    ways = ["password"] if user.has_usable_password() else []
    ways += [f"passkey:{pk}" for pk in Passkey.objects.filter(user=user).values_list("pk", flat=True)]
    ways += [f"social:{pk}" for pk in SocialAccount.objects.filter(user=user).values_list("pk", flat=True)]
    return [way for way in ways if not without or way.split(":", 1)[-1] != without]
