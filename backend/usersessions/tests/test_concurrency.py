"""Races between requests, with real threads and real transactions (PostgreSQL in CI)."""

from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import User
from core.context import RequestContext
from tokens.jwt import SessionRefreshToken
from usersessions.models import Session
from usersessions.services import session_start

PARALLEL = 20


def _in_threads(function, count: int = PARALLEL) -> list:
    def run(index: int):
        try:
            return function(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_of_one_email_make_exactly_one_account():
    body = {"email": "race@example.com", "password": "correct horse battery staple", "name": "Racer"}

    statuses = _in_threads(lambda i: APIClient().post("/api/auth/register/", body).status_code)

    assert statuses.count(HTTPStatus.CREATED) == 1
    assert set(statuses) == {HTTPStatus.CREATED, HTTPStatus.BAD_REQUEST}
    assert User.objects.filter(email="race@example.com").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_refreshes_of_one_token_keep_one_consistent_session(user):
    pair = session_start(user=user, context=RequestContext())

    responses = _in_threads(lambda i: APIClient().post("/api/auth/refresh/", {"refresh": pair.refresh}))

    assert {r.status_code for r in responses} == {HTTPStatus.OK}
    session = Session.objects.get()
    assert session.revoked_at is None
    assert Session.objects.count() == 1
    # Every caller can carry on: each successor refresh token belongs to the session's current generation (on
    # PostgreSQL a join in the rotating UPDATE once let two requests rotate, orphaning one caller's successor).
    jtis = {SessionRefreshToken(r.json()["refresh"])["jti"] for r in responses}
    assert jtis == {session.refresh_jti}
    successor = responses[0].json()["refresh"]
    assert APIClient().post("/api/auth/refresh/", {"refresh": successor}).status_code == HTTPStatus.OK
