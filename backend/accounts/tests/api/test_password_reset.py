from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from core.context import RequestContext
from notifications.tests.utils import link_params, message_links
from usersessions.models import Session
from usersessions.services import session_start

RESET_URL = "/api/auth/password/reset/"
CONFIRM_URL = "/api/auth/password/reset/confirm/"
NEW_PASSWORD = "violet harbour kettle 77"
ACCEPTED = {"detail": "If an account uses this address, we sent it a link to reset the password."}
INVALID_TOKEN = {
    "status": 400,
    "errors": [
        {"code": "invalid_token", "message": "This reset link is invalid, expired or already used.", "param": "token"}
    ],
}


def _reset_params(api_client, run_tasks, email: str) -> dict[str, str]:
    api_client.post(RESET_URL, {"email": email})
    run_tasks()
    (link,) = {link for message in mail.outbox for link in message_links(message) if "/reset-password?" in link}
    mail.outbox.clear()
    return link_params(link)


@pytest.mark.django_db
def test_reset_request_answers_202_and_the_worker_sends_the_link(api_client, user, run_tasks, settings):
    response = api_client.post(RESET_URL, {"email": "ANN@example.com"})

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == ACCEPTED
    assert mail.outbox == []  # nothing is sent in the request
    assert run_tasks() == 1
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]
    assert message.subject == "Latchkey: Reset your password"
    (link,) = set(message_links(message)) - {f"{settings.FRONTEND_URL}/login"}
    assert link.startswith(f"{settings.FRONTEND_URL}/reset-password?uid=")
    assert set(link_params(link)) == {"uid", "token"}


@pytest.mark.django_db
def test_reset_request_for_an_unknown_email_answers_the_same_and_sends_nothing(api_client, run_tasks):
    response = api_client.post(RESET_URL, {"email": "nobody@example.com"})

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == ACCEPTED
    assert run_tasks() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_request_does_the_same_work_for_known_and_unknown_emails(api_client, user):
    """No account lookup in the request: same queries (one queue insert), same body, one task each."""
    responses, queries = [], []
    for email in (user.email, "nobody@example.com"):
        with CaptureQueriesContext(connection) as captured:
            responses.append(api_client.post(RESET_URL, {"email": email}))
        queries.append([query["sql"].split(" VALUES ")[0] for query in captured.captured_queries])

    assert responses[0].status_code == responses[1].status_code == HTTPStatus.ACCEPTED
    assert responses[0].content == responses[1].content
    assert queries[0] == queries[1]
    assert len(queries[0]) == 1
    assert "accounts_user" not in queries[0][0]
    assert DBTaskResult.objects.count() == 2
    assert {row.task_path for row in DBTaskResult.objects.all()} == {
        "accounts.flows.password_reset.password_reset_send"
    }


@pytest.mark.django_db
def test_queued_reset_job_holds_no_secret(api_client, user):
    api_client.post(RESET_URL, {"email": user.email})

    (row,) = DBTaskResult.objects.all()
    kwargs = row.args_kwargs["kwargs"]
    assert set(kwargs) == {"email", "ip", "requested_at"}
    assert (kwargs["email"], kwargs["ip"], type(kwargs["requested_at"])) == ("ann@example.com", "127.0.0.1", float)


@pytest.mark.django_db
def test_reset_confirm_sets_the_password_signs_out_everywhere_and_notifies(
    api_client, user, user_password, run_tasks, monkeypatch
):
    earlier = session_start(user=user, context=RequestContext())
    params = _reset_params(api_client, run_tasks, user.email)

    response = api_client.post(CONFIRM_URL, {**params, "new_password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.NO_CONTENT
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(user_password)
    assert user.email_verified is True  # the link proved the inbox
    assert Session.objects.get(pk=earlier.session_id).revoked_reason == "password_reset"
    assert user.credential_epoch == 1
    run_tasks()
    (notice,) = mail.outbox
    assert notice.to == [user.email]
    assert notice.subject == "Latchkey: Your password was reset"
    login = api_client.post("/api/auth/login/", {"email": user.email, "password": NEW_PASSWORD})
    assert login.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_reset_link_works_once(api_client, user, run_tasks):
    params = _reset_params(api_client, run_tasks, user.email)
    api_client.post(CONFIRM_URL, {**params, "new_password": NEW_PASSWORD})

    response = api_client.post(CONFIRM_URL, {**params, "new_password": "another fine passphrase 9"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == INVALID_TOKEN
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_reset_link_stops_working_after_the_password_changes_by_other_means(api_client, user, run_tasks):
    params = _reset_params(api_client, run_tasks, user.email)
    user.set_password("changed elsewhere meanwhile 5")
    user.save()

    response = api_client.post(CONFIRM_URL, {**params, "new_password": NEW_PASSWORD})

    assert response.json() == INVALID_TOKEN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1!", "password_too_short"),
        ("password123", "password_too_common"),
        ("ann@example.com", "password_too_similar"),
        ("my latchkey password", "password_contains_context_word"),
    ],
)
def test_reset_confirm_applies_the_password_validators_and_keeps_the_link(api_client, user, run_tasks, password, code):
    params = _reset_params(api_client, run_tasks, user.email)

    response = api_client.post(CONFIRM_URL, {**params, "new_password": password})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [(error["code"], error["param"]) for error in response.json()["errors"]] == [(code, "new_password")]
    again = api_client.post(CONFIRM_URL, {**params, "new_password": NEW_PASSWORD})
    assert again.status_code == HTTPStatus.NO_CONTENT


@pytest.mark.django_db
@pytest.mark.parametrize("uid", ["", "!!", "MTIzNDU2Nzg5", "bm90LWEtbnVtYmVy"])
def test_reset_confirm_with_a_bad_uid_is_rejected(api_client, user, run_tasks, uid):
    params = _reset_params(api_client, run_tasks, user.email)

    response = api_client.post(CONFIRM_URL, {**params, "uid": uid, "new_password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.django_db
def test_reset_for_an_inactive_account_sends_nothing(api_client, user, run_tasks):
    User.objects.filter(pk=user.pk).update(is_active=False)

    api_client.post(RESET_URL, {"email": user.email})
    run_tasks()

    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_request_is_rate_limited(api_client, throttle_rates):
    throttle_rates(password_reset="2/min")

    statuses = [api_client.post(RESET_URL, {"email": "x@example.com"}).status_code for _ in range(3)]

    assert statuses == [HTTPStatus.ACCEPTED, HTTPStatus.ACCEPTED, HTTPStatus.TOO_MANY_REQUESTS]
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_reset_request_validates_the_email(api_client):
    response = api_client.post(RESET_URL, {"email": "not-an-email"})

    assert response.json() == {
        "status": 400,
        "errors": [{"code": "invalid", "message": "Enter a valid email address.", "param": "email"}],
    }
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
def test_reset_request_event_records_the_requesting_address(api_client, user, run_tasks):
    from audit.models import SecurityEvent

    api_client.post(RESET_URL, {"email": user.email}, REMOTE_ADDR="198.51.100.23")
    run_tasks()

    event = SecurityEvent.objects.get(kind="password_reset_requested")
    assert (event.user, event.ip_address) == (user, "198.51.100.23")
