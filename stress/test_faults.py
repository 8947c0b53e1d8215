"""Faults in real services (a private PostgreSQL cluster, a private redis-server, the mail worker), stopped and
started by the tests themselves on their own ports while requests run over HTTP against 4 gunicorn workers."""

import signal
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from conftest import PASSWORD, Api, assert_error_shape, wait_until
from tools.stack import Service, Stack

pytestmark = pytest.mark.stress

# Whatever is down, every answer comes within this many seconds (Redis and PostgreSQL time out after 1 and 3 s).
BOUND_SECONDS = 5.0
WORKERS = 4


def timed(call: Any) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def redis_keys(service: Service) -> int:
    out = subprocess.run(["redis-cli", "-p", str(service.port), "dbsize"], capture_output=True, text=True, check=False)
    return int(out.stdout.strip() or 0)


def test_redis_outage_degrades_safely_and_recovers_by_itself(api: Api, stack: Stack, redis_service: Service) -> None:
    email = f"cacheless-{uuid.uuid4().hex[:8]}@example.com"
    kept = api.register(email)
    ended_before = api.login(email)
    assert api.post("/api/auth/logout/", {"refresh": ended_before["refresh"]}).status_code == 204
    ended_during = api.login(email)
    answers: list[tuple[str, int, float]] = []

    def check(name: str, call: Any, status: int) -> requests.Response:
        response, elapsed = timed(call)
        answers.append((name, response.status_code, elapsed))
        assert response.status_code == status, (name, response.status_code, response.text[:300])
        return response

    stack.stop(redis_service.process)  # type: ignore[arg-type]
    try:
        # Several rounds, so that every worker process meets the outage.
        for _ in range(2 * WORKERS):
            check("me", lambda: api.get("/api/auth/me/", kept["access"]), 200)
            # A session revoked before the outage stays revoked: the check falls back to the database.
            check("me-ended-before", lambda: api.get("/api/auth/me/", ended_before["access"]), 401)
            # Rate limits and login delays fail open: signing in still works.
            check("login", lambda: api.post("/api/auth/login/", {"email": email, "password": PASSWORD}), 200)
        refreshed = check("refresh", lambda: api.post("/api/auth/refresh/", {"refresh": kept["refresh"]}), 200).json()
        check(
            "register",
            lambda: api.post(
                "/api/auth/register/",
                {"email": f"x{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD, "name": "N"},
            ),
            201,
        )
        # Revoked while the cache is down: the marker cannot reach Redis, and no process may trust its absence.
        check("logout", lambda: api.post("/api/auth/logout/", {"refresh": ended_during["refresh"]}), 204)
        for _ in range(2 * WORKERS):
            check("me-ended-during", lambda: api.get("/api/auth/me/", ended_during["access"]), 401)
            check("me-refreshed", lambda: api.get("/api/auth/me/", refreshed["access"]), 200)
    finally:
        stack.start_redis(redis_service)

    slow = [answer for answer in answers if answer[2] > BOUND_SECONDS]
    assert not slow, slow
    # Back by itself, without restarting the app: Redis is written to again (rate-limit counters, revocations)...
    wait_until(
        lambda: api.get("/api/auth/me/", refreshed["access"]).ok and redis_keys(redis_service) > 0,
        timeout=30,
        message="the API using Redis again",
    )
    # ...and a Redis that lost its data (no persistence) does not resurrect any session revoked before or during.
    for _ in range(2 * WORKERS):
        assert api.get("/api/auth/me/", ended_before["access"]).status_code == 401
        assert api.get("/api/auth/me/", ended_during["access"]).status_code == 401
        assert api.get("/api/auth/me/", refreshed["access"]).status_code == 200
    assert api.post("/api/auth/refresh/", {"refresh": ended_during["refresh"]}).status_code == 401


def test_postgres_restart_gives_clean_503s_then_recovers_and_keeps_every_201(
    api: Api, stack: Stack, postgres: Service
) -> None:
    results: list[tuple[str, int, float, requests.Response]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def register_until_stopped(thread: int) -> None:
        for index in range(400):  # bounded, whatever happens
            if stop.is_set():
                return
            email = f"pg-{thread}-{index}-{uuid.uuid4().hex[:6]}@example.com"
            body = {"email": email, "password": PASSWORD, "name": "Restart"}
            response, elapsed = timed(lambda body=body: api.post("/api/auth/register/", body))  # type: ignore[misc]
            with lock:
                results.append((email, response.status_code, elapsed, response))
            time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(register_until_stopped, thread) for thread in range(4)]
        try:
            wait_until(
                lambda: sum(status == 201 for _, status, _, _ in results) >= 8,
                timeout=30,
                message="registrations before the restart",
            )
            stack.stop_postgres(postgres)
            try:
                down_since = len(results)
                wait_until(
                    lambda: sum(status == 503 for _, status, _, _ in results[down_since:]) >= 8,
                    timeout=30,
                    message="503s while PostgreSQL is down",
                )
                health = api.get("/api/health/")
                assert_error_shape(health, 503)
            finally:
                stack.start_postgres(postgres)
            up_since = len(results)
            # No app restart: the same gunicorn workers reconnect by themselves.
            wait_until(
                lambda: sum(status == 201 for _, status, _, _ in results[up_since:]) >= 8,
                timeout=60,
                message="registrations after the restart",
            )
        finally:
            stop.set()
            for future in futures:
                future.result(timeout=60)

    assert api.get("/api/health/").status_code == 200
    statuses = {status for _, status, _, _ in results}
    assert statuses <= {201, 503}, [(s, r.text[:200]) for _, s, _, r in results if s not in (201, 503)]
    for _, status, _, response in results:
        if status == 503:
            assert_error_shape(response, 503)
            assert response.json()["errors"][0]["code"] == "service_unavailable"
            assert response.headers.get("Retry-After")
    slow = [(status, elapsed) for _, status, elapsed, _ in results if elapsed > BOUND_SECONDS]
    assert not slow, slow
    created = [email for email, status, _, _ in results if status == 201]
    stored = {row[0] for row in api.query("SELECT email FROM accounts_user WHERE email LIKE 'pg-%%'")}
    assert set(created) <= stored, set(created) - stored
    # No partial registration: every stored account has its session (a 503 either stored both or neither).
    orphans = api.query(
        "SELECT email FROM accounts_user u WHERE email LIKE 'pg-%%' "
        "AND NOT EXISTS (SELECT 1 FROM usersessions_session s WHERE s.user_id = u.id)"
    )
    assert not orphans, orphans


def _mails(directory: Path, to: str, subject: str) -> list[str]:
    found = []
    for path in directory.glob("*"):
        text = path.read_text(errors="replace")
        if f"To: {to}" in text and subject in text:
            found.append(text)
    return found


def test_killed_mail_worker_sends_the_queued_message_once_back(api: Api, stack: Stack, tmp_path: Path) -> None:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {"EMAIL_FILE_PATH": str(mail_dir)}
    email = f"mail-{uuid.uuid4().hex[:8]}@example.com"
    worker = stack.worker(database_url=api.database_url, extra_env=env)
    try:
        # The worker is up once it has sent the signup's verification mail.
        api.register(email)
        wait_until(
            lambda: _mails(mail_dir, email, "Confirm your email address"), timeout=60, message="the verification mail"
        )
    finally:
        stack.stop(worker, sig=signal.SIGKILL)
    assert worker.returncode == -signal.SIGKILL

    response = api.post("/api/auth/password/reset/", {"email": email})
    assert response.status_code == 202
    queued = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s AND status = 'READY'"
    assert api.scalar(queued, "%password_reset_send") == 1
    time.sleep(1.0)
    assert not _mails(mail_dir, email, "Reset your password")

    worker = stack.worker(database_url=api.database_url, extra_env=env)
    try:
        wait_until(lambda: _mails(mail_dir, email, "Reset your password"), timeout=60, message="the reset mail")
        time.sleep(1.0)  # a duplicate would come within the worker's next polls
        assert len(_mails(mail_dir, email, "Reset your password")) == 1
        assert api.scalar(queued, "%password_reset_send") == 0
    finally:
        stack.stop(worker)
