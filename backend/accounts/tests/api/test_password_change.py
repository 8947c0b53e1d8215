from http import HTTPStatus

import pytest
from django.core import mail

from audit.models import SecurityEvent
from core.context import RequestContext
from usersessions.services import session_start

URL = "/api/auth/password/change/"
ME = "/api/auth/me/"
REFRESH = "/api/auth/refresh/"
NEW_PASSWORD = "violet harbour kettle 77"


@pytest.mark.django_db
def test_password_change_continues_this_device_under_a_new_session_and_ends_every_earlier_token(
    auth_client, api_client, user, user_password, tokens, run_tasks
):
    elsewhere = session_start(user=user, context=RequestContext())

    response = auth_client.post(URL, {"current_password": user_password, "new_password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"access", "refresh"}
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Every token issued before the change is dead at once, this session's own access token included.
    for old in (tokens, elsewhere):
        assert api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {old.access}").status_code == HTTPStatus.UNAUTHORIZED
        assert api_client.post(REFRESH, {"refresh": old.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    # ... and refusing them is not mistaken for theft.
    assert not SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists()
    me = api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.status_code == HTTPStatus.OK
    sessions = api_client.get("/api/auth/sessions/", HTTP_AUTHORIZATION=f"Bearer {body['access']}").json()
    assert [s["current"] for s in sessions] == [True]
    assert api_client.post(REFRESH, {"refresh": body["refresh"]}).status_code == HTTPStatus.OK
    run_tasks()
    (notice,) = mail.outbox
    assert notice.to == [user.email]
    assert notice.subject == "Latchkey: Your password was changed"


@pytest.mark.django_db
def test_password_change_with_a_wrong_current_password_is_400_on_that_field(auth_client, user, user_password):
    response = auth_client.post(URL, {"current_password": "not my password", "new_password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "invalid", "message": "The current password is incorrect.", "param": "current_password"}],
    }
    user.refresh_from_db()
    assert user.check_password(user_password)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"new_password": NEW_PASSWORD}, [("required", "current_password")]),
        ({"current_password": "x"}, [("required", "new_password")]),
    ],
)
def test_password_change_requires_both_fields(auth_client, data, errors):
    response = auth_client.post(URL, data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [(error["code"], error["param"]) for error in response.json()["errors"]] == errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1!", "password_too_short"),
        ("qwertyuiop", "password_too_common"),
        ("Ann Example", "password_too_similar"),
        ("8675309123", "password_entirely_numeric"),
    ],
)
def test_password_change_applies_the_password_validators(auth_client, user, user_password, password, code):
    response = auth_client.post(URL, {"current_password": user_password, "new_password": password})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [(error["code"], error["param"]) for error in response.json()["errors"]] == [(code, "new_password")]
    user.refresh_from_db()
    assert user.check_password(user_password)


@pytest.mark.django_db
def test_password_change_needs_a_signed_in_user(api_client):
    response = api_client.post(URL, {"current_password": "a", "new_password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_password_change_is_rate_limited(auth_client, throttle_rates):
    throttle_rates(account="2/min")

    statuses = [
        auth_client.post(URL, {"current_password": "wrong one", "new_password": NEW_PASSWORD}).status_code
        for _ in range(3)
    ]

    assert statuses == [HTTPStatus.BAD_REQUEST, HTTPStatus.BAD_REQUEST, HTTPStatus.TOO_MANY_REQUESTS]
