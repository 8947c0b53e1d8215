"""Fixtures that start the production pieces on free loopback ports (tools/stack.py) and small HTTP helpers."""

import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.stack import Service, Stack  # noqa: E402

PASSWORD = "quiet meadow lantern 42"
# Rate limits would turn most of these requests into 429s: the tests are about correctness, not the limits.
GENEROUS_LIMITS = {
    f"THROTTLE_RATE_{scope}": "100000/min"
    for scope in ("REGISTER", "LOGIN", "REFRESH", "PASSWORD_RESET", "EMAIL", "ACCOUNT")
}
# Every request of these tests must be answered within this many seconds, whatever is down.
LOG_DIR = Path(os.environ.get("STRESS_LOG_DIR", "/tmp/latchkey-stress-logs"))  # noqa: S108
REQUEST_TIMEOUT = float(os.environ.get("STRESS_REQUEST_TIMEOUT", "15"))


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with Stack() as stack:
        try:
            yield stack
        finally:  # the servers' logs outlive the run, for the failure report
            LOG_DIR.mkdir(parents=True, exist_ok=True)
            for log in stack.workdir.glob("*.log"):
                shutil.copy(log, LOG_DIR / log.name)


@pytest.fixture(scope="session")
def postgres(stack: Stack) -> Service:
    """A PostgreSQL cluster of the tests' own, on its own port: fault tests stop and start it."""
    return stack.private_postgres()


@pytest.fixture(scope="session")
def redis_service(stack: Stack) -> Service:
    """A redis-server of the tests' own, on its own port: fault tests stop and start it."""
    return stack.redis()


class Api:
    """A live backend: its URL, its database (for row counts) and a few requests every test needs."""

    def __init__(self, service: Service, database_url: str) -> None:
        self.url = service.url
        self.service = service
        self.database_url = database_url

    def post(self, path: str, body: Any = None, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(self.url + path, json=body, headers=headers, timeout=REQUEST_TIMEOUT, **kwargs)

    def get(self, path: str, token: str | None = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.get(self.url + path, headers=headers, timeout=REQUEST_TIMEOUT)

    def register(self, email: str | None = None, password: str = PASSWORD) -> dict[str, Any]:
        email = email or f"u{uuid.uuid4().hex[:12]}@example.com"
        response = self.post("/api/auth/register/", {"email": email, "password": password, "name": "Stress Test"})
        assert response.status_code == 201, response.text
        return dict(response.json())

    def login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = self.post("/api/auth/login/", {"email": email, "password": password})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def scalar(self, sql: str, *params: Any) -> Any:
        return self.query(sql, *params)[0][0]


def start_api(stack: Stack, postgres: Service, redis_service: Service, *, workers: int = 4, **env: str) -> Api:
    database_url = stack.database(server=postgres)
    service = stack.backend(
        database_url=database_url,
        redis_url=redis_service.url,
        workers=workers,
        # A short-lived connection per request would hide what happens to persistent ones across a restart.
        extra_env={**GENEROUS_LIMITS, "DATABASE_CONN_MAX_AGE": "60", **env},
        gunicorn_args=["--timeout", "30"],
    )
    return Api(service, database_url)


@pytest.fixture(scope="module")
def api(stack: Stack, postgres: Service, redis_service: Service) -> Api:
    """gunicorn with 4 workers on a fresh database of the private cluster, sharing the private Redis."""
    return start_api(stack, postgres, redis_service)


def in_parallel(function: Any, count: int) -> list[Any]:
    """Calls function(0..count-1) from `count` threads released together, returns the results in order."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(function, range(count)))


def assert_error_shape(response: requests.Response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) <= {"code", "message", "param"}
        assert error["code"]
        assert error["message"]


def wait_until(condition: Any, *, timeout: float, interval: float = 0.2, message: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} not reached within {timeout} s")
        time.sleep(interval)
