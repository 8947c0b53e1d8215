from http import HTTPStatus

import pytest
from django.core import mail

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import SecurityEvent
from notifications.tests.utils import link_params, message_links

VERIFIED = {"outcome": "verified", "detail": "Your email address is verified. Thank you!"}
ALREADY_VERIFIED = {"outcome": "already_verified", "detail": "Your email address is already verified."}
VERIFY_URL = "/api/auth/email/verify/"
RESEND_URL = "/api/auth/email/verify/resend/"
INVALID_KEY = {
    "status": 400,
    "errors": [{"code": "invalid_key", "message": "This link is invalid, expired or already used.", "param": "key"}],
}


def _verification_key(message) -> str:
    (link,) = {link for link in message_links(message) if "/verify-email?" in link}
    return link_params(link)["key"]


@pytest.fixture
def signup(api_client, run_tasks):
    response = api_client.post(
        "/api/auth/register/",
        {"email": "bea@example.com", "password": "correct horse battery staple", "name": "Bea"},
    )
    assert response.status_code == HTTPStatus.CREATED
    return response.json()


@pytest.mark.django_db
def test_register_queues_the_verification_mail_instead_of_sending_it_in_the_request(signup, run_tasks, settings):
    assert mail.outbox == []

    assert run_tasks() == 1

    (message,) = mail.outbox
    assert message.to == ["bea@example.com"]
    assert message.subject == "Latchkey: Confirm your email address"
    assert all(link.startswith(f"{settings.FRONTEND_URL}/") for link in message_links(message))
    assert f"{settings.FRONTEND_URL}/verify-email?key=" in message.body


@pytest.mark.django_db
def test_verification_link_marks_the_email_verified_and_me_shows_it(api_client, signup, run_tasks):
    run_tasks()
    key = _verification_key(mail.outbox[0])

    response = api_client.post(VERIFY_URL, {"key": key})

    assert response.status_code == HTTPStatus.OK
    assert response.json() == VERIFIED
    user = User.objects.get(email="bea@example.com")
    assert user.email_verified is True
    assert user.email_verified_at is not None
    me = api_client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {signup['access']}")
    assert me.json()["email_verified"] is True


@pytest.mark.django_db
def test_verification_link_opened_again_says_already_verified(api_client, signup, run_tasks):
    run_tasks()
    key = _verification_key(mail.outbox[0])
    api_client.post(VERIFY_URL, {"key": key})

    response = api_client.post(VERIFY_URL, {"key": key})

    assert response.status_code == HTTPStatus.OK
    assert response.json() == ALREADY_VERIFIED
    assert SecurityEvent.objects.filter(kind="email_verified").count() == 1


@pytest.mark.django_db
def test_verification_link_for_a_previous_address_is_rejected(api_client, signup, run_tasks):
    run_tasks()
    key = _verification_key(mail.outbox[0])
    User.objects.filter(email="bea@example.com").update(email="bea@elsewhere.example")

    response = api_client.post(VERIFY_URL, {"key": key})

    assert response.json() == INVALID_KEY


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["garbage", "a" * 200, "eyJ1aWQiOjF9:1abc:forged"])
def test_forged_verification_keys_are_rejected(api_client, key):
    response = api_client.post(VERIFY_URL, {"key": key})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == INVALID_KEY


@pytest.mark.django_db
def test_verification_key_is_missing(api_client):
    response = api_client.post(VERIFY_URL, {})

    assert response.json() == {
        "status": 400,
        "errors": [{"code": "required", "message": "This field is required.", "param": "key"}],
    }


@pytest.mark.django_db
def test_resend_sends_a_new_working_link(auth_client, api_client, user, run_tasks):
    response = auth_client.post(RESEND_URL)

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == {"detail": "We sent a new verification link to your email address."}
    assert run_tasks() == 1
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert api_client.post(VERIFY_URL, {"key": _verification_key(message)}).json() == VERIFIED


@pytest.mark.django_db
def test_resend_for_a_verified_address_is_refused(auth_client, user, run_tasks):
    User.objects.filter(pk=user.pk).update(email_verified=True)

    response = auth_client.post(RESEND_URL)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "already_verified", "message": "Your email address is already verified."}],
    }
    assert run_tasks() == 0


@pytest.mark.django_db
def test_resend_needs_a_signed_in_user(api_client):
    assert api_client.post(RESEND_URL).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_resend_is_rate_limited(auth_client, throttle_rates):
    throttle_rates(email="2/min")

    statuses = [auth_client.post(RESEND_URL).status_code for _ in range(3)]

    assert statuses == [HTTPStatus.ACCEPTED, HTTPStatus.ACCEPTED, HTTPStatus.TOO_MANY_REQUESTS]


# --- Mandatory verification ------------------------------------------------------------------------------------
LOGIN_URL = "/api/auth/login/"


@pytest.mark.django_db
def test_unverified_user_can_sign_in_by_default(api_client, user, user_password):
    response = api_client.post(LOGIN_URL, {"email": user.email, "password": user_password})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["user"]["email_verified"] is False


@pytest.mark.django_db
def test_mandatory_verification_refuses_unverified_login_after_a_correct_password(
    api_client, user, user_password, settings, run_tasks
):
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True

    response = api_client.post(LOGIN_URL, {"email": user.email, "password": user_password})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json() == {
        "status": 403,
        "errors": [
            {
                "code": "email_not_verified",
                "message": "Verify your email address before signing in. We sent you a new link.",
            }
        ],
    }
    assert "access" not in response.json()
    assert run_tasks() == 1
    assert mail.outbox[-1].to == [user.email]


@pytest.mark.django_db
def test_mandatory_verification_reveals_nothing_without_the_password(api_client, user, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True

    response = api_client.post(LOGIN_URL, {"email": user.email, "password": "not the password at all"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["errors"][0]["code"] == "invalid_credentials"


@pytest.mark.django_db
def test_mandatory_verification_lets_verified_users_in(api_client, user_password, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True
    verified = UserFactory(email="cat@example.com", email_verified=True)

    response = api_client.post(LOGIN_URL, {"email": verified.email, "password": user_password})

    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_mandatory_verification_outside_the_api_is_a_plain_failed_login(user, user_password, settings, rf):
    from django.contrib.auth import authenticate

    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True

    assert authenticate(rf.post("/admin/login/"), email=user.email, password=user_password) is None


@pytest.mark.django_db
def test_mandatory_verification_registers_without_signing_in(api_client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_REQUIRED = True

    response = api_client.post(
        "/api/auth/register/",
        {"email": "new@example.com", "password": "correct horse battery staple", "name": "New"},
    )

    assert response.status_code == HTTPStatus.CREATED
    assert set(response.json()) == {"user"}
    assert response.json()["user"]["email_verified"] is False
    from usersessions.models import Session

    assert not Session.objects.exists()
