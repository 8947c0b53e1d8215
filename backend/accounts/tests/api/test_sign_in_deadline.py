"""A sign-in the caller stopped waiting for leaves nothing behind (core.deadline): the Next.js server sends
X-Request-Deadline, and past it (less the skew margin) the API answers 408 and stores no session, no event of
success, no last_login and, for a signup, no account."""

from http import HTTPStatus

import pytest

from accounts.models import User
from audit.models import SecurityEvent
from core.deadline import now_ms
from usersessions.models import Session

REFUSED = {
    "status": 408,
    "errors": [
        {
            "code": "deadline_exceeded",
            "message": "The server took too long to answer, so you were not signed in. Please try again.",
        }
    ],
}

# (header value, or a function of now in ms; whether the sign-in is refused)
CASES = [
    pytest.param(lambda now: str(now - 60_000), True, id="a minute ago"),
    pytest.param(lambda now: str(now), True, id="now"),
    pytest.param(lambda now: str(now + 300), True, id="inside the skew margin"),
    pytest.param("0", True, id="the epoch"),
    pytest.param(lambda now: str(now + 30_000), False, id="in 30 s"),
    pytest.param("9999999999999999", False, id="huge"),
    pytest.param("1" * 40, False, id="too long: malformed"),
    pytest.param("", False, id="empty: malformed"),
    pytest.param("-1", False, id="negative: malformed"),
    pytest.param("1.5e12", False, id="exponent: malformed"),
    pytest.param("١٢٣", False, id="non-ASCII digits: malformed"),
    pytest.param(None, False, id="no header"),
]


def _headers(value, now: int) -> dict[str, str]:
    if value is None:
        return {}
    return {"HTTP_X_REQUEST_DEADLINE": value(now) if callable(value) else value}


@pytest.fixture(autouse=True)
def _margin(settings):
    settings.REQUEST_DEADLINE_MARGIN_MS = 1000


@pytest.mark.django_db
@pytest.mark.parametrize(("deadline", "refused"), CASES)
def test_login_past_its_deadline_is_refused_and_stores_nothing(api_client, user, user_password, deadline, refused):
    held = api_client.post("/api/auth/login/", {"email": user.email, "password": user_password}).json()["refresh"]
    user.refresh_from_db()
    last_login = user.last_login

    response = api_client.post(
        "/api/auth/login/",
        {"email": user.email, "password": user_password, "refresh": held},
        format="json",
        **_headers(deadline, now_ms()),
    )

    user.refresh_from_db()
    if refused:
        assert response.status_code == HTTPStatus.REQUEST_TIMEOUT
        assert response.json() == REFUSED
        assert Session.objects.filter(user=user).count() == 1
        assert Session.objects.get(user=user).revoked_at is None  # the session held before is not ended either
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, user=user).count() == 1
        assert user.last_login == last_login
    else:
        assert response.status_code == HTTPStatus.OK, response.json()
        assert Session.objects.filter(user=user, revoked_at__isnull=True).count() == 1
        assert Session.objects.filter(user=user).count() == 2
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, user=user).count() == 2


@pytest.mark.django_db
def test_a_wrong_password_past_the_deadline_is_still_a_wrong_password(api_client, user):
    response = api_client.post(
        "/api/auth/login/", {"email": user.email, "password": "not it at all"}, HTTP_X_REQUEST_DEADLINE="0"
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["errors"][0]["code"] == "invalid_credentials"


@pytest.mark.django_db
@pytest.mark.parametrize("verification_required", [False, True])
@pytest.mark.parametrize(("deadline", "refused"), CASES)
def test_signup_past_its_deadline_is_refused_and_leaves_no_account(
    api_client, settings, run_tasks, mailoutbox, verification_required, deadline, refused
):
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = verification_required
    body = {"email": "new@example.com", "password": "quiet meadow lantern 42", "name": "New Person"}

    response = api_client.post("/api/auth/register/", body, format="json", **_headers(deadline, now_ms()))
    run_tasks()

    if refused:
        assert response.status_code == HTTPStatus.REQUEST_TIMEOUT
        assert response.json() == REFUSED
        # Nothing at all: the user's retry must not be told that the address is taken.
        assert not User.objects.exists()
        assert not Session.objects.exists()
        assert not SecurityEvent.objects.exists()
        assert mailoutbox == []
        retry = api_client.post("/api/auth/register/", body, format="json")
        assert retry.status_code == HTTPStatus.CREATED, retry.json()
    else:
        assert response.status_code == HTTPStatus.CREATED, response.json()
        assert User.objects.count() == 1
        assert Session.objects.count() == (0 if verification_required else 1)
        assert len(mailoutbox) == 1
