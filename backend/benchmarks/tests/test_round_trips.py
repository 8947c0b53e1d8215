"""How many database queries and Redis round trips a login costs (bench/profile-login.txt splits its time by them).

Counted, not timed: a count that grows is a regression a loaded machine cannot hide."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from redis.connection import AbstractConnection

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.context import RequestContext
from mfa.models import Passkey, TotpDevice
from tokens.keyring import keyring
from usersessions.services import session_start

REDIS = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/12", "KEY_PREFIX": "rt"}}


@pytest.fixture
def redis_cache() -> Iterator[None]:
    """The production cache (core.cache.RedisCache), so round trips are real ones."""
    with override_settings(CACHES=REDIS):
        cache = caches["default"]
        try:
            cache.clear()
        except Exception:  # pragma: no cover - no Redis on this machine
            pytest.skip("no Redis at 127.0.0.1:6379")
        yield
        cache.clear()


@contextmanager
def redis_round_trips(monkeypatch) -> Iterator[list[bytes]]:
    """Every request sent to Redis: one per command, one per pipeline or script (what it costs on the network)."""
    sent: list[bytes] = []
    send = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command if isinstance(command, bytes) else b"".join(command))
        return send(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    yield sent
    monkeypatch.setattr(AbstractConnection, "send_packed_command", send)


def _login(api_client, email: str):
    return api_client.post("/api/auth/login/", {"email": email, "password": DEFAULT_PASSWORD})


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("redis_cache")
def test_login_costs_one_redis_round_trip_more_than_a_refresh(api_client, monkeypatch):
    user = UserFactory()
    _login(api_client, user.email)  # loads the counters' script into Redis once, as the first login of a process does
    pair = session_start(user=user, context=RequestContext())
    with redis_round_trips(monkeypatch) as login_trips:
        assert _login(api_client, user.email).status_code == 200
    with redis_round_trips(monkeypatch) as refresh_trips:
        assert api_client.post("/api/auth/refresh/", {"refresh": pair.refresh}).status_code == 200
    # The address rate and the pair's reservation together (one script), then the pair cleared after the verdict.
    assert len(login_trips) == 2, login_trips
    assert len(refresh_trips) == 1, refresh_trips


def _transaction_control(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("factor", ["none", "totp", "passkey"])
def test_login_reads_the_account_and_its_second_factors_in_one_query(api_client, factor):
    user = UserFactory()
    if factor == "totp":
        TotpDevice.objects.create(user=user, secret_encrypted="unused here", confirmed=True)
    elif factor == "passkey":
        Passkey.objects.create(user=user, credential_id=b"id", public_key=b"key", user_handle=b"handle", name="Key")
    keyring.active()  # the first signing key is made once per deployment, not per login
    with CaptureQueriesContext(connection) as queries:
        response = _login(api_client, user.email)
    assert response.status_code == 200
    assert ("mfa_token" in response.json()) == (factor != "none")
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    user_reads = [sql for sql in reads if 'FROM "accounts_user"' in sql]
    assert len(user_reads) == 1, reads
    assert '"mfa_totpdevice"' in user_reads[0]
    assert '"mfa_passkey"' in user_reads[0]
    if factor == "none":
        # The account and its factors, then the one write statement (core.db.update_then_insert) on PostgreSQL.
        assert reads == user_reads
        # Transaction control is not a statement of its own here: SQLite logs its BEGIN IMMEDIATE and COMMIT.
        statements = [q["sql"] for q in queries.captured_queries if not _transaction_control(q["sql"])]
        assert len(statements) == (2 if connection.vendor == "postgresql" else 4), [sql[:80] for sql in statements]
