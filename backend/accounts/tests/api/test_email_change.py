from http import HTTPStatus

import pytest
from django.core import mail

from accounts import emailed_keys
from accounts.models import User
from accounts.tests.factories import UserFactory
from notifications.tests.utils import link_params, message_links

URL = "/api/auth/email/change/"
CONFIRM_URL = "/api/auth/email/change/confirm/"
ACCEPTED = {"detail": "We sent a confirmation link to the new address. Your email changes once it is used."}
INVALID_KEY = {
    "status": 400,
    "errors": [{"code": "invalid_key", "message": "This link is invalid, expired or already used.", "param": "key"}],
}


def _by_recipient() -> dict[str, list]:
    messages: dict[str, list] = {}
    for message in mail.outbox:
        messages.setdefault(message.to[0], []).append(message)
    return messages


def _confirm_key(message) -> str:
    (link,) = {link for link in message_links(message) if "/confirm-email-change?" in link}
    return link_params(link)["key"]


@pytest.fixture
def change_key(auth_client, user_password, run_tasks):
    auth_client.post(URL, {"new_email": "Ann.New@Example.com", "current_password": user_password})
    run_tasks()
    key = _confirm_key(_by_recipient()["ann.new@example.com"][0])
    mail.outbox.clear()
    return key


@pytest.mark.django_db
def test_email_change_sends_a_link_to_the_new_address_and_a_notice_to_the_old(
    auth_client, user, user_password, run_tasks, settings
):
    response = auth_client.post(URL, {"new_email": "Ann.New@Example.com", "current_password": user_password})

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == ACCEPTED
    assert mail.outbox == []
    run_tasks()
    messages = _by_recipient()
    assert set(messages) == {"ann.new@example.com", "ann@example.com"}
    (confirm,) = messages["ann.new@example.com"]
    assert confirm.subject == "Latchkey: Confirm your new email address"
    assert any(link.startswith(f"{settings.FRONTEND_URL}/confirm-email-change?key=") for link in message_links(confirm))
    (notice,) = messages["ann@example.com"]
    assert notice.subject == "Latchkey: A change of your email address was requested"
    # The account's own address is unproven (the factory's default): the requested address is not named in it.
    assert "another address" in notice.body
    assert "ann.new" not in notice.body
    assert not any("key=" in link for link in message_links(notice))
    user.refresh_from_db()
    assert user.email == "ann@example.com"  # nothing changes before the link is used


@pytest.mark.django_db
def test_confirming_changes_the_address_marks_it_verified_and_notifies_the_old_one(
    api_client, user, user_password, change_key, run_tasks
):
    response = api_client.post(CONFIRM_URL, {"key": change_key})

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "outcome": "email_changed",
        "detail": "Your email address has been changed. Log in with the new address.",
    }
    user.refresh_from_db()
    assert user.email == "ann.new@example.com"
    assert user.email_verified is True
    run_tasks()
    (notice,) = mail.outbox
    assert notice.to == ["ann@example.com"]
    assert notice.subject == "Latchkey: Your email address was changed"
    new = api_client.post("/api/auth/login/", {"email": "ann.new@example.com", "password": user_password})
    assert new.status_code == HTTPStatus.OK
    old = api_client.post("/api/auth/login/", {"email": "ann@example.com", "password": user_password})
    assert old.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_email_change_link_opened_again_says_the_change_is_already_done(api_client, user, change_key):
    api_client.post(CONFIRM_URL, {"key": change_key})

    response = api_client.post(CONFIRM_URL, {"key": change_key})

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "outcome": "already_changed",
        "detail": "This email change is already done. Log in with the new address.",
    }
    user.refresh_from_db()
    assert user.credential_epoch == 1  # changed once, not twice


@pytest.mark.django_db
def test_verification_key_cannot_confirm_an_email_change(api_client, user):
    key = emailed_keys.email_verification_key_make(user=user)

    assert api_client.post(CONFIRM_URL, {"key": key}).json() == INVALID_KEY


@pytest.mark.django_db
def test_email_change_to_a_taken_address_answers_the_same_and_sends_a_note_instead_of_a_link(
    auth_client, user, user_password, run_tasks
):
    UserFactory(email="bob@example.com")

    response = auth_client.post(URL, {"new_email": "BOB@example.com", "current_password": user_password})

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == ACCEPTED
    run_tasks()
    messages = _by_recipient()
    (note,) = messages["bob@example.com"]
    assert note.subject == "Latchkey: Someone tried to use your email address"
    assert not any("key=" in link for link in message_links(note))
    assert len(messages["ann@example.com"]) == 1
    user.refresh_from_db()
    assert user.email == "ann@example.com"


@pytest.mark.django_db
def test_address_taken_between_request_and_confirmation_is_refused(api_client, user, change_key):
    UserFactory(email="ann.new@example.com")

    response = api_client.post(CONFIRM_URL, {"key": change_key})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"][0]["code"] == "email_taken"
    user.refresh_from_db()
    assert user.email == "ann@example.com"


@pytest.mark.django_db
def test_email_change_with_a_wrong_password_is_400_on_current_password(auth_client, run_tasks):
    response = auth_client.post(URL, {"new_email": "ann.new@example.com", "current_password": "nope nope"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "invalid", "message": "The current password is incorrect.", "param": "current_password"}],
    }
    assert run_tasks() == 0


@pytest.mark.django_db
def test_email_change_to_the_same_address_is_refused(auth_client, user_password):
    response = auth_client.post(URL, {"new_email": "ANN@example.com", "current_password": user_password})

    assert response.json() == {
        "status": 400,
        "errors": [{"code": "same_email", "message": "This is already your email address.", "param": "new_email"}],
    }


@pytest.mark.django_db
def test_email_change_needs_a_signed_in_user(api_client):
    response = api_client.post(URL, {"new_email": "x@example.com", "current_password": "whatever"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_email_change_is_rate_limited(auth_client, user_password, throttle_rates):
    throttle_rates(email="1/min")
    data = {"new_email": "ann.new@example.com", "current_password": user_password}

    statuses = [auth_client.post(URL, data).status_code for _ in range(2)]

    assert statuses == [HTTPStatus.ACCEPTED, HTTPStatus.TOO_MANY_REQUESTS]
    assert User.objects.get().email == "ann@example.com"
