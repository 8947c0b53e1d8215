"""Load test of the production configuration: gunicorn + PostgreSQL + Redis, debug off, driven by locust.

    .venv/bin/python stress/load/run.py [--duration 60] [--users 20] [--workers 4] [--out DIR]

Starts a private stack (tools/stack.py), runs locust headless for a bounded time with a mix of register, login,
/me, refresh and logout, then checks the invariants and prints a latency table:

* no 5xx and no unexpected status at all (every request answered what it should),
* no lost account: every email that got a 201 logs in afterwards, and the database holds exactly those accounts.

Exits 1 on a violation. LOAD_DURATION, LOAD_USERS and LOAD_WORKERS set the defaults from the environment.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.stack import VENV_BIN, Stack  # noqa: E402

HIGH_RATE = "1000000/min"
THROTTLES = ("REGISTER", "LOGIN", "REFRESH", "PASSWORD_RESET", "EMAIL", "ACCOUNT")


def cpu_summary() -> str:
    models = [
        line.split(":", 1)[1].strip()
        for line in Path("/proc/cpuinfo").read_text().splitlines()
        if line.startswith("model name")
    ]
    return f"{models[0] if models else platform.processor()} x {os.cpu_count()} cores"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def latency_rows(latencies: dict[str, list[float]], seconds: float) -> list[dict[str, float | str]]:
    rows: list[dict[str, float | str]] = []
    everything = [value for values in latencies.values() for value in values]
    for name, values in [*sorted(latencies.items()), ("ALL", everything)]:
        rows.append(
            {
                "endpoint": name,
                "requests": len(values),
                "req_per_s": len(values) / seconds,
                "p50_ms": percentile(values, 50),
                "p95_ms": percentile(values, 95),
                "p99_ms": percentile(values, 99),
                "max_ms": max(values, default=0.0),
                "mean_ms": sum(values) / len(values) if values else 0.0,
            }
        )
    return rows


def verify_accounts(api: str, accounts: list[dict[str, str]]) -> list[str]:
    """Logs in with every account that was created; returns the emails that failed."""

    def attempt(account: dict[str, str]) -> str | None:
        for _ in range(3):  # a connection error is retried; a wrong answer is not
            try:
                response = requests.post(f"{api}/api/auth/login/", json=account, timeout=30)
            except requests.RequestException:
                time.sleep(0.5)
                continue
            return None if response.status_code == 200 else f"{account['email']} -> HTTP {response.status_code}"
        return f"{account['email']} -> no answer"

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return [problem for problem in pool.map(attempt, accounts) if problem]


def db_user_count(database_url: str) -> int:
    out = subprocess.run(
        ["psql", database_url, "-tAc", "SELECT count(*) FROM accounts_user"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def print_table(rows: list[dict[str, float | str]], failures: dict[str, int]) -> None:
    header = (
        f"{'endpoint':<10} {'requests':>8} {'failed':>6} {'req/s':>7} {'mean ms':>8} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['endpoint']:<10} {row['requests']:>8} {failures.get(str(row['endpoint']), 0):>6} "
            f"{row['req_per_s']:>7.1f} {row['mean_ms']:>8.0f} {row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} "
            f"{row['p99_ms']:>7.0f} {row['max_ms']:>7.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("LOAD_DURATION", "60")), help="seconds")
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "20")))
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", "4")), help="gunicorn")
    parser.add_argument("--out", type=Path, help="keep locust's CSV files and a summary.json here")
    args = parser.parse_args()
    if not 1 <= args.duration <= 3600:
        parser.error("--duration must be between 1 and 3600 seconds")

    work = Path(tempfile.mkdtemp(prefix="latchkey-load-"))
    accounts_file, status_file, prefix = work / "accounts.jsonl", work / "status.json", work / "locust"
    violations: list[str] = []
    with Stack() as stack:
        database = stack.database()
        redis = stack.redis()
        api = stack.backend(
            database_url=database,
            redis_url=redis.url,
            workers=args.workers,
            extra_env={f"THROTTLE_RATE_{name}": HIGH_RATE for name in THROTTLES},
        )
        print(
            f"stack: gunicorn x{args.workers} at {api.url}, PostgreSQL {database.rsplit('/', 1)[-1]}, "
            f"Redis :{redis.port}; machine: {cpu_summary()}",
            flush=True,
        )
        print(
            f"locust: {args.users} users, {args.duration} s; load average before: {os.getloadavg()[0]:.1f}", flush=True
        )
        started = time.monotonic()
        locust_log = (work / "locust.log").open("wb")
        locust = subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--host",
                api.url,
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "LOAD_ACCOUNTS_FILE": str(accounts_file), "LOAD_STATUS_FILE": str(status_file)},
            timeout=args.duration + 180,
            check=False,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
        )
        locust_log.close()
        elapsed = time.monotonic() - started
        if not status_file.exists():
            print((work / "locust.log").read_text(errors="replace")[-5000:])
            print(f"FAIL: locust exited {locust.returncode} without results")
            return 1
        results = json.loads(status_file.read_text())
        statuses: dict[str, dict[str, int]] = results["statuses"]
        rows = latency_rows(results["latencies_ms"], float(args.duration))
        accounts = [json.loads(line) for line in accounts_file.read_text().splitlines() if line.strip()]
        expected = {"register": "201", "login": "200", "me": "200", "refresh": "200", "logout": "204"}
        failed = {name: sum(n for c, n in codes.items() if c != expected[name]) for name, codes in statuses.items()}
        failed["ALL"] = sum(failed.values())

        print(
            f"\nlocust finished in {elapsed:.0f} s (exit {locust.returncode}); load average (1 min) at the end "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; rates are per second of load\n"
        )
        print_table(rows, failed)
        print("\nstatus codes:", json.dumps(statuses, sort_keys=True))
        for problem in results.get("problems", []):
            print(f"  unexpected: {problem['endpoint']} -> {problem['status']}: {problem['body']}")

        server_errors = {
            name: {c: n for c, n in codes.items() if c.startswith("5")} for name, codes in statuses.items()
        }
        server_errors = {name: codes for name, codes in server_errors.items() if codes}
        if server_errors:
            violations.append(f"5xx answers: {server_errors}")
        unexpected = {name: {c: n for c, n in codes.items() if c != expected[name]} for name, codes in statuses.items()}
        unexpected = {name: codes for name, codes in unexpected.items() if codes}
        if unexpected:
            violations.append(f"unexpected statuses (0 = connection error): {unexpected}")
        created = int(statuses.get("register", {}).get("201", 0))
        if created != len(accounts):
            violations.append(f"{created} registrations answered 201 but {len(accounts)} were recorded")
        if created == 0:
            violations.append("no account was created: the load did not run")

        print(f"\nverifying that all {len(accounts)} created accounts log in ...", flush=True)
        check_started = time.monotonic()
        lost = verify_accounts(api.url, accounts)
        in_db = db_user_count(database)
        print(
            f"  {len(accounts) - len(lost)}/{len(accounts)} logged in, {in_db} accounts in the database "
            f"({time.monotonic() - check_started:.0f} s)"
        )
        if lost:
            violations.append(f"{len(lost)} lost accounts, e.g. {lost[:5]}")
        if in_db != len(accounts):
            violations.append(f"database holds {in_db} accounts, {len(accounts)} were created")

        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            for file in [*work.glob("locust_*.csv"), work / "locust.log"]:
                shutil.copy(file, args.out / file.name)
            summary = {
                "machine": cpu_summary(),
                "users": args.users,
                "duration_s": args.duration,
                "gunicorn_workers": args.workers,
                "statuses": statuses,
                "accounts_created": len(accounts),
                "accounts_lost": len(lost),
                "accounts_in_db": in_db,
                "latency": rows,
                "violations": violations,
            }
            (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    shutil.rmtree(work, ignore_errors=True)

    if violations:
        print("\nFAIL")
        for violation in violations:
            print(f"  - {violation}")
        return 1
    print("\nPASS: zero 5xx, zero unexpected answers, zero lost accounts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
