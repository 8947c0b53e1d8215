"""Django's side of the revocation push, through its own code: for frontend/lib/revocation-feed.redis.test.ts and the
browser tests with Redis (scripts/e2e-backend.sh).

    python scripts/revocation_publish.py '{"action": "revoke", "sessions": ["..."], "id": "<hex>"}'

Actions: `fresh` (a new key space: deletes the prefix's keys, then writes the sentinel a day old, as the backend's
tests and the benchmark do on a new Redis, so the revocation caches are trusted at once), `revoke`
(usersessions.liveness.sessions_mark_revoked: markers written, then RevocationFeed.publish, which waits for every
subscriber's acknowledgement), `users` (RevocationFeed.publish of changed users). Prints JSON: the channel's
subscribers, the acknowledgements counted for the message, and how long publishing took.
REDIS_URL and CACHE_KEY_PREFIX pick the Redis and the key prefix, as for the servers.
"""

import json
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from usersessions import revocation_feed  # noqa: E402
from usersessions.liveness import sessions_mark_revoked  # noqa: E402


def main(command: dict) -> dict:
    settings.SESSION_REVOCATION_PUSH = True  # the test settings turn the push off
    if not revocation_feed.RevocationFeed.enabled():
        raise SystemExit("REDIS_URL must name a Redis server")
    if command["action"] == "fresh":
        client = revocation_feed._redis()
        for key in client.scan_iter(match=cache.make_key("*"), count=1000):
            client.delete(key)
        cache.set(revocation_feed.SENTINEL_KEY, time.time() - 86400, timeout=None)
        return {}
    # The message id is random in Django; fixed here so that its acknowledgements can be counted.
    message_id = uuid.UUID(hex=command["id"])
    revocation_feed.uuid.uuid4 = lambda: message_id  # type: ignore[attr-defined]
    started = time.monotonic()
    if command["action"] == "revoke":
        sessions_mark_revoked(command["sessions"])
    elif command["action"] == "users":
        revocation_feed.feed.publish(users=command["users"])
    else:
        raise SystemExit(f"unknown action {command['action']!r}")
    seconds = time.monotonic() - started
    client = revocation_feed._redis()
    channel = cache.make_key(revocation_feed.CHANNEL)
    subscribers = dict(client.pubsub_numsub(channel)).get(channel.encode(), 0)
    acks = int(client.get(cache.make_key(f"{revocation_feed.CHANNEL}:ack:{message_id.hex}")) or 0)
    return {"subscribers": subscribers, "acks": acks, "seconds": seconds}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
