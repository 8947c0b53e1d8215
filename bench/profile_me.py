"""Where GET /api/auth/me/ spends its time next to simplejwt's two classes, in one process (no socket, no wrk).

    python bench/profile_me.py                 interleaved p50s of /me, the peers and a bare view, and their ratios
    python bench/profile_me.py --ab            the same with Django's own session, auth and messages middleware and
                                               DRF's default negotiation (what core.middleware and
                                               core.api.negotiation replace), interleaved with today's
    python bench/profile_me.py --pyinstrument  also pyinstrument's call tree of /me

Starts (tools/stack.py) a fresh PostgreSQL database and a private Redis, sets Django up as gunicorn runs it
(production settings, BENCH_ENDPOINTS for the peers) and calls Django's WSGI handler directly, so a loaded machine
moves every subject alike; bench/run.py measures the same over HTTP. Prints, writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "backend"), str(ROOT / "bench")]

from bench.profile_login import wsgi_environ  # noqa: E402
from bench.run import PASSWORD, PEER_PATHS, django_setup, peer_tokens, tokens_mint, users_add  # noqa: E402
from tools.stack import VENV_BIN, Stack, production_env  # noqa: E402

PATHS = {"me": "/api/auth/me/", **PEER_PATHS, "bare": "/api/bench/bare/"}
# What the API's requests ran through before core.middleware's Page* classes.
DJANGO_PAGE_MIDDLEWARE = {
    "core.middleware.PageSessionMiddleware": "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PageAuthenticationMiddleware": "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PageMessageMiddleware": "django.contrib.messages.middleware.MessageMiddleware",
}


def get(app: Callable[..., Any], path: str, token: str) -> None:
    """One GET with a bearer token through the WSGI handler, as gunicorn would make it."""
    environ = wsgi_environ("GET", path, HTTP_AUTHORIZATION=f"Bearer {token}")
    status: list[str] = []
    result = app(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(result)
    result.close()  # request_finished, as gunicorn does
    if not status[0].startswith("200"):
        raise RuntimeError(f"{path} answered {status[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1500, help="requests per subject (default 1500)")
    parser.add_argument("--ab", action="store_true", help="also the middleware and negotiation Django/DRF ship")
    parser.add_argument("--pyinstrument", action="store_true", help="also pyinstrument's call tree of /me")
    args = parser.parse_args()
    with Stack() as stack:
        db, redis = stack.database(), stack.redis()
        server_env = {"BENCH_ENDPOINTS": "true", "DJANGO_LOG_LEVEL": "WARNING"}
        env = production_env(DATABASE_URL=db, REDIS_URL=redis.url, **stack.secrets, **server_env)
        migrate = [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(migrate, cwd=ROOT / "backend", env=env, check=True)
        django_setup(env)
        print(measure(args))
        from django.db import connection

        connection.close()
    return 0


def measure(args: argparse.Namespace) -> str:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from rest_framework.negotiation import DefaultContentNegotiation
    from rest_framework.views import APIView
    from usersessions.revocation_feed import SENTINEL_KEY

    cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)  # a new Redis: see bench/run.py
    users_add(1, 50, make_password(PASSWORD))
    ours, peers = [pair.access for pair in tokens_mint(32)], peer_tokens(32)
    tokens = {name: peers if name in PEER_PATHS else ours for name in PATHS}
    ours_negotiation = APIView.content_negotiation_class
    variants = {"today": (WSGIHandler(), ours_negotiation)}
    if args.ab:
        today = list(settings.MIDDLEWARE)
        settings.MIDDLEWARE = [DJANGO_PAGE_MIDDLEWARE.get(name, name) for name in today]
        variants["django-defaults"] = (WSGIHandler(), DefaultContentNegotiation)
        settings.MIDDLEWARE = today
    times: dict[tuple[str, str], list[float]] = {}
    for i in range(-100, args.requests):  # the first 100: warm-up (imports, connections, caches)
        for variant, (app, negotiation) in variants.items():
            APIView.content_negotiation_class = negotiation
            for name, path in PATHS.items():
                start = time.perf_counter()
                get(app, path, tokens[name][i % 32])
                if i >= 0:
                    times.setdefault((variant, name), []).append((time.perf_counter() - start) * 1e6)
    APIView.content_negotiation_class = ours_negotiation
    lines = ["| Variant | " + " | ".join(f"{name} p50 us" for name in PATHS) + " | default / me | stateless / me |"]
    lines.append("|---" * (len(PATHS) + 3) + "|")
    for variant in variants:
        p50 = {name: statistics.median(times[(variant, name)]) for name in PATHS}
        cells = " | ".join(f"{p50[name]:.0f}" for name in PATHS)
        default, stateless = (p50[name] / p50["me"] for name in PEER_PATHS if name in p50)
        lines.append(f"| {variant} | {cells} | {default:.2f}x | {stateless:.2f}x |")
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0001)
        profiler.start()
        for i in range(args.requests):
            get(variants["today"][0], PATHS["me"], ours[i % 32])
        profiler.stop()
        lines += ["", profiler.output_text(unicode=True, color=False, show_all=True)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
