from typing import Any

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import address_owner_proven


@receiver(address_owner_proven)
def _unproven_factors_remove(*, user: User, **_: Any) -> None:
    from mfa.flows import factors_of_unproven_address_remove

    factors_of_unproven_address_remove(user=user)
