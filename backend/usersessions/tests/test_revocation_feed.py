"""Pushed revocations: no round trip per request, and a revocation is in every process's memory before it returns."""

import time
from http import HTTPStatus

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from core.context import RequestContext
from usersessions.revocation_feed import feed
from usersessions.services import session_revoke_all, session_start

ME = "/api/auth/me/"
REDIS = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/11", "KEY_PREFIX": "feed"}}


def _client(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def _feed_ready(user) -> None:
    """Starts the subscriber (the first authenticated request does) and waits for it to sync."""
    _client(session_start(user=user, context=RequestContext()).access).get(ME)
    _wait_until(lambda: feed.lookup("none", str(user.pk)) is not None)


@pytest.mark.django_db
def test_authenticated_requests_need_neither_the_database_nor_redis(
    pushed, user, monkeypatch, django_assert_num_queries
):
    _feed_ready(user)
    pair = session_start(user=user, context=RequestContext())
    _client(pair.access).get(ME)  # reads the user once
    broken = []
    monkeypatch.setattr(caches["default"], "get_many", lambda *a, **k: broken.append(1) or {})

    with django_assert_num_queries(0):
        assert _client(pair.access).get(ME).status_code == HTTPStatus.OK
    assert broken == []


@pytest.mark.django_db
def test_a_revocation_is_in_memory_before_the_revoking_call_returns(pushed, user):
    _feed_ready(user)
    pair = session_start(user=user, context=RequestContext())
    assert _client(pair.access).get(ME).status_code == HTTPStatus.OK

    session_revoke_all(user=user, reason="test")

    assert feed.lookup(_sid(pair.access), str(user.pk)) == (True, None)
    assert _client(pair.access).get(ME).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_a_changed_user_is_read_again(pushed, user):
    _feed_ready(user)
    client = _client(session_start(user=user, context=RequestContext()).access)
    client.get(ME)

    client.patch(ME, {"name": "Renamed"})

    assert client.get(ME).json()["name"] == "Renamed"


@pytest.mark.django_db
def test_memory_is_not_trusted_while_redis_is_unreachable(pushed, user, settings):
    _feed_ready(user)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    feed.reset()  # what a lost connection does: the subscriber starts over, and cannot sync

    assert feed.lookup("any", str(user.pk)) is None


def _sid(access: str) -> str:
    import jwt

    return jwt.decode(access, options={"verify_signature": False})["sid"]


@pytest.mark.django_db
def test_a_password_change_ends_the_sessions_earlier_access_tokens_at_once_without_a_lookup(
    pushed, user, user_password, monkeypatch, django_assert_num_queries
):
    _feed_ready(user)
    pair = session_start(user=user, context=RequestContext())
    assert _client(pair.access).get(ME).status_code == HTTPStatus.OK  # the user is now in memory

    changed = _client(pair.access).post(
        "/api/auth/password/change/", {"current_password": user_password, "new_password": "violet harbour kettle 77"}
    )
    assert changed.status_code == HTTPStatus.OK
    monkeypatch.setattr(caches["default"], "get_many", lambda *a, **k: pytest.fail("no Redis round trip expected"))

    with django_assert_num_queries(0):
        assert _client(pair.access).get(ME).status_code == HTTPStatus.UNAUTHORIZED
    assert _client(changed.json()["access"]).get(ME).status_code == HTTPStatus.OK
