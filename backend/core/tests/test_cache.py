import pytest
from django.core.cache import caches
from django.test import override_settings

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
