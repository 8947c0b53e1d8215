"""Django's Redis cache, without building a new redis.Redis client object for every cache call.

Django's RedisCacheClient.get_client() constructs `redis.Redis(connection_pool=pool)` on each operation, and the
constructor fills a table of ~170 response callbacks: about a quarter of a millisecond per request on the auth
hot path. A redis.Redis object is thread-safe (connections come from its pool), so one per pool is enough.
"""

from collections.abc import Sequence
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient


# ---- several commands in one round trip ------------------------------------------------------------------------
# Each cache call is a network round trip on Redis, and Django's incr() is two (EXISTS, then INCRBY). A login paid
# eight of them for its rate limit and lockout counters; these helpers do the same work in one MULTI/EXEC each, on
# Redis, and fall back to the plain cache API on other backends (local memory in development and tests).


def _redis(key: str) -> tuple["RedisCache", Any, str] | None:
    """(the cache, its redis client, the full key) when the default cache is our RedisCache, else None."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    full = backend.make_and_validate_key(key)
    return backend, backend._cache.get_client(full, write=True), full


def counter_increment(key: str, *, timeout: int) -> tuple[int, bool]:
    """Adds one to the counter `key`, first creating it at 0 to live `timeout` seconds when absent, as
    cache.add(key, 0, timeout) then cache.incr(key) would; returns (count after this call, whether it created it).

    On Redis, one MULTI/EXEC: the SET NX EX and the INCR run with nothing between them, so the key cannot expire
    in between (INCR would then make a counter without expiry). Raises what the cache raises (callers that fail
    open catch it)."""
    redis = _redis(key)
    if redis is None:
        created = cache.add(key, 0, timeout=timeout)
        return cache.incr(key), created
    _backend, client, full = redis
    created, count = client.pipeline(transaction=True).set(full, 0, nx=True, ex=timeout).incr(full).execute()
    return int(count), bool(created)


def cache_read_then_delete(read: str, delete: Sequence[str]) -> Any:
    """The value of `read` (None when absent), then every key in `delete` deleted, as cache.get then
    cache.delete_many would; on Redis in one MULTI/EXEC, so nothing lands between the read and the delete."""
    redis = _redis(read)
    if redis is None:
        value = cache.get(read)
        cache.delete_many(list(delete))
        return value
    backend, client, full = redis
    keys = [backend.make_and_validate_key(key) for key in delete]
    pipeline = client.pipeline(transaction=True).get(full)
    if keys:  # DEL with no key is an error
        pipeline.delete(*keys)
    raw = pipeline.execute()[0]
    return None if raw is None else backend._cache._serializer.loads(raw)  # type: ignore[attr-defined]
