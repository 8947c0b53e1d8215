"""Keeps the cached user and the sessions consistent with any change to a user, wherever it is made (admin too)."""

import contextlib
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from usersessions.revocation_feed import feed
from usersessions.selectors import user_cache_key


def _forget_user(user_id: object) -> None:
    """Drops every cached copy of the user. If the cache is down, its copy expires by itself, and a process whose
    feed misses the message reloads its users when the feed resyncs."""
    with contextlib.suppress(Exception):
        cache.delete(user_cache_key(user_id))
    with contextlib.suppress(Exception):
        feed.publish(users=[str(user_id)], wait=False)


@receiver(post_save, sender=User)
def user_saved(sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return  # every login writes it; nothing a request reads from a cached user depends on it
    _forget_user(instance.pk)
    if not instance.is_active:
        from usersessions.services import session_revoke_all

        session_revoke_all(user=instance, reason="deactivated")


@receiver(post_delete, sender=User)
def user_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    _forget_user(instance.pk)
