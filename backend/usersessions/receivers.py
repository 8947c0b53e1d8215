"""Keeps the cached user and the sessions consistent with any change to a user, wherever it is made (admin too)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.credentials import CredentialChange, credentials_changed
from accounts.models import User
from usersessions.liveness import user_forget


@receiver(post_save, sender=User)
def user_saved(sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return  # every login writes it; nothing a request reads from a cached user depends on it
    user_forget(instance.pk)
    if not instance.is_active:
        # Deactivation is a change of credentials: every session and emailed key issued before it dies.
        credentials_changed(user=instance, change=CredentialChange.DEACTIVATED)


@receiver(post_delete, sender=User)
def user_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    user_forget(instance.pk)
