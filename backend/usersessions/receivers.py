"""Keeps the cached user and the sessions consistent with any change to a user, wherever it is made (admin too)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.credentials import CredentialChange, credentials_change_detect, credentials_changed
from accounts.models import User
from usersessions.liveness import user_forget


@receiver(post_save, sender=User)
def user_saved(
    sender: type[User], instance: User, created: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return  # every login writes it; nothing a request reads from a cached user depends on it
    user_forget(instance.pk)
    if created:
        return
    # A change of credentials nobody declared (the admin, `manage.py changepassword`, a shell) still ends every
    # session and voids every emailed key issued before it.
    change = credentials_change_detect(instance)
    if change is None and not instance.is_active:
        change = CredentialChange.DEACTIVATED
    if change is not None:
        credentials_changed(user=instance, change=change)


@receiver(post_delete, sender=User)
def user_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    user_forget(instance.pk)
