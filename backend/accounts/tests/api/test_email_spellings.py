"""Registration, login, password reset and email change all use one canonical form of an address
(accounts.email_address): register with one spelling, and every other spelling of that mailbox is the same account."""

from http import HTTPStatus

import pytest
from django.core import mail

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from notifications.tests.utils import link_params, message_links

REGISTER_URL = "/api/auth/register/"
LOGIN_URL = "/api/auth/login/"
RESET_URL = "/api/auth/password/reset/"
CHANGE_URL = "/api/auth/email/change/"
PASSWORD = "correct horse battery staple"

# (spelling used first, another spelling of the same mailbox, the canonical form stored)
SAME_MAILBOX = [
    ("ann@b\u00fccher.example", "ann@bu\u0308cher.example", "ann@xn--bcher-kva.example"),  # NFC / NFD domain
    ("ann@bu\u0308cher.example", "ann@b\u00fccher.example", "ann@xn--bcher-kva.example"),
    ("ann@b\u00fccher.example", "ann@xn--bcher-kva.example", "ann@xn--bcher-kva.example"),  # U-label / A-label
    ("ann@xn--bcher-kva.example", "ANN@B\u00dcCHER.EXAMPLE", "ann@xn--bcher-kva.example"),
    ("ann@b\u00fccher.example", "ann@\uff42\u00fc\uff43\uff48\uff45\uff52\uff0eexample", "ann@xn--bcher-kva.example"),
    ("ann@b\u00fccher.example", "ann@b\u00fccher.example.", "ann@xn--bcher-kva.example"),  # root dot
    ("Ann@Example.com", "ann@EXAMPLE.COM", "ann@example.com"),
    ("ann@example.com", " ann@example.com. ", "ann@example.com"),
    ("kim@example.com", "\u212aim@example.com", "kim@example.com"),  # KELVIN SIGN
    ("ann@stra\u00dfe.de", "ANN@STRA\u00dfE.DE", "ann@xn--strae-oqa.de"),
]

BAD_ADDRESSES = [
    ("\u00e4nn@example.com", "invalid"),
    ("a\u0308nn@example.com", "invalid"),
    ("\uff41nn@example.com", "invalid"),
    ("ann\uff20example.com", "invalid"),
    ("an\u200bn@example.com", "invalid"),
    ("ann@b\u00fc\u200dcher.example", "invalid"),
    ("ann@\u202eelpmaxe.com", "invalid"),
    ("ann@xn--zz.example", "invalid"),
    ("ann@\U0001f511.example", "invalid"),
    ('"ann"@example.com', "invalid"),
    ("ann smith@example.com", "invalid"),
    ("ann@" + "a" * 64 + ".com", "max_length"),
    ("ann@" + "\u00e9" * 60 + ".com", "max_length"),
    # Under 254 characters as typed, over 254 once encoded: a 400, not a database error (PostgreSQL).
    ("ann@" + ".".join(["\u00e9" * 35] * 6) + ".com", "max_length"),
    ("a" * 250 + "@example.com", "max_length"),
]


def _register(client, email: str):
    return client.post(REGISTER_URL, {"email": email, "password": PASSWORD, "name": "Ann"})


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "other", "canonical"), SAME_MAILBOX)
def test_register_with_one_spelling_then_log_in_with_the_other(api_client, first, other, canonical):
    response = _register(api_client, first)

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["user"]["email"] == canonical
    assert User.objects.get().email == canonical
    login = api_client.post(LOGIN_URL, {"email": other, "password": PASSWORD})
    assert login.status_code == HTTPStatus.OK
    assert login.json()["user"]["email"] == canonical


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "other", "canonical"), SAME_MAILBOX)
def test_registering_another_spelling_of_a_taken_mailbox_returns_400_on_email(api_client, first, other, canonical):
    _register(api_client, first)

    response = _register(api_client, other)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "unique", "message": "An account with this email already exists.", "param": "email"}],
    }
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "other", "canonical"), SAME_MAILBOX)
def test_password_reset_with_the_other_spelling_mails_the_canonical_address(
    api_client, run_tasks, first, other, canonical
):
    _register(api_client, first)
    run_tasks()
    mail.outbox.clear()

    response = api_client.post(RESET_URL, {"email": other})

    assert response.status_code == HTTPStatus.ACCEPTED
    run_tasks()
    (message,) = mail.outbox
    assert message.to == [canonical]
    assert any("/reset-password?" in link for link in message_links(message))
    assert canonical in message.message().as_string()  # what the mail layer puts on the wire


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "other", "canonical"),
    [case for case in SAME_MAILBOX if case[2] != "ann@example.com"],  # the `user`
)
def test_email_change_to_another_spelling_of_an_owners_address(
    auth_client, user, user_password, run_tasks, first, other, canonical
):
    UserFactory(email=canonical)

    response = auth_client.post(CHANGE_URL, {"new_email": other, "current_password": user_password})

    assert response.status_code == HTTPStatus.ACCEPTED
    run_tasks()
    taken = [message for message in mail.outbox if message.to == [canonical]]
    assert [message.subject for message in taken] == ["Latchkey: Someone tried to use your email address"]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "other", "canonical"), SAME_MAILBOX)
def test_email_change_to_another_spelling_of_ones_own_address_is_refused(api_client, first, other, canonical):
    UserFactory(email=canonical)
    login = api_client.post(LOGIN_URL, {"email": first, "password": DEFAULT_PASSWORD})
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")

    response = api_client.post(CHANGE_URL, {"new_email": other, "current_password": DEFAULT_PASSWORD})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"][0]["code"] == "same_email"


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "other", "canonical"), SAME_MAILBOX[:3])
def test_confirmed_email_change_stores_the_canonical_form(
    api_client, auth_client, user, user_password, run_tasks, first, other, canonical
):
    auth_client.post(CHANGE_URL, {"new_email": first, "current_password": user_password})
    run_tasks()
    (confirm,) = [message for message in mail.outbox if message.to == [canonical]]
    (link,) = {link for link in message_links(confirm) if "/confirm-email-change?" in link}

    response = api_client.post("/api/auth/email/change/confirm/", {"key": link_params(link)["key"]})

    assert response.status_code == HTTPStatus.OK, response.json()

    user.refresh_from_db()
    assert user.email == canonical
    assert api_client.post(LOGIN_URL, {"email": other, "password": user_password}).status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize(("address", "code"), BAD_ADDRESSES)
@pytest.mark.parametrize(
    ("url", "field", "needs_auth"),
    [
        (REGISTER_URL, "email", False),
        (LOGIN_URL, "email", False),
        (RESET_URL, "email", False),
        (CHANGE_URL, "new_email", True),
    ],
)
def test_an_address_without_a_canonical_form_is_a_400_on_its_field(
    api_client, auth_client, user_password, url, field, needs_auth, address, code
):
    client = auth_client if needs_auth else api_client
    payload = {field: address, "password": PASSWORD, "current_password": user_password, "name": "Ann"}

    response = client.post(url, payload)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.json()["errors"]
    assert [(error["param"], error["code"]) for error in errors] == [(field, code)]
    assert User.objects.exclude(email="ann@example.com").count() == 0
