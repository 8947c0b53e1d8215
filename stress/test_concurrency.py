"""Races over real HTTP: gunicorn with 4 worker processes, a fresh PostgreSQL database, Redis, 20 threads."""

import base64
import json
import threading
import uuid
from typing import Any

import argon2
import pytest

from conftest import PASSWORD, Api, in_parallel

pytestmark = pytest.mark.stress

PARALLEL = 20


def password_matches(stored: str, password: str) -> bool:
    algorithm, _, encoded = stored.partition("$")
    assert algorithm == "argon2"
    try:
        return bool(argon2.PasswordHasher().verify("$" + encoded, password))
    except argon2.exceptions.VerifyMismatchError:
        return False


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def test_parallel_registrations_of_one_email_make_exactly_one_account(api: Api) -> None:
    email = f"race-{uuid.uuid4().hex[:8]}@example.com"
    # Case variants are the same address: they race for the same account too.
    bodies = [{"email": email.upper() if i % 2 else email, "password": PASSWORD, "name": "Racer"} for i in range(20)]

    responses = in_parallel(lambda i: api.post("/api/auth/register/", bodies[i]), PARALLEL)

    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1, statuses
    assert set(statuses) == {201, 400}, statuses
    assert all(r.json()["errors"][0]["code"] == "unique" for r in responses if r.status_code == 400)
    assert api.scalar("SELECT count(*) FROM accounts_user WHERE email = %s", email) == 1
    # Only the winner got a session, and its tokens work.
    user_id = api.scalar("SELECT id FROM accounts_user WHERE email = %s", email)
    assert api.scalar("SELECT count(*) FROM usersessions_session WHERE user_id = %s", user_id) == 1
    winner = next(r.json() for r in responses if r.status_code == 201)
    assert api.get("/api/auth/me/", winner["access"]).status_code == 200


def test_parallel_refreshes_of_one_token_keep_one_consistent_session(api: Api) -> None:
    start = api.register()
    sid = claims(start["refresh"])["sid"]

    responses = in_parallel(lambda i: api.post("/api/auth/refresh/", {"refresh": start["refresh"]}), PARALLEL)

    assert [r.status_code for r in responses] == [200] * PARALLEL, [r.text for r in responses if r.status_code != 200]
    pairs = [r.json() for r in responses]
    row = api.query("SELECT refresh_jti, revoked_at FROM usersessions_session WHERE id = %s", sid)
    assert len(row) == 1
    current_jti, revoked_at = row[0]
    assert revoked_at is None
    user_id = claims(start["refresh"])["user_id"]
    assert api.scalar("SELECT count(*) FROM usersessions_session WHERE user_id = %s", int(user_id)) == 1
    # No orphan tokens: every successor belongs to the one session's current generation, so each caller can go on.
    assert {claims(p["refresh"])["sid"] for p in pairs} == {sid}
    assert {claims(p["refresh"])["jti"] for p in pairs} == {current_jti}
    for pair in pairs:
        assert api.get("/api/auth/me/", pair["access"]).status_code == 200
    # The user stays signed in: the successors rotate again (in parallel too), and the session lives on.
    again = in_parallel(lambda i: api.post("/api/auth/refresh/", {"refresh": pairs[i]["refresh"]}), PARALLEL)
    assert [r.status_code for r in again] == [200] * PARALLEL, [r.text for r in again if r.status_code != 200]
    assert api.scalar("SELECT revoked_at FROM usersessions_session WHERE id = %s", sid) is None
    assert api.get("/api/auth/me/", again[-1].json()["access"]).status_code == 200


def test_parallel_logins_logouts_and_password_changes_lose_nothing(api: Api) -> None:
    """No lost update and no session that outlives the revocation of a password change.

    Every request is released at once: 10 threads logging in with the old password until the changes are over,
    5 logouts, and 5 password changes from
    5 sessions, each from the old password to its own new one. At most one change can win (the others no
    longer know the current password); whichever did, it signed out every other session, so the only live session
    may be the winner's, and a login that proved the old password must not have left a live session behind.
    """
    email = f"busy-{uuid.uuid4().hex[:8]}@example.com"
    first = api.register(email)
    changers = [first] + [api.login(email) for _ in range(4)]
    leavers = [api.login(email) for _ in range(5)]
    new_passwords = [f"brand new secret number {i} {uuid.uuid4().hex[:6]}" for i in range(5)]

    changes_done = threading.Barrier(5, timeout=60)
    changes_over = threading.Event()

    def act(i: int) -> list[tuple[str, int, Any]]:
        if i < 10:  # logins keep coming, a bounded number, until every password change has answered
            out = []
            for _ in range(8):
                response = api.post("/api/auth/login/", {"email": email, "password": PASSWORD})
                out.append(("login", response.status_code, response.json() if response.ok else response.text))
                if changes_over.is_set():
                    break
            return out
        if i < 15:
            response = api.post("/api/auth/logout/", {"refresh": leavers[i - 10]["refresh"]})
            return [("logout", response.status_code, response.text)]
        k = i - 15
        body = {"current_password": PASSWORD, "new_password": new_passwords[k]}
        response = api.post("/api/auth/password/change/", body, token=changers[k]["access"])
        if changes_done.wait() == 0:
            changes_over.set()
        return [(f"change{k}", response.status_code, response.json() if response.ok else response.text)]

    results = [result for results in in_parallel(act, PARALLEL) for result in results]

    assert all(status < 500 for _, status, _ in results), results
    changes = [(kind, status, body) for kind, status, body in results if kind.startswith("change")]
    winners = [(int(kind[len("change") :]), body) for kind, status, body in changes if status == 200]
    assert len(winners) <= 1, f"lost update: {len(winners)} password changes from the same old password won"
    assert all(status in (200, 400, 401) for _, status, _ in changes), changes
    # Logouts of sessions nobody else touched always work, unless a password change revoked them first.
    assert all(status in (204, 401) for kind, status, _ in results if kind == "logout"), results

    user_id = api.scalar("SELECT id FROM accounts_user WHERE email = %s", email)
    live = {
        str(row[0])
        for row in api.query("SELECT id FROM usersessions_session WHERE user_id = %s AND revoked_at IS NULL", user_id)
    }
    logins = [body for kind, status, body in results if kind == "login" and status == 200]
    if winners:
        k, tokens = winners[0]
        # The winner's password is the one in force, and the old one no longer is (checked on the stored hash:
        # the failed logins above have put this client address into the per-account login delay).
        stored = api.scalar("SELECT password FROM accounts_user WHERE id = %s", user_id)
        assert password_matches(stored, new_passwords[k])
        assert not password_matches(stored, PASSWORD)
        survivors = live - {claims(tokens["refresh"])["sid"]}
        assert not survivors & {claims(body["refresh"])["sid"] for body in logins}, (
            "a login that proved the old password kept its session after the password change revoked all others"
        )
        assert api.get("/api/auth/me/", tokens["access"]).status_code == 200
        for body in logins + changers + leavers:
            if claims(body["refresh"])["sid"] not in live:
                assert api.get("/api/auth/me/", body["access"]).status_code == 401
    # A logout that answered 204 ended its session for good.
    logouts = [(status, leaver) for (kind, status, _), leaver in zip(results[-10:-5], leavers, strict=True)]
    assert [kind for kind, _, _ in results[-10:-5]] == ["logout"] * 5
    for status, leaver in logouts:
        if status == 204:
            assert claims(leaver["refresh"])["sid"] not in live
            assert api.get("/api/auth/me/", leaver["access"]).status_code == 401
