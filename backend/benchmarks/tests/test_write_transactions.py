"""How many write transactions the hot auth paths cost (bench/RESULTS.md quotes these counts)."""

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


class WriteLog:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.transactions = 0
        self._open = False

    def _committed(self) -> None:
        self._open = False

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith(WRITES):
            self.statements.append(sql)
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
    # last_login, the session and the audit event, committed together.
    assert log.transactions == 1, log.statements
    assert len(log.statements) == 3, "\n".join(s[:90] for s in log.statements)


@pytest.mark.django_db(transaction=True)
def test_authenticated_read_writes_nothing(api_client):
    user = UserFactory()
    pair = session_start(user=user, context=RequestContext())
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    with write_log() as log:
        assert api_client.get("/api/auth/me/").status_code == 200
    assert log.statements == []
