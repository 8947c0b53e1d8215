"""Keeps the cached user and the sessions consistent with any change to a user, wherever it is made (admin too)."""

import contextlib
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from usersessions.revocation_feed import feed
from usersessions.selectors import user_cache_key


@receiver(post_save, sender=User)
def user_saved(sender: type[User], instance: User, **kwargs: Any) -> None:
    # If the cache is down, the cached copy expires by itself; a deactivation below still revokes every session.
    with contextlib.suppress(Exception):
        cache.delete(user_cache_key(instance.pk))
    with contextlib.suppress(Exception):
        feed.publish(users=[str(instance.pk)], wait=False)
    with contextlib.suppress(Exception):  # a process that misses this reloads users when its feed resyncs
        feed.publish(users=[str(instance.pk)], wait=False)
    if not instance.is_active:
        from usersessions.services import session_revoke_all

        session_revoke_all(user=instance, reason="deactivated")


@receiver(post_delete, sender=User)
def user_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    with contextlib.suppress(Exception):
        cache.delete(user_cache_key(instance.pk))
    with contextlib.suppress(Exception):
        feed.publish(users=[str(instance.pk)], wait=False)
