"""`make profile-login`: where one login's milliseconds go, in the production configuration.

    python bench/profile_login.py             200 logins: table, flame graph, text profile under bench/
    python bench/profile_login.py --smoke     a few logins, nothing written (so the script cannot rot)

Starts (tools/stack.py) a fresh PostgreSQL database and a private Redis, sets up Django as gunicorn runs it
(DJANGO_DEBUG=false, config.settings.base, Redis cache, CONN_MAX_AGE) and drives POST /api/auth/login/ through
Django's WSGI handler in this process: the middleware, DRF, the view and everything under it, without the socket.

It measures, in the same process and interleaved:
- a login, timed whole, and split into its parts by timers wrapped around the Argon2 verification, every SQL
  statement, every COMMIT, every Redis command and the JWT signing; what is left is Python (Django, DRF, the app);
- the floor: one Argon2id verification, and one POST /api/auth/refresh/ (a one-UPDATE durable commit) run the
  same way, so the login's cost can be read against hash + one commit.

Then pyinstrument profiles the same logins and writes bench/profile-login.txt (this table and the call tree) and
bench/profile-login.speedscope.json (a flame graph: open it at https://www.speedscope.app or `npx speedscope`);
`--html` adds pyinstrument's own page (several megabytes, so not committed).
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "backend"))

from bench.run import EMAIL, PASSWORD, django_setup, users_add  # noqa: E402
from tools.stack import VENV_BIN, Stack, production_env  # noqa: E402

LOGIN_PATH = "/api/auth/login/"
REFRESH_PATH = "/api/auth/refresh/"


# ---- requests through the WSGI handler ----------------------------------------------------------------------------
def wsgi_environ(method: str, path: str, body: bytes = b"", **headers: str) -> dict[str, Any]:
    """The WSGI environ gunicorn would build for a request from a browser on this machine; `headers` as CGI names
    (HTTP_AUTHORIZATION=...)."""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        **headers,
    }


def wsgi_call(app: Callable[..., Any], path: str, body: dict[str, str]) -> tuple[int, bytes]:
    """One POST through Django's WSGI handler, as gunicorn would make it (no socket)."""
    raw = json.dumps(body).encode()
    environ = wsgi_environ(
        "POST",
        path,
        raw,
        HTTP_ACCEPT="application/json",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(len(raw)),
    )
    status: list[str] = []

    def start_response(s: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(s)

    result = app(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()  # request_finished: what gunicorn does after each response
    return int(status[0].split()[0]), content


# ---- timers around the parts of a login ---------------------------------------------------------------------------
@dataclass
class Part:
    calls: int = 0
    seconds: float = 0.0


@dataclass
class Ledger:
    """Exclusive seconds and calls per part, while `active`: a timed call inside another (BEGIN sent by psycopg
    inside an UPDATE) counts for itself only, and its time is taken off the outer one."""

    parts: dict[str, Part] = field(default_factory=lambda: defaultdict(Part))
    active: bool = False
    _children: list[float] = field(default_factory=list)

    def timed(self, name: str | Callable[..., str], func: Callable[..., Any]) -> Callable[..., Any]:
        """`func` wrapped in a timer; a generator function (psycopg's commands) is timed until it is exhausted."""

        def record(start: float, args: Any, kwargs: Any) -> None:
            elapsed = time.perf_counter() - start
            inner = self._children.pop()
            if self._children:
                self._children[-1] += elapsed
            if self.active:
                part = self.parts[name(*args, **kwargs) if callable(name) else name]
                part.calls += 1
                part.seconds += elapsed - inner

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                record(start, args, kwargs)

        def generator_wrapper(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            start = time.perf_counter()
            try:
                return (yield from func(*args, **kwargs))
            finally:
                record(start, args, kwargs)

        return generator_wrapper if inspect.isgeneratorfunction(func) else wrapper


def _sql_part(execute: Callable[..., Any], sql: str, *args: Any) -> str:
    """'SQL <verb> <tables>': the tables named after FROM, INTO or UPDATE, in order of appearance."""
    verb = sql.lstrip().split(None, 1)[0].upper()
    tables = dict.fromkeys(re.findall(r'(?:FROM|INTO|UPDATE) "(\w+)"', sql))
    return f"SQL {verb} {', '.join(tables)}".rstrip()


@contextmanager
def instrument(ledger: Ledger) -> Iterator[None]:
    """Wraps with timers: the hasher, every SQL statement (with the ORM's work around it), the BEGIN and COMMIT
    that psycopg sends, Django's connection health check, every Redis command or pipeline, the JWT signing."""
    import argon2
    import jwt
    import psycopg
    import redis.client
    from django.db import connection

    def sql_wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        return timed_sql(execute, sql, params, many, context)

    timed_sql = ledger.timed(_sql_part, lambda execute, *args: execute(*args))
    patches: list[tuple[Any, str, str | Callable[..., str]]] = [
        (argon2.PasswordHasher, "verify", "Argon2id verify"),
        (redis.client.Redis, "execute_command", lambda self, *args, **kw: f"Redis {str(args[0]).upper()}"),
        (redis.client.Pipeline, "execute", "Redis pipeline (one round trip)"),
        (jwt, "encode", "JWT sign (ES256)"),
        # BEGIN and COMMIT: psycopg sends them itself (BEGIN before the first statement of a transaction).
        (psycopg.Connection, "_exec_command", lambda self, command, *a, **k: f"SQL {bytes(command).decode()}"),
    ]
    connection.ensure_connection()
    saved = [(owner, name, getattr(owner, name)) for owner, name, _label in patches]
    for owner, name, label in patches:
        setattr(owner, name, ledger.timed(label, getattr(owner, name)))
    # CONN_HEALTH_CHECKS: Django sends SELECT 1 on a persistent connection's first use in each request.
    connection.is_usable = ledger.timed("SQL SELECT 1 (connection health check)", connection.is_usable)
    try:
        with connection.execute_wrapper(sql_wrapper):
            yield
    finally:
        del connection.is_usable  # the instance attribute; the class's method shows again
        for owner, name, original in saved:
            setattr(owner, name, original)


# ---- the run ------------------------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * q) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few logins, nothing written")
    parser.add_argument("--logins", type=int, default=200, help="logins per measurement (default 200)")
    parser.add_argument("--output", type=Path, default=BENCH, help="folder for profile-login.* (default bench/)")
    parser.add_argument("--html", action="store_true", help="also pyinstrument's HTML page (megabytes: not committed)")
    args = parser.parse_args()
    logins = 5 if args.smoke else args.logins
    users = 50

    with Stack() as stack:
        db, redis_service = stack.database(), stack.redis()
        server_env = {
            # One address logs in many times here: the per-address rate would answer 429 (as in bench/run.py).
            **{f"THROTTLE_RATE_{scope}": "1000000/min" for scope in ("LOGIN", "REFRESH")},
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        env = production_env(DATABASE_URL=db, REDIS_URL=redis_service.url, **stack.secrets, **server_env)
        subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT / "backend",
            env=env,
            check=True,
        )
        django_setup(env)
        report = profile(args, logins, users)
        from django.db import connection

        connection.close()
    print(report)
    return 0


def profile(args: argparse.Namespace, logins: int, users: int) -> str:
    from django.conf import settings
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from pyinstrument import Profiler
    from pyinstrument.renderers import SpeedscopeRenderer
    from usersessions.revocation_feed import SENTINEL_KEY

    from bench.run import hash_costs

    assert not settings.DEBUG and connection.vendor == "postgresql" and "Redis" in settings.CACHES["default"]["BACKEND"]
    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)  # a new Redis: see bench/run.py
    password_hash = make_password(PASSWORD)
    users_add(1, users, password_hash)
    app = get_wsgi_application()
    emails = [EMAIL.format(i) for i in range(1, users + 1)]

    def login(i: int) -> dict[str, Any]:
        status, body = wsgi_call(app, LOGIN_PATH, {"email": emails[i % users], "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"login answered {status}: {body[:300]!r}")
        return json.loads(body)

    refresh_pool = [login(i)["refresh"] for i in range(users)]  # also the warm-up: imports, connections, keys

    def refresh(i: int) -> None:
        status, body = wsgi_call(app, REFRESH_PATH, {"refresh": refresh_pool[i % users]})
        if status != 200:
            raise RuntimeError(f"refresh answered {status}: {body[:300]!r}")
        refresh_pool[i % users] = json.loads(body)["refresh"]

    hasher = get_hasher("default")
    ledger = Ledger()
    times: dict[str, list[float]] = {"login": [], "refresh": [], "hash": []}
    with instrument(ledger):
        # Interleaved, one of each per step, so drift on a shared machine hits all three alike.
        for i in range(logins):
            for name, call in (("login", login), ("refresh", refresh)):
                ledger.active = name == "login"
                start = time.perf_counter()
                call(i)
                times[name].append((time.perf_counter() - start) * 1000)
            ledger.active = False
            times["hash"].extend(hash_costs(1, password_hash))
    login_p50, refresh_p50, hash_p50 = (statistics.median(times[k]) for k in ("login", "refresh", "hash"))
    login_mean = statistics.mean(times["login"])

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for i in range(logins):
        login(i)
    profiler.stop()

    lines = [
        "# Where a login's milliseconds go",
        "",
        f"`python bench/profile_login.py` ({logins} logins through Django's WSGI handler in one process, DEBUG off, "
        f"PostgreSQL with synchronous_commit {_setting(connection, 'synchronous_commit')}, Redis; "
        f"hasher {hasher.algorithm}).",
        "",
        "| Measure | p50 ms | p99 ms |",
        "|---|---|---|",
        *(
            f"| {label} | {statistics.median(times[k]):.2f} | {percentile(times[k], 0.99):.2f} |"
            for k, label in (
                ("login", "POST /api/auth/login/"),
                ("hash", "Argon2id verify alone"),
                ("refresh", "POST /api/auth/refresh/ (one UPDATE, one commit)"),
            )
        ),
        "",
        f"Login p50 / (hash p50 + refresh p50) = {login_p50:.2f} / ({hash_p50:.2f} + {refresh_p50:.2f}) = "
        f"**{login_p50 / (hash_p50 + refresh_p50):.2f}x** (in-process; bench/run.py measures the same over HTTP).",
        "",
        f"Parts of a login (mean over {logins}; timers around each call, the rest is Python in Django, DRF and "
        "the app):",
        "",
        "| Part | calls per login | ms per login | share |",
        "|---|---|---|---|",
    ]
    measured = 0.0
    for name, part in sorted(ledger.parts.items(), key=lambda item: -item[1].seconds):
        ms = part.seconds * 1000 / logins
        measured += ms
        lines.append(f"| {name} | {part.calls / logins:.2f} | {ms:.2f} | {ms / login_mean:.0%} |")
    rest = login_mean - measured
    lines += [
        f"| Python: middleware, DRF, serializers, the app's code | - | {rest:.2f} | {rest / login_mean:.0%} |",
        f"| **Total (mean)** | | **{login_mean:.2f}** | 100% |",
    ]
    tree = profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False)
    report = "\n".join(lines) + "\n"
    if not args.smoke:
        args.output.mkdir(parents=True, exist_ok=True)
        if args.html:
            (args.output / "profile-login.html").write_text(profiler.output_html())
        (args.output / "profile-login.speedscope.json").write_text(profiler.output(SpeedscopeRenderer()))
        (args.output / "profile-login.txt").write_text(report + "\n## pyinstrument call tree\n\n```\n" + tree + "```\n")
        written = ["txt", "speedscope.json", *(["html"] if args.html else [])]
        report += f"\nwritten: {', '.join(f'{args.output}/profile-login.{suffix}' for suffix in written)}\n"
    return report


def _setting(connection: Any, name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
