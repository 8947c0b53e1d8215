"""The probes: /api/health/live answers while the process runs, /api/health/ready only while it can serve."""

import logging
import socket
import time
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from django.core.cache import CacheHandler, cache
from django.db.utils import ConnectionHandler

from usersessions.health import Check, readiness_check
from usersessions.revocation_feed import SENTINEL_KEY, FeedState, feed

LIVE = "/api/health/live"
READY = "/api/health/ready"
POD_IP = "10.244.3.17:8000"  # what the kubelet sends as Host: in no ALLOWED_HOSTS
REDIS = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/11", "KEY_PREFIX": "hp"}}


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: connecting is refused at once, as with a service that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _redis_at(port: int) -> dict:
    location = f"redis://127.0.0.1:{port}/0"
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {"default": {**REDIS["default"], "LOCATION": location, "OPTIONS": options}}


@pytest.fixture
def feed_off_after() -> Iterator[None]:
    yield
    feed.reset()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIVE, f"{LIVE}/"])
def test_live_answers_200_to_the_kubelet_whatever_the_host(client, path):
    response = client.get(path, HTTP_HOST=POD_IP)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.django_db
def test_ready_with_the_default_services_reports_each_check(client):
    response = client.get(READY, HTTP_HOST=POD_IP)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "revocation_feed": "disabled"},
        "failing": [],
    }


@pytest.mark.django_db
def test_ready_with_redis_and_push_waits_for_the_feed_then_answers_from_memory(client, settings, feed_off_after):
    settings.CACHES = REDIS
    settings.SESSION_REVOCATION_PUSH = True
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
    feed.reset()

    first = client.get(READY, HTTP_HOST=POD_IP)  # starts the subscriber
    if first.status_code == HTTPStatus.SERVICE_UNAVAILABLE:
        assert first.json()["failing"] == ["revocation_feed"]
        assert first.json()["checks"]["revocation_feed"] == "connecting"
    deadline = time.monotonic() + 10
    while feed.state() is not FeedState.MEMORY:
        assert time.monotonic() < deadline, "the feed did not sync"
        time.sleep(0.01)
    response = client.get(READY, HTTP_HOST=POD_IP)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "revocation_feed": "memory"}
    cache.clear()


@pytest.mark.django_db
def test_ready_answers_503_naming_the_cache_when_redis_is_down(client, settings, closed_port, caplog, monkeypatch):
    settings.CACHES = _redis_at(closed_port)
    monkeypatch.setattr("usersessions.api.health._last_failing", ())  # as in a fresh process

    with caplog.at_level(logging.INFO):
        response = client.get(READY, HTTP_HOST=POD_IP)
        again = client.get(READY, HTTP_HOST=POD_IP)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "unavailable", "revocation_feed": "disabled"},
        "failing": ["cache"],
    }
    assert again.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert str(closed_port) not in response.content.decode()
    # Once, as a warning: no django.request error on every probe.
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING] == [
        ("usersessions.api.health", "WARNING", "Not ready: cache")
    ]


@pytest.mark.django_db
def test_with_push_on_a_redis_outage_also_fails_the_feed(client, settings, closed_port, feed_off_after):
    settings.CACHES = _redis_at(closed_port)
    settings.SESSION_REVOCATION_PUSH = True
    feed.reset()

    response = client.get(READY, HTTP_HOST=POD_IP)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["failing"] == ["cache", "revocation_feed"]
    assert response.json()["checks"]["revocation_feed"] == "connecting"


@pytest.mark.django_db
def test_ready_answers_503_naming_the_database_when_postgresql_is_unreachable(client, closed_port, monkeypatch):
    unreachable = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "127.0.0.1",
                "PORT": closed_port,
                "NAME": "latchkey",
                "USER": "latchkey",
                "PASSWORD": "do-not-leak-me",
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )
    monkeypatch.setattr("usersessions.health.connections", unreachable)

    response = client.get(READY, HTTP_HOST=POD_IP)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["failing"] == ["database"]
    assert response.json()["checks"]["database"] == "unavailable"
    assert "do-not-leak-me" not in response.content.decode()
    assert str(closed_port) not in response.content.decode()
    unreachable.close_all()


def test_readiness_check_on_an_unreachable_database_and_cache_fails_both(closed_port, settings):
    unreachable_db = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": closed_port}}
    )
    unreachable_cache = CacheHandler(_redis_at(closed_port))

    readiness = readiness_check(databases=unreachable_db, cache_handler=unreachable_cache)

    assert not readiness.ready
    assert readiness.failing == (Check.DATABASE, Check.CACHE)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIVE, READY])
def test_probes_answer_405_json_to_other_methods_and_an_empty_head(client, path):
    post = client.post(path, HTTP_HOST=POD_IP)
    head = client.head(path, HTTP_HOST=POD_IP)

    assert post.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert post["Allow"] == "GET, HEAD"
    assert post.json()["errors"][0]["code"] == "method_not_allowed"
    assert head.status_code == HTTPStatus.OK
    assert head.content == b""


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https_and_other_paths_still_check_the_host(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    probe = client.get(READY, HTTP_HOST=POD_IP)
    other = client.get("/api/auth/me/", HTTP_HOST=POD_IP, secure=True)
    near_miss = client.get("/api/health/readyz", HTTP_HOST=POD_IP, secure=True)

    assert probe.status_code == HTTPStatus.OK
    assert other.status_code == HTTPStatus.BAD_REQUEST
    assert near_miss.status_code == HTTPStatus.BAD_REQUEST
