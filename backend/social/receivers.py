from typing import Any

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import address_owner_proven


@receiver(address_owner_proven)
def _unverified_identities_unlink(*, user: User, **_: Any) -> None:
    from social.flows import social_unverified_unlink

    social_unverified_unlink(user=user)
