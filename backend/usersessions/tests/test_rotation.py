"""Refresh token rotation: a lost answer is never theft; a copy used after its successor was used is."""

from datetime import timedelta
from http import HTTPStatus

import jwt
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import SecurityEvent
from core.context import RequestContext
from usersessions.models import Session
from usersessions.services import session_start

REFRESH = "/api/auth/refresh/"
ME = "/api/auth/me/"


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


class Family:
    """One session's refresh tokens, numbered by generation (0 = the one login gave)."""

    def __init__(self, user) -> None:
        pair = session_start(user=user, context=RequestContext())
        self.session_id = pair.session_id
        self.tokens: dict[int, str] = {0: pair.refresh}
        self.generation_of: dict[str, int] = {_claims(pair.refresh)["jti"]: 0}
        self.client = APIClient()

    def present(self, generation: int, *, successor_used_ago: float | None = None):
        """Presents a generation's token; `successor_used_ago` moves the last rotation that many seconds back."""
        if successor_used_ago is not None:
            Session.objects.filter(pk=self.session_id).update(
                rotated_at=timezone.now() - timedelta(seconds=successor_used_ago)
            )
        response = self.client.post(REFRESH, {"refresh": self.tokens[generation]})
        if response.status_code != HTTPStatus.OK:
            return response.status_code, None
        body = response.json()
        jti = _claims(body["refresh"])["jti"]
        returned = self.generation_of.setdefault(jti, len(self.generation_of))
        self.tokens[returned] = body["refresh"]
        assert self.client.get(ME, HTTP_AUTHORIZATION=f"Bearer {body['access']}").status_code == HTTPStatus.OK
        return response.status_code, returned


OK, GONE = HTTPStatus.OK, HTTPStatus.UNAUTHORIZED

# (scenario, steps as (generation presented, seconds since its successor was used or None, status, generation
# returned), theft detected)
SCENARIOS = [
    ("first use rotates", [(0, None, OK, 1), (1, None, OK, 2)], False),
    ("parallel tabs share one successor", [(0, None, OK, 1), (0, None, OK, 1), (1, None, OK, 2)], False),
    ("answer lost, retried 30 s later", [(0, None, OK, 1), (0, 30, OK, 1), (1, None, OK, 2)], False),
    ("answer lost, retried a day later", [(0, None, OK, 1), (0, 86400, OK, 1), (1, None, OK, 2)], False),
    ("retried twice, then used", [(0, None, OK, 1), (0, 5, OK, 1), (0, 60, OK, 1), (1, None, OK, 2)], False),
    ("crossed cookie writes within grace", [(0, None, OK, 1), (1, None, OK, 2), (0, 2, OK, 2)], False),
    ("crossed writes, successor unseen", [(0, None, OK, 1), (0, None, OK, 1), (1, None, OK, 2), (1, 30, OK, 2)], False),
    ("copy used after its successor was", [(0, None, OK, 1), (1, None, OK, 2), (0, 30, GONE, None)], True),
    ("copy three generations old", [(0, None, OK, 1), (1, None, OK, 2), (2, None, OK, 3), (0, 0, GONE, None)], True),
    (
        "copy two generations old, late",
        [(0, None, OK, 1), (1, None, OK, 2), (2, None, OK, 3), (1, 11, GONE, None)],
        True,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("steps", "theft"), [pytest.param(s, t, id=name) for name, s, t in SCENARIOS])
def test_rotation_scenarios(user, steps, theft):
    family = Family(user)

    outcomes = [family.present(generation, successor_used_ago=ago) for generation, ago, _, _ in steps]

    assert outcomes == [(status, returned) for _, _, status, returned in steps]
    assert SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists() is theft
    session = Session.objects.get(pk=family.session_id)
    assert (session.revoked_reason == "refresh_reuse") is theft


@pytest.mark.django_db
def test_theft_ends_the_session_for_the_legitimate_holder_too(user):
    family = Family(user)
    family.present(0)
    family.present(1)
    latest = family.tokens[2]

    assert family.present(0, successor_used_ago=30) == (GONE, None)

    # The thief may hold the latest token: it is dead as well, and so is every access token of the session.
    assert family.client.post(REFRESH, {"refresh": latest}).status_code == GONE
    assert family.present(2) == (GONE, None)


@pytest.mark.django_db
def test_refresh_tokens_of_an_ended_session_are_refused_without_a_theft_alarm(user):
    family = Family(user)
    family.present(0)
    Session.objects.filter(pk=family.session_id).update(revoked_at=timezone.now(), revoked_reason="logout")

    assert family.present(0, successor_used_ago=30) == (GONE, None)
    assert family.present(1) == (GONE, None)
    assert not SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("presented", "ago", "ends"),
    [(2, None, True), (1, 60, True), (0, 2, True), (0, 30, False)],
    ids=["current", "rotated out, successor unseen", "before that, within grace", "before that, after grace"],
)
def test_logout_accepts_every_token_a_refresh_would_accept(user, presented, ago, ends):
    family = Family(user)
    family.present(0)
    family.present(1)
    if ago is not None:
        Session.objects.filter(pk=family.session_id).update(rotated_at=timezone.now() - timedelta(seconds=ago))

    response = family.client.post("/api/auth/logout/", {"refresh": family.tokens[presented]})

    assert response.status_code == (HTTPStatus.NO_CONTENT if ends else HTTPStatus.UNAUTHORIZED)
    assert (Session.objects.get(pk=family.session_id).revoked_reason == "logout") is ends
