"""How many write transactions the hot auth paths cost (bench/RESULTS.md quotes these counts)."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.context import RequestContext
from tokens.keyring import keyring
from usersessions.services import session_refresh, session_start

WRITES = ("INSERT", "UPDATE", "DELETE")
# Writes inside one statement (core.db.update_then_insert: WITH updated AS (UPDATE ...), ... AS (INSERT ...)).
WRITE_IN_WITH = re.compile(r"\(\s*(INSERT INTO|UPDATE|DELETE FROM)\s")


class WriteLog:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.writes = 0
        self.transactions = 0
        self._open = False

    def _committed(self) -> None:
        self._open = False

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        head = sql.lstrip().upper()
        writes = 1 if head.startswith(WRITES) else len(WRITE_IN_WITH.findall(head)) if head.startswith("WITH") else 0
        if writes:
            self.statements.append(sql)
            self.writes += writes
            if not connection.in_atomic_block:
                self.transactions += 1  # autocommit: the statement is its own transaction
            elif not self._open:
                self._open = True
                self.transactions += 1
                connection.on_commit(self._committed)
        return execute(sql, params, many, context)


@contextmanager
def write_log() -> Iterator[WriteLog]:
    log = WriteLog()
    with connection.execute_wrapper(log):
        yield log


@pytest.mark.django_db(transaction=True)
def test_refresh_is_one_write_transaction():
    user = UserFactory()
    pair = session_start(user=user, context=RequestContext())
    with write_log() as log:
        session_refresh(refresh=pair.refresh, context=RequestContext())
    assert log.transactions == 1
    assert len(log.statements) == 1
    assert log.statements[0].upper().startswith("UPDATE")


@pytest.mark.django_db(transaction=True)
def test_login_is_one_write_transaction(api_client):
    user = UserFactory()
    keyring.active()  # the first signing key is made once per deployment, not per login
    with write_log() as log:
        response = api_client.post("/api/auth/login/", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    # last_login, the session and the audit event, committed together: on PostgreSQL in one statement (one round
    # trip, committing on its own), elsewhere in three statements of one transaction.
    assert log.transactions == 1, log.statements
    assert log.writes == 3, "\n".join(s[:90] for s in log.statements)
    assert len(log.statements) == (1 if connection.vendor == "postgresql" else 3)


@pytest.mark.django_db(transaction=True)
def test_authenticated_read_writes_nothing(api_client):
    user = UserFactory()
    pair = session_start(user=user, context=RequestContext())
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    with write_log() as log:
        assert api_client.get("/api/auth/me/").status_code == 200
    assert log.statements == []
