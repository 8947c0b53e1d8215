from http import HTTPStatus

import jwt
import pytest
from django.core import mail

from accounts.flows import password_change as password_change_flow

URL = "/api/auth/password/change/"
NEW_PASSWORD = "violet harbour kettle 77"


@pytest.mark.django_db
def test_password_change_keeps_this_session_with_fresh_tokens_and_signs_out_the_others(
    auth_client, api_client, user, user_password, tokens, run_tasks, monkeypatch
):
    revoked = []
    real_revoke = password_change_flow.session_revoke_all
    monkeypatch.setattr(
        password_change_flow, "session_revoke_all", lambda **kwargs: revoked.append(kwargs) or real_revoke(**kwargs)
    )

    response = auth_client.post(URL, {"current_password": user_password, "new_password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert body["access"] != tokens.access
    sid = jwt.decode(tokens.access, options={"verify_signature": False}).get("sid")
    assert revoked == [{"user": user, "reason": "password_changed", "keep_session_id": str(sid) if sid else None}]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    me = api_client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.status_code == HTTPStatus.OK
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
