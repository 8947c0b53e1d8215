"""User-supplied text in mail: none at all in mail to an address the account has not proven, and elsewhere only
printed so that it cannot add lines or become a link (core.text.inline_unlinkable)."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.flows.email_change import email_change_send
from accounts.flows.email_verification import email_verification_send
from accounts.flows.password_reset import password_reset_send
from accounts.models import User
from accounts.tests.factories import UserFactory
from core.text import has_default_ignorable, is_default_ignorable
from notifications.services import SUBJECTS, send_message
from notifications.tasks import security_notice_send

LURE = "Ann\n\nACCOUNT LOCKED - restore access at https://evil.example/restore"
LINKY_NAMES = [
    "Ann https://evil.example/restore",
    "Ann http://evil.example",
    "www.evil.com",
    "evil.com",
    "Ann evil.example/restore",
    "ann@evil.example",
    "Ann HTTPS://EVIL.EXAMPLE",
    "Ann evil\u3002example",  # ideographic full stop, a dot to IDNA
    "Ann evil\uff0eexample",
    "Ann https\uff1a\uff0f\uff0fevil.example",  # fullwidth colon and slashes
    "Ann ftp://evil.example",
    "Ann mailto:x@evil.example",
    "Ann \\\\evil.example\\share",
    "Ann <a href='https://evil.example'>x</a>",
]
# Tokens a mail client would turn into a link, or that would start a line of our own-looking text.
_LINKABLE = re.compile(
    r"(://|\bwww\.|\.(com|example)\b|[a-z0-9]@[a-z0-9]|mailto:|\\\\evil|evil\.|evil[\u3002\uff0e]|\uff1a\uff0f)",
    re.IGNORECASE,
)
_NAME_TEMPLATES = sorted(set(SUBJECTS) - {"email_verification", "email_change_confirm", "email_change_taken"})


def _parts(message) -> str:
    ((html, _),) = message.alternatives
    return str(message.body) + str(html)


@pytest.mark.parametrize("template", _NAME_TEMPLATES)
@pytest.mark.parametrize("name", [LURE, *LINKY_NAMES])
def test_a_name_is_never_printed_as_a_link_or_on_lines_of_its_own(template, name):
    send_message(to="ann@example.com", language="en", template=template, context={"name": name, "when": timezone.now()})
    baseline = mail.outbox.pop()
    send_message(
        to="ann@example.com", language="en", template=template, context={"name": "Ann", "when": timezone.now()}
    )
    plain = mail.outbox.pop()

    # Whatever the mail links or puts on a line of its own beyond the plain-named version came from the name.
    assert _LINKABLE.findall(_parts(baseline)) == _LINKABLE.findall(_parts(plain))
    assert "ACCOUNT LOCKED" not in "".join(
        line for line in str(baseline.body).splitlines() if not line.startswith("Hi ")
    )
    ((html, _),) = baseline.alternatives
    assert "<a href='https" not in str(html)
    assert str(baseline.body).count("\n") == str(plain.body).count("\n")


@pytest.mark.parametrize("template", ["email_change_requested", "email_changed"])
@pytest.mark.parametrize("new_email", ["x@evil.example", "restore.access.at.evil.com@evil.com"])
def test_an_address_the_user_typed_is_named_but_not_linked(template, new_email):
    send_message(
        to="ann@example.com", language="en", template=template, context={"new_email": new_email, "when": timezone.now()}
    )
    (message,) = mail.outbox

    text = _parts(message)
    assert new_email not in text
    assert new_email.replace("\u2060", "") not in text
    assert new_email in text.replace("\u2060", "")  # still there for the reader
    assert not re.search(r"evil\.|\.com|[a-z]@[a-z]", text)


@pytest.mark.django_db
def test_the_registration_lure_reaches_no_unproven_inbox(api_client, run_tasks):
    """The issue's example: the name is refused outright; and even a name stored before this rule (or any other
    user text) never reaches an address the account has not proven."""
    response = api_client.post(
        "/api/auth/register/",
        {"email": "someone@example.com", "password": "correct horse battery staple", "name": LURE},
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "name"


def _legacy_user(*, verified: bool) -> User:
    """A row with a name from before the rule, which the rule would refuse."""
    user = UserFactory(email="someone@example.com", email_verified=verified)
    User.objects.filter(pk=user.pk).update(name=LURE)
    user.refresh_from_db()
    return user


@pytest.mark.django_db
def test_mail_to_an_unproven_address_carries_no_name_and_no_typed_address(run_tasks):
    user = _legacy_user(verified=False)
    owner = UserFactory(email="taken@example.com", email_verified=True)

    email_verification_send.call(user_id=user.pk)
    password_reset_send.call(email=user.email)
    email_change_send.call(user_id=user.pk, new_email="new.address@example.net")
    email_change_send.call(user_id=user.pk, new_email=owner.email)
    security_notice_send.call(to=user.email, notice="password_changed", name="")

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [
        "new.address@example.net",  # the confirmation link
        *["someone@example.com"] * 5,  # verification, reset, 2 x change requested, password changed
        "taken@example.com",  # the "someone tried to use your address" note
    ]
    for message in mail.outbox:
        text = _parts(message)
        assert "Ann" not in text
        assert "ACCOUNT LOCKED" not in text
        assert "evil" not in text
        assert "Hi " not in text
        assert "new.address" not in text.replace("\u2060", "") or message.to == ["new.address@example.net"]


@pytest.mark.django_db
@pytest.mark.parametrize("verified", [False, True])
def test_flows_greet_by_name_only_an_address_the_account_proved(verified, run_tasks, auth_client, user, user_password):
    User.objects.filter(pk=user.pk).update(email_verified=verified)

    auth_client.post("/api/auth/password/reset/", {"email": user.email})
    auth_client.post("/api/auth/email/change/", {"new_email": "ann.new@example.net", "current_password": user_password})
    run_tasks()  # before the password change, which would void the pending email change
    auth_client.post(
        "/api/auth/password/change/", {"current_password": user_password, "new_password": "violet harbour kettle 77"}
    )
    run_tasks()

    to_own = [message for message in mail.outbox if message.to == ["ann@example.com"]]
    to_new = [message for message in mail.outbox if message.to == ["ann.new@example.net"]]
    assert len(to_own) == 3
    assert len(to_new) == 1
    assert all(("Hi Ann Example," in _parts(message)) is verified for message in to_own)
    assert all(("ann.new" in _parts(message).replace("\u2060", "")) is verified for message in to_own[1:2])
    assert "Ann Example" not in _parts(to_new[0])


@pytest.mark.django_db
def test_a_legacy_name_in_mail_to_a_proven_address_is_one_line_and_unlinked(run_tasks):
    user = _legacy_user(verified=True)

    password_reset_send.call(email=user.email)

    (message,) = mail.outbox
    (greeting,) = [line for line in str(message.body).splitlines() if line.startswith("Hi ")]
    assert "ACCOUNT LOCKED" in greeting  # shown, but inside the greeting line
    assert "https://evil.example" not in _parts(message)
    assert not _LINKABLE.search(greeting)
    ((html, _),) = message.alternatives
    assert "evil.example" not in html


def test_has_default_ignorable_agrees_with_is_default_ignorable_on_every_code_point():
    # The regular expression is a faster spelling of the same ranges (used on every login's address).
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates: never in a decoded str
        assert has_default_ignorable(f"a{char}b") is is_default_ignorable(char), hex(code)
