"""The revocation feed's metrics: per-state process gauge, last heard from Redis, propagation time."""

import time

import pytest
from prometheus_client import REGISTRY

from core.context import RequestContext
from usersessions.revocation_feed import FeedState, feed
from usersessions.services import session_revoke_all, session_start
from usersessions.tests.test_revocation_feed import _feed_ready


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
def test_a_synced_subscriber_reports_memory_and_when_it_last_heard_redis(pushed, user):
    started = time.time()
    _feed_ready(user)
    assert feed.state() is FeedState.MEMORY
    assert _sample("latchkey_revocation_feed_processes", state="memory") == 1
    assert _sample("latchkey_revocation_feed_processes", state="connecting") == 0
    assert _sample("latchkey_revocation_feed_last_heard_timestamp_seconds") >= started


@pytest.mark.django_db
def test_a_stopped_subscriber_reports_connecting(pushed, user):
    _feed_ready(user)
    feed.reset()
    assert _sample("latchkey_revocation_feed_processes", state="memory") == 0
    assert _sample("latchkey_revocation_feed_processes", state="connecting") == 1


@pytest.mark.django_db
def test_each_acknowledged_revocation_records_its_propagation_time(pushed, user):
    _feed_ready(user)
    before = _sample("latchkey_revocation_propagation_seconds_count")
    session_start(user=user, context=RequestContext())
    session_revoke_all(user=user, reason="test")
    assert _sample("latchkey_revocation_propagation_seconds_count") == before + 1
