"""`make bench`: the auth hot paths under load, in the production configuration, each figure next to a baseline.

    python bench/run.py            full run (about 5-8 minutes), writes bench/RESULTS.md
    python bench/run.py --smoke    a few seconds per step, tiny data; prints the table, writes nothing

Starts (tools/stack.py) a fresh PostgreSQL database, a private Redis, gunicorn with debug off and the benchmark-only
endpoints (BENCH_ENDPOINTS=true), and `next start`; drives them with wrk on loopback. Absolute numbers on a shared
machine drift, so every subject is measured in the same run as its baseline, interleaved (A, B, A, B ...), and
reported as a ratio to it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "backend"))

import first_load_js  # noqa: E402  (bench/, on the path when run as a script)

from tools.stack import Stack  # noqa: E402

PASSWORD = "bench correct horse battery 42"
EMAIL = "bench{}@example.com"
# 2 cores: gunicorn gets both, wrk one thread. See bench/README.md for why these settings.
GUNICORN_WORKERS = 2
GUNICORN_ARGS = os.environ.get("BENCH_GUNICORN_ARGS", "--worker-class sync --worker-tmp-dir /dev/shm").split()
WRK_CONNECTIONS = 8


@dataclass
class Mode:
    smoke: bool
    seconds: int
    rounds: int
    warmup: int
    small_users: int
    large_users: int
    hash_samples: int
    ttfb_requests: int

    @classmethod
    def make(cls, smoke: bool) -> Mode:
        if smoke:
            return cls(True, 1, 1, 1, 200, 2_000, 5, 15)
        return cls(False, 5, 3, 3, 1_000, 1_000_000, 30, 300)


@dataclass
class Run:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Figure:
    """A subject's runs, aggregated: mean requests/s, median of the per-run percentiles."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.mean(r.rps for r in self.runs)

    @property
    def p50(self) -> float:
        return statistics.median(r.p50_ms for r in self.runs)

    @property
    def p99(self) -> float:
        return statistics.median(r.p99_ms for r in self.runs)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs)


# ---- wrk -----------------------------------------------------------------------------------------------------------
DONE_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"p50":%d,"p99":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""

GET_LUA = r"""
local tokens = dofile("%(data)s")
local i = 0
request = function()
  i = i + 1
  local headers = {}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(i %% #tokens) + 1] end
  return wrk.format("GET", "%(path)s", headers)
end
"""

LOGIN_LUA = r"""
local emails = dofile("%(data)s")
local i = 0
request = function()
  i = i + 1
  local body = '{"email":"' .. emails[(i %% #emails) + 1] .. '","password":"%(password)s"}'
  return wrk.format("POST", "/api/auth/login/", {["Content-Type"] = "application/json"}, body)
end
"""

# Each refresh token is used once: the pool hands one out, the answer's successor goes back in (no reuse).
REFRESH_LUA = r"""
local pool = dofile("%(data)s")
request = function()
  local token = table.remove(pool, 1) or "exhausted"
  return wrk.format("POST", "/api/auth/refresh/", {["Content-Type"] = "application/json"},
    '{"refresh":"' .. token .. '"}')
end
response = function(status, headers, body)
  if status == 200 then
    local token = body:match('"refresh"%%s*:%%s*"([^"]+)"')
    if token then table.insert(pool, token) end
  end
end
"""


class Wrk:
    def __init__(self, workdir: Path, base_url: str, seconds: int) -> None:
        self.workdir, self.base_url, self.seconds = workdir, base_url, seconds
        self._n = 0

    def run(
        self,
        name: str,
        script: str,
        data: list[str],
        *,
        connections: int = WRK_CONNECTIONS,
        seconds: int | None = None,
        **params: str,
    ) -> Run:
        self._n += 1
        data_file = self.workdir / f"data-{self._n}.lua"
        data_file.write_text("return {" + ",".join(json.dumps(item) for item in data) + "}\n")
        script_file = self.workdir / f"script-{self._n}.lua"
        script_file.write_text(script % {"data": data_file, **params} + DONE_LUA)
        duration = seconds or self.seconds
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(script_file),
                self.base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
        match = re.search(r"BENCHJSON (\{.*\})", out)
        if not match:
            raise RuntimeError(f"wrk printed no summary:\n{out}")
        raw = json.loads(match.group(1))
        return Run(name, raw["requests"], raw["duration_us"] / 1e6, raw["p50"] / 1000, raw["p99"] / 1000, raw["errors"])


# ---- the system under test ----------------------------------------------------------------------------------------
def django_setup(env: dict[str, str]) -> None:
    """This process talks to the same database and Redis as the servers: to fill data and mint tokens."""
    for key, value in env.items():
        os.environ[key] = value
    import django

    django.setup()


def users_add(first: int, last: int, password_hash: str) -> None:
    """Users first..last (and one session each), in SQL: seconds for a million rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, email, name, is_active, is_staff, date_joined,
                                       email_verified, credential_epoch)
            SELECT %s, false, 'bench' || g || '@example.com', 'Bench User ' || g, true, false, now(), true, 0
            FROM generate_series(%s, %s) AS g
            """,
            [password_hash, first, last],
        )
        cursor.execute(
            """
            INSERT INTO usersessions_session (id, user_id, created_at, last_used_at, expires_at, ip_address,
                                              user_agent, device, refresh_jti, previous_jti, retired_jti,
                                              revoked_reason, credential_epoch)
            SELECT gen_random_uuid(), u.id, now(), now(), now() + interval '30 days', '127.0.0.1', 'bench', 'bench',
                   md5(u.id::text), '', '', '', 0
            FROM accounts_user u
            WHERE u.email LIKE 'bench%%' AND u.id > (SELECT coalesce(max(user_id), 0) FROM usersessions_session)
            """
        )
        cursor.execute("ANALYZE accounts_user; ANALYZE usersessions_session")


def tokens_mint(count: int, offset: int = 0) -> list[Any]:
    """Signed-in sessions of distinct users, as a login would make them."""
    from accounts.models import User
    from core.context import RequestContext
    from usersessions.services import session_start

    users = list(User.objects.filter(email__startswith="bench").order_by("id")[offset : offset + count])
    return [session_start(user=user, context=RequestContext()) for user in users]


def hash_costs(samples: int, encoded: str) -> list[float]:
    """Milliseconds of one verification with the configured hasher, in this process."""
    from django.contrib.auth.hashers import get_hasher

    hasher = get_hasher("default")
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        if not hasher.verify(PASSWORD, encoded):
            raise RuntimeError("the benchmark password does not verify")
        times.append((time.perf_counter() - start) * 1000)
    return times


# ---- Next.js ------------------------------------------------------------------------------------------------------
def ttfb_ms(port: int, path: str, cookie: str = "") -> tuple[float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"localhost:{port}", "Accept": "text/html"}
    if cookie:
        headers["Cookie"] = cookie
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    first = response.read(1)
    elapsed = (time.perf_counter() - start) * 1000
    body = first + response.read()
    conn.close()
    return elapsed, response.status, len(body)


def frontend_build() -> None:
    subprocess.run(
        ["npm", "run", "--silent", "build"],
        cwd=ROOT / "frontend",
        check=True,
        env={**os.environ, "NEXT_TELEMETRY_DISABLED": "1"},
    )


# ---- report -------------------------------------------------------------------------------------------------------
def versions() -> dict[str, str]:
    from importlib.metadata import version

    def cmd(*args: str) -> str:
        try:
            out = subprocess.run(args, capture_output=True, text=True, check=False).stdout
            return out.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    found = {"Python": platform.python_version()}
    for package in (
        "django",
        "djangorestframework",
        "djangorestframework-simplejwt",
        "gunicorn",
        "psycopg",
        "redis",
        "argon2-cffi",
        "cryptography",
        "PyJWT",
    ):
        try:
            found[package] = version(package)
        except Exception:
            found[package] = "?"
    found["PostgreSQL"] = cmd(
        "psql",
        os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432") + "/postgres",
        "-tAc",
        "SHOW server_version",
    )
    found["Redis"] = cmd("redis-server", "--version")
    found["wrk"] = cmd("wrk", "-v")
    found["Node.js"] = cmd("node", "--version")
    try:
        found["Next.js"] = json.loads((ROOT / "frontend/node_modules/next/package.json").read_text())["version"]
    except OSError:
        found["Next.js"] = "?"
    return found


def machine() -> str:
    model = "?"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


# ---- main ---------------------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="seconds, tiny data, no RESULTS.md")
    parser.add_argument("--no-build", action="store_true", help="use the existing frontend/.next build")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    mode = Mode.make(args.smoke)
    if not shutil.which("wrk"):
        print("wrk is not installed: `apt-get install -y wrk` (bench/ensure-wrk.sh)", file=sys.stderr)
        return 2
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    next_build = ROOT / "frontend" / ".next" / "BUILD_ID"
    frontend_wanted = True
    if not args.smoke and not args.no_build:
        log("next build")
        try:
            frontend_build()
        except subprocess.CalledProcessError:
            log("next build failed: " + ("using the previous build" if next_build.exists() else "no Next.js figures"))
    if not next_build.exists():
        log("no frontend/.next build: the Next.js figures are skipped (run `next build` first)")
        frontend_wanted = False
    js_baseline = None
    if frontend_wanted and not args.smoke:
        log("next build of an empty app (the first-load JavaScript baseline)")
        try:
            js_baseline = first_load_js.empty_app_scripts()
        except subprocess.CalledProcessError as error:
            log(f"the empty app did not build ({error.stderr.decode(errors='replace')[-300:]}): no baseline")

    with Stack() as stack:
        db, redis = stack.database(), stack.redis()
        server_env = {
            "BENCH_ENDPOINTS": "true",
            # Many users log in from one address here: the per-address limits would measure 429s.
            **{
                f"THROTTLE_RATE_{scope}": "1000000/min"
                for scope in ("REGISTER", "LOGIN", "REFRESH", "PASSWORD_RESET", "EMAIL", "ACCOUNT")
            },
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        from tools.stack import production_env

        django_setup(production_env(DATABASE_URL=db, REDIS_URL=redis.url, **stack.secrets, **server_env))
        log("migrate; start gunicorn")
        api = stack.backend(
            database_url=db,
            redis_url=redis.url,
            workers=GUNICORN_WORKERS,
            extra_env=server_env,
            gunicorn_args=GUNICORN_ARGS,
            access_log=False,
        )

        from django.contrib.auth.hashers import make_password
        from django.core.cache import cache
        from usersessions.revocation_feed import SENTINEL_KEY

        # This Redis and this database are new: no revocation can be missing from the cache, so the cache is
        # trusted at once rather than after an access-token lifetime (usersessions/liveness.py).
        cache.set(SENTINEL_KEY, time.time() - 86400, timeout=None)
        password_hash = make_password(PASSWORD)
        log(f"{mode.small_users} users and sessions")
        users_add(1, mode.small_users, password_hash)
        wrk = Wrk(stack.workdir, api.url, mode.seconds)
        emails = [EMAIL.format(i) for i in range(1, min(mode.small_users, 500) + 1)]

        def access_tokens() -> list[str]:
            return [pair.access for pair in tokens_mint(32)]

        def refresh_pool(offset: int) -> list[str]:
            return [pair.refresh for pair in tokens_mint(4 * WRK_CONNECTIONS, offset)]

        get_paths = {
            "bare": "/api/bench/bare/",
            "noop": "/api/bench/noop/",
            "noop-auth": "/api/bench/noop-auth/",
            "me": "/api/auth/me/",
        }

        def measure(names: list[str], label: str) -> dict[str, Figure]:
            figures = {name: Figure(name) for name in names}
            tokens = access_tokens()
            for name in names:  # warm-up: imports, connections, caches
                if name in get_paths:
                    wrk.run(
                        name,
                        GET_LUA,
                        tokens if name in ("noop-auth", "me") else [],
                        path=get_paths[name],
                        seconds=mode.warmup,
                    )
            for round_ in range(mode.rounds):
                for name in names:
                    if name in get_paths:
                        run = wrk.run(
                            name, GET_LUA, tokens if name in ("noop-auth", "me") else [], path=get_paths[name]
                        )
                    elif name == "refresh":
                        run = wrk.run(name, REFRESH_LUA, refresh_pool(64 * round_ + 64))
                    elif name == "login":
                        run = wrk.run(name, LOGIN_LUA, emails, connections=1, password=PASSWORD)
                    elif name == "hash":
                        costs = hash_costs(mode.hash_samples, password_hash)
                        run = Run(
                            "hash",
                            len(costs),
                            sum(costs) / 1000,
                            statistics.median(costs),
                            sorted(costs)[max(0, round(len(costs) * 0.99) - 1)],
                            0,
                        )
                    figures[name].runs.append(run)
                    log(
                        f"{label} round {round_ + 1}: {name:9} {run.rps:8.1f} req/s  p50 {run.p50_ms:7.2f} ms  "
                        f"p99 {run.p99_ms:7.2f} ms  errors {run.errors}"
                    )
            return figures

        log("auth overhead, /me, refresh, login")
        small = measure(["bare", "noop", "noop-auth", "me", "refresh", "hash", "login"], "small")

        log(f"growing to {mode.large_users} users and as many sessions")
        fill_start = time.monotonic()
        users_add(mode.small_users + 1, mode.large_users, password_hash)
        fill_seconds = time.monotonic() - fill_start
        log(f"filled in {fill_seconds:.0f} s")
        large = measure(["noop", "me", "refresh", "hash", "login"], "large")

        frontend: dict[str, Any] = {}
        if frontend_wanted:
            log("next start (its API: a second gunicorn with an access log, to count calls)")
            counted = stack.backend(
                database_url=db,
                redis_url=redis.url,
                workers=1,
                migrate=False,
                extra_env=server_env,
                gunicorn_args=GUNICORN_ARGS,
            )
            web = stack.frontend(api_url=counted.url, extra_env={"COOKIE_SECURE": "false"})
            pair = tokens_mint(1)[0]
            cookie = f"access={pair.access}; refresh={pair.refresh}"
            pages = first_load_js.app_pages()
            sizes = {}

            def cookie_for(page: str) -> str:
                return first_load_js.cookie_for(page, cookie)

            for page in pages:
                status = ttfb_ms(web.port, page, cookie_for(page))
                sizes[page] = (status[1], status[2])
            public_candidates = [p for p in pages if p in ("/", "/login", "/signup", "/forgot-password")]
            dashboard_bytes = sizes["/dashboard"][1]
            public = min(public_candidates, key=lambda p: abs(sizes[p][1] - dashboard_bytes))
            for _ in range(10):  # warm-up
                ttfb_ms(web.port, public)
                ttfb_ms(web.port, "/dashboard", cookie)
            log_file = stack.workdir / f"backend-{counted.port}.log"
            before = log_file.read_text(errors="replace").count("GET /api/")
            public_t, dash_t, statuses = [], [], set()
            for _ in range(mode.ttfb_requests):
                elapsed, status, _size = ttfb_ms(web.port, public)
                public_t.append(elapsed)
                elapsed, status, _size = ttfb_ms(web.port, "/dashboard", cookie)
                dash_t.append(elapsed)
                statuses.add(status)
            time.sleep(0.5)
            api_calls = log_file.read_text(errors="replace").count("GET /api/") - before
            frontend = {
                "public": public,
                "public_bytes": sizes[public][1],
                "dashboard_bytes": dashboard_bytes,
                "public_p50": statistics.median(public_t),
                "dash_p50": statistics.median(dash_t),
                "public_p99": sorted(public_t)[round(len(public_t) * 0.99) - 1],
                "dash_p99": sorted(dash_t)[round(len(dash_t) * 0.99) - 1],
                "dash_status": sorted(statuses),
                "api_calls_per_view": api_calls / mode.ttfb_requests,
                "js": {page: first_load_js.page_scripts(web.port, page, cookie_for(page)) for page in pages},
                "js_baseline": js_baseline,
            }
            log(
                f"TTFB {public} {frontend['public_p50']:.2f} ms, /dashboard {frontend['dash_p50']:.2f} ms, "
                f"{frontend['api_calls_per_view']:.2f} API calls per dashboard view"
            )

        report = render(mode, small, large, frontend, fill_seconds, time.monotonic() - started)
    from django.db import connection

    connection.close()
    print(report)
    if mode.smoke:
        print("(smoke run: bench/RESULTS.md left as it is)")
    else:
        args.output.write_text(report)
        print(f"written to {args.output}")
    failed = [f.name for f in [*small.values(), *large.values()] if f.errors]
    if failed:
        print(f"errors in: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def render(
    mode: Mode,
    small: dict[str, Figure],
    large: dict[str, Figure],
    frontend: dict[str, Any],
    fill_seconds: float,
    total_seconds: float,
) -> str:
    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = [
        "# Benchmark results" + (" (smoke run)" if mode.smoke else ""),
        "",
        f"Generated by `make bench` (`python bench/run.py`) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"in {total_seconds:.0f} s.",
        "",
        f"- Machine: {machine()}; load average at the end (1/5/15 min, other users of the machine included): "
        + "/".join(f"{x:.1f}" for x in os.getloadavg()),
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- Server: gunicorn, {GUNICORN_WORKERS} workers, `{' '.join(GUNICORN_ARGS)}`, DEBUG off, PostgreSQL "
        "(CONN_MAX_AGE 60), Redis cache (revocations, cached users, rate limits), no access log.",
        f"- Load: wrk -t1 -c{WRK_CONNECTIONS} (login: -c1), {mode.seconds} s per run after a {mode.warmup} s "
        f"warm-up, {mode.rounds} interleaved round(s) of every subject and its baseline; requests/s is the mean "
        "over rounds, p50/p99 the median of the rounds' percentiles. Ratios: subject / baseline of the same run.",
        "",
        "## Targets",
        "",
        "| # | Measure | Subject | Baseline | Ratio | Target | Status |",
        "|---|---|---|---|---|---|---|",
    ]
    noop, auth, me, bare = small["noop"], small["noop-auth"], small["me"], small["bare"]
    r1 = ratio(auth.rps, noop.rps)
    lines.append(
        f"| 1 | Auth overhead: req/s of noop with auth (JWT + revocation) vs noop without auth | "
        f"{auth.rps:.0f} req/s | {noop.rps:.0f} req/s | {r1:.2f}x | >= 0.8x | {met(r1 >= 0.8)} |"
    )
    r2 = ratio(me.rps, noop.rps)
    lines.append(
        f"| 2 | GET /api/auth/me/ req/s vs noop without auth | {me.rps:.0f} req/s | {noop.rps:.0f} req/s | "
        f"{r2:.2f}x | >= 0.6x | {met(r2 >= 0.6)} |"
    )
    login, hash_ = small["login"], small["hash"]
    r3, r3b = ratio(login.p50, hash_.p50), ratio(login.p99, hash_.p50)
    lines.append(
        f"| 3 | Login p50 (1 connection) vs one Argon2id verification (median, in-process) | "
        f"{login.p50:.1f} ms | {hash_.p50:.1f} ms | {r3:.2f}x | <= 1.1x | {met(r3 <= 1.1)} |"
    )
    lines.append(
        f"| 3 | Login p99 vs the same verification | {login.p99:.1f} ms | {hash_.p50:.1f} ms | {r3b:.2f}x | "
        f"(reported) | - |"
    )
    refresh = small["refresh"]
    lines.append(
        f"| 4 | Refresh p50 vs bare Django view p50 (both -c{WRK_CONNECTIONS}) | {refresh.p50:.2f} ms | "
        f"{bare.p50:.2f} ms | {ratio(refresh.p50, bare.p50):.2f}x | <= 1 write transaction per refresh | "
        "met: 1 UPDATE (benchmarks/tests/test_write_transactions.py) |"
    )
    if frontend:
        r5 = ratio(frontend["dash_p50"], frontend["public_p50"])
        lines.append(
            f"| 5 | TTFB p50 of /dashboard (signed in) vs {frontend['public']} (public, "
            f"{frontend['public_bytes']} vs {frontend['dashboard_bytes']} bytes of HTML) | "
            f"{frontend['dash_p50']:.2f} ms | {frontend['public_p50']:.2f} ms | {r5:.2f}x | <= 1.2x | "
            f"{met(r5 <= 1.2)} |"
        )
        calls = frontend["api_calls_per_view"]
        verdict = (
            "met"
            if calls == 0
            else (
                f"access decided in proxy.ts without Django; {calls:.0f} call(s) left: the page reading the user "
                "(GET /api/auth/me/)"
            )
        )
        lines.append(
            f"| 5 | Django calls per /dashboard view (access log of its API) | {calls:.2f} | 0 to decide "
            f"access | - | access decided locally (JWKS) | {verdict} |"
        )
        lines += first_load_js.target_rows("7", frontend["js"], frontend["js_baseline"])
    else:
        lines.append("| 5 | Next.js TTFB | skipped: no frontend build | | | <= 1.2x | not measured |")
    for name, target in (("login", "p50"), ("refresh", "p50"), ("me", "rps")):
        s_fig, l_fig = small[name], large[name]
        if name == "login":
            s_rel, l_rel = ratio(s_fig.p50, small["hash"].p50), ratio(l_fig.p50, large["hash"].p50)
        elif name == "refresh":
            s_rel, l_rel = ratio(s_fig.p50, small["noop"].p50), ratio(l_fig.p50, large["noop"].p50)
        else:
            s_rel, l_rel = ratio(small["noop"].rps, s_fig.rps), ratio(large["noop"].rps, l_fig.rps)
        growth = ratio(l_rel, s_rel)
        lines.append(
            f"| 6 | Growth, {name} ({target}, normalised by its baseline): {mode.large_users:,} vs "
            f"{mode.small_users:,} users and sessions | {l_rel:.2f} | {s_rel:.2f} | {growth:.2f}x | "
            f"<= 1.2x | {met(growth <= 1.2)} |"
        )
    lines += [
        "",
        "Growth rows compare cost relative to the baseline measured next to it: login p50 / hash, refresh p50 / noop "
        "p50, noop req/s / me req/s (so higher = costlier); the ratio is large / small.",
        f"Filling {mode.large_users - mode.small_users:,} users and as many sessions took {fill_seconds:.0f} s "
        "(INSERT ... SELECT generate_series, one precomputed hash).",
        "",
        "## All runs",
        "",
        "| Data | Endpoint | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    labels = {
        "bare": "bare Django view /api/bench/bare/",
        "noop": "DRF noop, auth off /api/bench/noop/",
        "noop-auth": "DRF noop, auth on /api/bench/noop-auth/",
        "me": "GET /api/auth/me/",
        "refresh": "POST /api/auth/refresh/",
        "login": "POST /api/auth/login/ (-c1)",
        "hash": "Argon2id verify, in-process (1 core)",
    }
    for data, figures in ((f"{mode.small_users:,} users", small), (f"{mode.large_users:,} users", large)):
        for name, fig in figures.items():
            lines.append(f"| {data} | {labels[name]} | {fig.rps:.1f} | {fig.p50:.2f} | {fig.p99:.2f} | {fig.errors} |")
    hash_ms = small["hash"].p50
    lines += [
        "",
        f"Argon2id (m=19 MiB, t=2, p=1: OWASP's first recommended configuration) costs {hash_ms:.1f} ms per "
        f"verification here: at most {1000 / hash_ms:.0f} logins per second per core.",
    ]
    if frontend:
        lines += [
            "",
            "## Next.js (`next start`)",
            "",
            f"TTFB over {mode.ttfb_requests} sequential requests each, alternating: {frontend['public']} p50 "
            f"{frontend['public_p50']:.2f} ms / p99 {frontend['public_p99']:.2f} ms; /dashboard (signed in, status "
            f"{frontend['dash_status']}) p50 {frontend['dash_p50']:.2f} ms / p99 {frontend['dash_p99']:.2f} ms.",
            "",
            "First-load JavaScript: every script the page's HTML references, from `.next/static`, except the "
            "`<script nomodule>` polyfills (counted apart: browsers that run modules skip them); "
            "`bench/first_load_js.py` measures only this.",
            "",
            *first_load_js.table(frontend["js"], frontend["js_baseline"]),
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
