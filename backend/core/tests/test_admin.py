from http import HTTPStatus

import pytest

from accounts.models import User
from core.context import RequestContext
from usersessions.models import Session
from usersessions.services import session_start


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("admin@example.com", "a long admin passphrase", name="Admin")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/usersessions/session/",
        "/admin/audit/securityevent/",
        "/admin/tokens/signingkey/",
    ],
)
def test_admin_pages_render(admin_client, user, path):
    session_start(user=user, context=RequestContext())

    assert admin_client.get(path).status_code == HTTPStatus.OK


def test_admin_can_create_a_user_with_a_validated_password(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": "New@Example.com", "name": "New", "usable_password": "true", "password1": "x", "password2": "x"},
    )
    assert response.status_code == HTTPStatus.OK  # the form is shown again with the password errors
    assert not User.objects.filter(email="new@example.com").exists()


def test_admin_action_signs_a_user_out_everywhere(admin_client, user):
    session_start(user=user, context=RequestContext())
    session_start(user=user, context=RequestContext())

    response = admin_client.post(
        "/admin/usersessions/session/",
        {"action": "sign_out_users_everywhere", "_selected_action": [str(Session.objects.first().pk)]},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not Session.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_admin_created_users_get_a_lower_cased_email(admin_client):
    password = "a sturdy admin-chosen passphrase"
    admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Mixed@Example.com",
            "name": "M",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )

    assert User.objects.filter(email="mixed@example.com").exists()


def test_admin_login_gets_progressive_delays_too(client, user, user_password):
    from accounts.lockout import FREE_FAILURES

    user.is_staff = True
    user.save()
    for _ in range(FREE_FAILURES):
        client.post("/admin/login/", {"username": user.email, "password": "wrong password entirely"})

    response = client.post("/admin/login/", {"username": user.email, "password": user_password})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS  # the form again, not a redirect into the admin
    assert int(response["Retry-After"]) >= 1
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_works_for_staff(client, user, user_password):
    user.is_staff = True
    user.save()

    response = client.post("/admin/login/?next=/admin/", {"username": user.email, "password": user_password})

    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/admin/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("edit", ["password", "email", "deactivate"])
def test_an_administrators_change_of_credentials_ends_sessions_and_voids_emailed_keys(admin_client, user, edit):
    from accounts import emailed_keys

    pair = session_start(user=user, context=RequestContext())
    key = emailed_keys.email_change_key_make(user=user, new_email="elsewhere@example.com")
    if edit == "password":
        response = admin_client.post(
            f"/admin/accounts/user/{user.pk}/password/",
            {"password1": "an admin-set passphrase 9", "password2": "an admin-set passphrase 9"},
        )
    else:
        response = admin_client.post(
            f"/admin/accounts/user/{user.pk}/change/",
            {
                "email": "moved@example.com" if edit == "email" else user.email,
                "name": user.name,
                "is_active": "on" if edit != "deactivate" else "",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00",
            },
        )

    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    user.refresh_from_db()
    assert user.credential_epoch >= 1
    assert Session.objects.get(pk=pair.session_id).revoked_at is not None
    confirm = admin_client.post("/api/auth/email/change/confirm/", {"key": key}, content_type="application/json")
    assert confirm.status_code == HTTPStatus.BAD_REQUEST
