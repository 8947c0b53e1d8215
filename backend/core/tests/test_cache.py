import pytest
from django.core.cache import caches
from django.test import override_settings

from core.cache import Counter, RedisCache, cache_read_then_delete, counter_increment, counters_increment

REDIS = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/11", "KEY_PREFIX": "t"}}


@override_settings(CACHES=REDIS)
def test_one_client_object_per_pool():
    cache = caches.create_connection("default")
    try:
        client = cache._cache.get_client(write=True)
    except Exception:  # pragma: no cover - no Redis on this machine
        pytest.skip("no Redis at 127.0.0.1:6379")
    assert cache._cache.get_client() is client
    cache.set("core-cache-test", {"a": 1}, timeout=5)
    assert cache.get_many(["core-cache-test", "missing"]) == {"core-cache-test": {"a": 1}}
    cache.delete("core-cache-test")


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "core-cache-test"}}


@pytest.fixture(params=["redis", "locmem"])
def any_cache(request):
    """The default cache as Redis (the helpers' one-round-trip path) and as local memory (their fallback)."""
    with override_settings(CACHES=REDIS if request.param == "redis" else LOCMEM):
        cache = caches["default"]
        try:
            cache.clear()
        except Exception:  # pragma: no cover - no Redis on this machine
            pytest.skip("no Redis at 127.0.0.1:6379")
        yield cache
        cache.clear()


def test_counter_increment_creates_the_counter_with_its_lifetime_then_counts(any_cache):
    assert counter_increment("core-counter", timeout=30) == (1, True)
    assert counter_increment("core-counter", timeout=30) == (2, False)
    assert any_cache.get("core-counter") == 2  # readable (and incr-able) through the cache API
    assert any_cache.incr("core-counter") == 3
    if isinstance(any_cache, RedisCache):
        client = any_cache._cache.get_client(write=True)
        assert 0 < client.ttl(any_cache.make_and_validate_key("core-counter")) <= 30


def test_counter_increment_starts_over_once_the_counter_is_gone(any_cache):
    counter_increment("core-counter", timeout=30)
    any_cache.delete("core-counter")
    assert counter_increment("core-counter", timeout=30) == (1, True)


def test_cache_read_then_delete_returns_the_value_read_before_deleting(any_cache):
    any_cache.set_many({"core-a": 4, "core-b": {"x": 1}, "core-c": "kept"}, timeout=30)
    assert cache_read_then_delete("core-a", ["core-a", "core-b", "core-missing"]) == 4
    assert any_cache.get_many(["core-a", "core-b", "core-c"]) == {"core-c": "kept"}
    assert cache_read_then_delete("core-b", ["core-c"]) is None
    assert any_cache.get("core-c") is None
    any_cache.set("core-d", {"pickled": True}, timeout=30)
    assert cache_read_then_delete("core-d", []) == {"pickled": True}


@pytest.mark.parametrize(
    ("rate_count_before", "expected", "pair_after"),
    [
        (0, [(1, True), (1, True)], 1),  # both counters made and counted
        (1, [(2, False), (1, True)], 1),  # at the limit: still admitted, the pair counted
        (2, [(3, False)], None),  # past the limit: the steps after it are not counted
    ],
)
def test_counters_increment_counts_in_order_and_stops_past_a_limit(any_cache, rate_count_before, expected, pair_after):
    for _ in range(rate_count_before):
        counter_increment("core-rate", timeout=30)
    steps = [Counter("core-rate", 30, limit=2), Counter("core-pair", 60)]
    assert counters_increment(steps) == expected
    assert any_cache.get("core-rate") == rate_count_before + 1
    assert any_cache.get("core-pair") == pair_after
    if isinstance(any_cache, RedisCache):
        client = any_cache._cache.get_client(write=True)
        assert 0 < client.ttl(any_cache.make_and_validate_key("core-rate")) <= 30
        if pair_after:
            assert 30 < client.ttl(any_cache.make_and_validate_key("core-pair")) <= 60


def test_counters_increment_stores_the_opening_time_only_when_it_creates_the_counter(any_cache, monkeypatch):
    monkeypatch.setattr("core.cache.time.time", lambda: 1000.5)
    counters_increment([Counter("core-rate", 30, opened=True)])
    monkeypatch.setattr("core.cache.time.time", lambda: 1009.0)
    counters_increment([Counter("core-rate", 30, opened=True), Counter("core-plain", 30)])
    assert any_cache.get("core-rate:opened") == 1000500  # milliseconds, an int through the cache API
    assert any_cache.get("core-plain:opened") is None
    assert any_cache.get("core-rate") == 2
