"""Revocation through the shared cache: fast when the cache is healthy, never wrong when it is not."""

import time
from http import HTTPStatus

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from core.context import RequestContext
from usersessions.liveness import revocations
from usersessions.revocation_feed import SENTINEL_KEY
from usersessions.services import session_revoke_all, session_start

ME = "/api/auth/me/"
REDIS = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/11",
        "KEY_PREFIX": "revocation-tests",
    }
}
UNREACHABLE = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def _me(access: str) -> int:
    return APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {access}").status_code


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = REDIS
    cache.clear()
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
    revocations.reset()
    yield
    cache.clear()


@pytest.mark.django_db
def test_revoked_session_is_refused_from_the_cache_without_a_query(redis_cache, user, django_assert_num_queries):
    pair = session_start(user=user, context=RequestContext())
    session_revoke_all(user=user, reason="test")

    with django_assert_num_queries(0):
        assert _me(pair.access) == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_after_the_cache_loses_its_data_the_database_decides(redis_cache, user, django_assert_num_queries):
    pair = session_start(user=user, context=RequestContext())
    session_revoke_all(user=user, reason="test")
    cache.clear()  # what a Redis restart without persistence does: every revocation marker is gone

    with django_assert_num_queries(1):
        assert _me(pair.access) == HTTPStatus.UNAUTHORIZED
    # The sentinel is back, but young: the cache is not trusted until older tokens have expired.
    assert cache.get(SENTINEL_KEY) is not None
    assert _me(pair.access) == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_revocation_made_while_the_cache_is_down_still_holds(settings, user):
    settings.CACHES = REDIS
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
    revocations.reset()
    pair = session_start(user=user, context=RequestContext())
    assert _me(pair.access) == HTTPStatus.OK

    settings.CACHES = UNREACHABLE
    session_revoke_all(user=user, reason="test")  # the marker cannot be written
    assert _me(pair.access) == HTTPStatus.UNAUTHORIZED  # the database answers meanwhile

    settings.CACHES = REDIS  # the cache is back, without the marker
    assert _me(pair.access) == HTTPStatus.UNAUTHORIZED
    assert cache.get(f"session-revoked:{pair_sid(pair.access)}") == 1  # the pending marker was written
    cache.clear()


def pair_sid(access: str) -> str:
    import jwt

    return jwt.decode(access, options={"verify_signature": False})["sid"]


@pytest.mark.django_db
def test_the_api_keeps_answering_when_the_cache_is_unreachable(settings, user):
    pair = session_start(user=user, context=RequestContext())
    settings.CACHES = UNREACHABLE
    revocations.reset()

    started = time.monotonic()
    assert _me(pair.access) == HTTPStatus.OK
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_per_process_cache_is_never_trusted(settings, user, django_assert_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
    pair = session_start(user=user, context=RequestContext())

    # Another process's revocation would never reach this cache: the database must answer every time.
    with django_assert_num_queries(1):
        assert _me(pair.access) == HTTPStatus.OK
