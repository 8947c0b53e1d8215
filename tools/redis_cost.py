"""How many Redis commands each kind of request costs, and what that means for backend replicas per Redis.

    .venv/bin/python tools/redis_cost.py [--requests 300]

Starts the production configuration (gunicorn, 2 workers, a fresh PostgreSQL database, a private Redis with
revocation push on), signs up and logs in sequentially, calls GET /api/auth/me/ and rotates refresh tokens, and
counts the commands Redis executed (INFO commandstats) per request of each kind. Then redis-benchmark measures
what this Redis executes per second (GET/SET/INCR, 50 connections), and the replica estimate divides that by the
Redis commands per second one backend replica would send at the request rates of bench/RESULTS.md. Prints only;
the README quotes its output.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.stack import Stack

# backend usersessions/revocation_feed.py SENTINEL_KEY as Django's RedisCache stores it (prefix "latchkey", version 1,
# a float pickled): written a day old, it says Redis has kept every revocation for long enough to be trusted.
SENTINEL = "latchkey:1:session-revocations:since"

# bench/RESULTS.md (make bench, 2026-11-27), one backend of 2 gunicorn workers on 2 cores: requests per second.
BENCH_RATES = {"login": 35.9, "refresh": 429.0, "me": 3223.2}
# A throwaway account on a throwaway database.
PASSWORD = "correct horse battery staple 42"


def _post(url: str, body: dict[str, str], token: str = "") -> dict[str, str]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def _get(url: str, token: str) -> None:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def _commands(port: int) -> int:
    """Commands Redis has executed since it started, minus the INFO calls that ask."""
    output = subprocess.run(
        ["redis-cli", "-p", str(port), "INFO", "commandstats"], capture_output=True, text=True, check=True
    ).stdout
    return sum(int(calls) for name, calls in re.findall(r"cmdstat_(\w+):calls=(\d+)", output) if name != "info")


def _measure(port: int, count: int, action) -> float:
    before = _commands(port)
    for _ in range(count):
        action()
    return (_commands(port) - before) / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    limits = {f"THROTTLE_RATE_{scope}": "1000000/min" for scope in ("REGISTER", "LOGIN", "REFRESH", "ACCOUNT")}
    with Stack() as stack:
        redis = stack.redis()
        api = stack.backend(database_url=stack.database(), redis_url=redis.url, workers=2, extra_env=limits)
        email = f"redis-cost-{uuid.uuid4().hex[:8]}@example.com"
        _post(f"{api.url}/api/auth/register/", {"email": email, "password": PASSWORD, "name": "Redis Cost"})
        tokens = _post(f"{api.url}/api/auth/login/", {"email": email, "password": PASSWORD})
        for _ in range(50):  # every worker subscribed, synced and holding the user
            _get(f"{api.url}/api/auth/me/", tokens["access"])
        time.sleep(1)
        # A fresh Redis: the feed is warming (one access-token lifetime + 60 s), lookups go to Redis.
        warming = _measure(redis.port, args.requests, lambda: _get(f"{api.url}/api/auth/me/", tokens["access"]))
        day_old = pickle.dumps(time.time() - 86400, pickle.HIGHEST_PROTOCOL)
        subprocess.run(["redis-cli", "-p", str(redis.port), "-x", "SET", SENTINEL], input=day_old, check=True)
        time.sleep(8)  # each worker's feed re-reads the sentinel after 5 s without traffic

        per_request = {
            "login": _measure(
                redis.port, 30, lambda: _post(f"{api.url}/api/auth/login/", {"email": email, "password": PASSWORD})
            ),
            "me": _measure(redis.port, args.requests, lambda: _get(f"{api.url}/api/auth/me/", tokens["access"])),
        }
        state = {"refresh": tokens["refresh"]}

        def rotate() -> None:
            state["refresh"] = _post(f"{api.url}/api/auth/refresh/", {"refresh": state["refresh"]})["refresh"]

        per_request["refresh"] = _measure(redis.port, args.requests, rotate)

        bench = subprocess.run(
            ["redis-benchmark", "-p", str(redis.port), "-q", "-n", "200000", "-c", "50", "-t", "get,set,incr"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rates = [float(r) for r in re.findall(r"([\d.]+) requests per second", bench)]
    redis_ops = min(rates)
    print("Redis commands per request (INFO commandstats, sequential requests), revocation feed trusted:")
    for name, commands in per_request.items():
        print(f"  {name:8} {commands:6.2f}")
    print(f"  me while the feed warms up after a Redis data loss: {warming:.2f}")
    measured = ", ".join(f"{r:,.0f}" for r in rates)
    print(f"redis-benchmark -c 50 GET/SET/INCR: {measured} commands/s (min {redis_ops:,.0f})")
    for label, name, commands in [*((n, n, c) for n, c in per_request.items()), ("me (warming)", "me", warming)]:
        load = commands * BENCH_RATES[name]
        verdict = f"this Redis serves {redis_ops / load:,.0f} such replicas" if load >= 1 else "Redis is not a limit"
        print(f"  one replica doing only {label} at {BENCH_RATES[name]} req/s sends {load:,.0f} commands/s: {verdict}")


if __name__ == "__main__":
    main()
