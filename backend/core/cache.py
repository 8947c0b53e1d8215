"""Django's Redis cache, without building a new redis.Redis client object for every cache call.

Django's RedisCacheClient.get_client() constructs `redis.Redis(connection_pool=pool)` on each operation, and the
constructor fills a table of ~170 response callbacks: about a quarter of a millisecond per request on the auth
hot path. A redis.Redis object is thread-safe (connections come from its pool), so one per pool is enough.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Counter:
    """One step of counters_increment: the counter `key`, created to live `timeout` seconds; `limit`: a count past
    it stops the steps after this one (None: no limit); `opened`: when it creates the counter, also store the time
    it was created (integer milliseconds since the epoch, readable with cache.get) at `key` + ":opened"."""

    key: str
    timeout: int
    limit: int | None = None
    opened: bool = False


# KEYS: per counter, its key and its ":opened" key; ARGV: the time in milliseconds, then per counter its lifetime in
# seconds, its limit (-1: none) and whether to store its opening time. Redis runs a script with nothing between its
# commands, as MULTI/EXEC would, but a script can also decide what comes next.
_COUNTERS_LUA = """
local out = {}
for i = 1, #KEYS / 2 do
  local key, timeout = KEYS[2 * i - 1], ARGV[3 * i - 1]
  local created = redis.call('SET', key, 0, 'NX', 'EX', timeout)
  if created and ARGV[3 * i + 1] == '1' then
    redis.call('SET', KEYS[2 * i], ARGV[1], 'EX', timeout)
  end
  local count = redis.call('INCR', key)
  out[#out + 1] = count
  out[#out + 1] = created and 1 or 0
  local limit = tonumber(ARGV[3 * i])
  if limit >= 0 and count > limit then break end
end
return out
"""
_counters_script: Any = None  # redis-py's Script: EVALSHA, loading the script once per server (on NOSCRIPT)


def counters_increment(steps: Sequence[Counter]) -> list[tuple[int, bool]]:
    """Increments the counters of `steps` in order, each as counter_increment would, and stops after the first one
    whose count is then past its limit: a later counter is only counted for an attempt the earlier ones admitted.
    Returns (count, created) of each counter incremented.

    On Redis one round trip (a Lua script, atomic like counter_increment's MULTI/EXEC); elsewhere one
    counter_increment per step. Raises what the cache raises (callers that fail open catch it)."""
    global _counters_script
    now_ms = int(time.time() * 1000)
    redis = _redis(steps[0].key) if steps else None
    if redis is None:
        results: list[tuple[int, bool]] = []
        for step in steps:
            results.append(counter_increment(step.key, timeout=step.timeout))
            if step.opened and results[-1][1]:
                cache.set(f"{step.key}:opened", now_ms, timeout=step.timeout)
            if step.limit is not None and results[-1][0] > step.limit:
                break
        return results
    backend, client, _full = redis
    if _counters_script is None:
        _counters_script = client.register_script(_COUNTERS_LUA)
    keys: list[str] = []
    args: list[int] = [now_ms]
    for step in steps:
        keys += [backend.make_and_validate_key(step.key), backend.make_and_validate_key(f"{step.key}:opened")]
        args += [step.timeout, -1 if step.limit is None else step.limit, int(step.opened)]
    raw = _counters_script(keys=keys, args=args, client=client)
    return [(int(raw[i]), bool(raw[i + 1])) for i in range(0, len(raw), 2)]


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
