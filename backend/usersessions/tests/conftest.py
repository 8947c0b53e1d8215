import time

import pytest
from django.core.cache import cache

from usersessions.revocation_feed import SENTINEL_KEY, feed
from usersessions.tests.test_revocation_feed import REDIS


@pytest.fixture
def pushed(settings):
    """Revocation push on a Redis cache whose sentinel is a day old, so the feed may be trusted once synced."""
    settings.CACHES = REDIS
    settings.SESSION_REVOCATION_PUSH = True
    cache.clear()
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
    feed.reset()
    yield
    feed.reset()
    settings.CACHES = REDIS  # a test may have pointed the cache elsewhere
    cache.clear()
