import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.context import RequestContext
from tokens.keyring import keyring
from usersessions.liveness import revocations
from usersessions.revocation_feed import SENTINEL_KEY, feed
from usersessions.services import TokenPair, session_start


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits and revocations live in the cache; each test starts from an empty, healthy one."""
    cache.clear()
    # An old sentinel says "this cache has held every revocation for long enough": the fast path is trusted.
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
    revocations.reset()
    feed.reset()
    keyring.clear()
    yield
    cache.clear()
    revocations.reset()
    feed.reset()
    keyring.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """LocaleMiddleware activates each request's language in its thread and nothing resets it afterwards (a
    server's next request activates its own): a test starts and ends in the default language, whatever the last
    request of the test before asked for."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user_password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def user(db) -> User:
    return UserFactory(email="ann@example.com", name="Ann Example")


@pytest.fixture
def tokens(user) -> TokenPair:
    return session_start(user=user, context=RequestContext())


@pytest.fixture
def auth_client(tokens) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
    return client


@pytest.fixture
def throttle_rates(settings):
    """Sets small limits for one scope: `throttle_rates(login="2/min")`."""

    def apply(**rates: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return apply


@pytest.fixture
def run_tasks(db):
    """Runs the queued mail tasks through the real database worker: `run_tasks()` returns how many ran."""
    from notifications.tests.utils import queued_tasks_run

    return queued_tasks_run
