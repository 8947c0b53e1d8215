from http import HTTPStatus

import pytest

from accounts.flows import account_deletion
from accounts.models import User

URL = "/api/auth/me/"


@pytest.mark.django_db
def test_delete_removes_the_user_and_every_token_and_frees_the_email(
    auth_client, api_client, user, user_password, tokens, monkeypatch
):
    revoked = []
    real_revoke = account_deletion.session_revoke_all
    monkeypatch.setattr(
        account_deletion, "session_revoke_all", lambda **kwargs: revoked.append(kwargs) or real_revoke(**kwargs)
    )

    response = auth_client.delete(URL, {"current_password": user_password})

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert not User.objects.filter(pk=user.pk).exists()
    assert [(call["user"].email, call["reason"]) for call in revoked] == [("ann@example.com", "account_deleted")]
    assert auth_client.get(URL).status_code == HTTPStatus.UNAUTHORIZED
    assert api_client.post("/api/auth/refresh/", {"refresh": tokens.refresh}).status_code == HTTPStatus.UNAUTHORIZED
    again = api_client.post(
        "/api/auth/register/", {"email": "ann@example.com", "password": "new life new passphrase", "name": "Ann"}
    )
    assert again.status_code == HTTPStatus.CREATED


@pytest.mark.django_db
def test_delete_with_a_wrong_password_keeps_the_account(auth_client, user):
    response = auth_client.delete(URL, {"current_password": "not it at all"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "invalid", "message": "The current password is incorrect.", "param": "current_password"}],
    }
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_without_a_password_is_refused(auth_client, user):
    response = auth_client.delete(URL, {})

    assert response.json() == {
        "status": 400,
        "errors": [{"code": "required", "message": "This field is required.", "param": "current_password"}],
    }
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_needs_a_signed_in_user(api_client):
    assert api_client.delete(URL, {"current_password": "x"}).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_delete_is_rate_limited_but_reading_the_profile_is_not(auth_client, throttle_rates):
    throttle_rates(account="1/min")

    statuses = [auth_client.delete(URL, {"current_password": "wrong pass"}).status_code for _ in range(2)]

    assert statuses == [HTTPStatus.BAD_REQUEST, HTTPStatus.TOO_MANY_REQUESTS]
    assert all(auth_client.get(URL).status_code == HTTPStatus.OK for _ in range(3))
