"""Mixed auth traffic for `stress/load/run.py`: register, login, /me, refresh, logout.

Every simulated user registers its own account first, so logins are spread over as many accounts as there are
users and no (email, address) pair ever collects failures: the login lockout cannot trigger. Every account that
got a 201 is appended to LOAD_ACCOUNTS_FILE, so the runner can prove afterwards that each one still logs in.
Status codes and every response time (ms) per endpoint go to LOAD_STATUS_FILE (JSON) when the run stops.
"""

from __future__ import annotations

import collections
import json
import os
import random
import time
import uuid

from locust import FastHttpUser, between, events, task

ACCOUNTS_FILE = os.environ.get("LOAD_ACCOUNTS_FILE", "load-accounts.jsonl")
STATUS_FILE = os.environ.get("LOAD_STATUS_FILE", "load-status.json")
RUN_ID = uuid.uuid4().hex[:8]
EXPECTED = {"register": 201, "login": 200, "me": 200, "refresh": 200, "logout": 204}

statuses: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
latencies: dict[str, list[float]] = collections.defaultdict(list)
# The first unexpected answers, with their bodies, for the runner's report.
problems: list[dict[str, object]] = []
_accounts = open(ACCOUNTS_FILE, "a", encoding="utf-8")  # noqa: SIM115 - closed when the run stops


@events.request.add_listener
def _record_latency(name: str, response_time: float, **_: object) -> None:
    latencies[name].append(response_time)


@events.test_stop.add_listener
def _write_results(**_: object) -> None:
    _accounts.flush()
    result = {
        "statuses": {name: {str(code): n for code, n in counter.items()} for name, counter in statuses.items()},
        "latencies_ms": latencies,
        "problems": problems,
    }
    with open(STATUS_FILE, "w", encoding="utf-8") as out:
        json.dump(result, out)


class AuthUser(FastHttpUser):
    wait_time = between(0.1, 0.5)

    def on_start(self) -> None:
        self.email = ""
        self.password = ""
        self.access = ""
        self.refresh_token = ""
        self.register()

    # ---- helpers ---------------------------------------------------------------------------------------------
    def _call(self, name: str, method: str, path: str, **kwargs: object) -> dict[str, object] | None:
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as response:
            code = response.status_code or 0
            statuses[name][code] += 1
            if code != EXPECTED[name]:
                response.failure(f"HTTP {code}")
                if len(problems) < 20:
                    body = (response.text or "")[:300] if code else str(response.error)[:300]
                    problems.append({"endpoint": name, "status": code, "body": body, "at": time.time()})
                return None
            response.success()
            if code == 204:
                return {}
            try:
                body = response.json()
            except ValueError:
                response.failure("body is not JSON")
                return None
            return body if isinstance(body, dict) else None

    def _keep(self, body: dict[str, object]) -> None:
        self.access = str(body.get("access", ""))
        self.refresh_token = str(body.get("refresh", ""))

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}

    # ---- tasks -----------------------------------------------------------------------------------------------
    @task(1)
    def register(self) -> None:
        """A new account; the user carries on with it (logins stay spread over all accounts)."""
        email = f"load-{RUN_ID}-{uuid.uuid4().hex[:16]}@example.com"
        # No character in common with the email (hex, "load", "@example.com"): Django's similarity validator
        # rejected about 1 in 1500 hex passwords as "too similar to the email", a 400 that is no server fault.
        password = "".join(random.choice("ghijknqrstuvwyz") for _ in range(24))
        body = self._call(
            "register", "POST", "/api/auth/register/", json={"email": email, "password": password, "name": "Load Test"}
        )
        if body is not None:
            self.email, self.password = email, password
            _accounts.write(json.dumps({"email": email, "password": password}) + "\n")
            self._keep(body)

    @task(6)
    def me(self) -> None:
        if not self.access:
            return self.login()
        self._call("me", "GET", "/api/auth/me/", headers=self._auth())
        return None

    @task(3)
    def refresh(self) -> None:
        if not self.refresh_token:
            return self.login()
        body = self._call("refresh", "POST", "/api/auth/refresh/", json={"refresh": self.refresh_token})
        if body is not None:
            self._keep(body)
        return None

    @task(2)
    def login(self) -> None:
        if not self.email:
            return self.register()
        body = self._call("login", "POST", "/api/auth/login/", json={"email": self.email, "password": self.password})
        if body is not None:
            self._keep(body)
        return None

    @task(1)
    def logout(self) -> None:
        if not self.refresh_token:
            return self.login()
        self._call("logout", "POST", "/api/auth/logout/", json={"refresh": self.refresh_token})
        self.access = self.refresh_token = ""
        return None
