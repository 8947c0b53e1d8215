from datetime import timedelta
from http import HTTPStatus

import jwt
import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from audit.models import SecurityEvent
from core.context import RequestContext
from usersessions.models import Session
from usersessions.services import session_start

REFRESH = "/api/auth/refresh/"
ME = "/api/auth/me/"
SESSIONS = "/api/auth/sessions/"


def _client(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _sid(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


@pytest.mark.django_db
def test_login_starts_a_session_with_device_and_address(user, user_password):
    client = APIClient(
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"
    )

    response = client.post("/api/auth/login/", {"email": user.email, "password": user_password})

    session = Session.objects.get(pk=_sid(response.json()["access"]))
    assert session.user == user
    assert session.ip_address == "127.0.0.1"
    assert session.device == "Chrome 131 on Linux"
    assert _sid(response.json()["refresh"]) == str(session.pk)


@pytest.mark.django_db
def test_session_never_outlives_its_absolute_lifetime(user, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    pair = session_start(user=user, context=RequestContext())
    session = Session.objects.get()
    for token in (pair.access, pair.refresh):
        assert jwt.decode(token, options={"verify_signature": False})["exp"] <= session.expires_at.timestamp()

    Session.objects.update(expires_at=session.created_at - timedelta(seconds=1))

    assert APIClient().post(REFRESH, {"refresh": pair.refresh}).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_session_list_marks_the_current_one(user):
    here = session_start(user=user, context=RequestContext())
    session_start(user=user, context=RequestContext())
    session_start(user=UserFactory(), context=RequestContext())

    response = _client(here.access).get(SESSIONS)

    assert response.status_code == HTTPStatus.OK
    sessions = response.json()
    assert len(sessions) == 2
    assert [s["id"] for s in sessions if s["current"]] == [_sid(here.access)]
    assert set(sessions[0]) == {"id", "device", "ip_address", "created_at", "last_used_at", "current"}


@pytest.mark.django_db
def test_revoking_a_session_ends_its_tokens_immediately(user):
    here = session_start(user=user, context=RequestContext())
    other = session_start(user=user, context=RequestContext())

    response = _client(here.access).delete(f"{SESSIONS}{_sid(other.access)}/")

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert _client(other.access).get(ME).status_code == HTTPStatus.UNAUTHORIZED
    assert APIClient().post(REFRESH, {"refresh": other.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    assert _client(here.access).get(ME).status_code == HTTPStatus.OK
    assert SecurityEvent.objects.filter(user=user, kind="session_revoked").exists()


@pytest.mark.django_db
def test_a_user_cannot_revoke_someone_elses_session(user):
    mine = session_start(user=user, context=RequestContext())
    theirs = session_start(user=UserFactory(), context=RequestContext())

    response = _client(mine.access).delete(f"{SESSIONS}{_sid(theirs.access)}/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _client(theirs.access).get(ME).status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize("session_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_revoking_an_unknown_session_is_404(user, session_id):
    mine = session_start(user=user, context=RequestContext())

    assert _client(mine.access).delete(f"{SESSIONS}{session_id}/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
def test_revoke_others_keeps_only_this_session(user):
    here = session_start(user=user, context=RequestContext())
    others = [session_start(user=user, context=RequestContext()) for _ in range(3)]

    response = _client(here.access).post(f"{SESSIONS}revoke-others/")

    assert response.json() == {"revoked": 3}
    assert all(_client(pair.access).get(ME).status_code == HTTPStatus.UNAUTHORIZED for pair in others)
    assert _client(here.access).get(ME).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_sessions_endpoints_require_authentication():
    client = APIClient()
    assert client.get(SESSIONS).status_code == HTTPStatus.UNAUTHORIZED
    assert client.post(f"{SESSIONS}revoke-others/").status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_me_costs_no_database_query_once_the_user_is_cached(user, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/11"}}
    from django.core.cache import cache

    from usersessions.revocation_feed import SENTINEL_KEY

    cache.set(SENTINEL_KEY, 0, timeout=None)
    pair = session_start(user=user, context=RequestContext())
    client = _client(pair.access)
    client.get(ME)

    with django_assert_num_queries(0):
        assert client.get(ME).status_code == HTTPStatus.OK
    cache.clear()
