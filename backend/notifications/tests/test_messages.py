import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.flows.email_change import email_change_send
from accounts.flows.email_verification import email_verification_send
from accounts.flows.password_reset import password_reset_send
from accounts.tests.factories import UserFactory
from notifications import tasks
from notifications.services import SUBJECTS, duration_text, send_message
from notifications.tests.utils import message_links

FRONTEND = "https://app.example.test"


@pytest.fixture(autouse=True)
def _frontend_url(settings):
    settings.FRONTEND_URL = FRONTEND


@pytest.mark.parametrize("template", sorted(SUBJECTS))
def test_every_message_has_text_and_html_parts_and_links_only_into_the_frontend(template):
    context = {"name": "Ann <b>", "link": f"{FRONTEND}/somewhere?a=1&b=2", "new_email": "x@example.com"}

    send_message(to="ann@example.com", language="en", template=template, context={**context, "when": timezone.now()})

    (message,) = mail.outbox
    assert message.subject == f"Latchkey: {SUBJECTS[template]}"
    assert message.to == ["ann@example.com"]
    assert message.body.strip()
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert "Latchkey" in html
    assert "Ann &lt;b&gt;" in html  # user data is escaped in HTML
    assert "Ann <b>" in message.body  # and left alone in plain text
    links = message_links(message)
    if template in ("email_verification", "password_reset", "email_change_confirm"):
        assert links.count(context["link"]) == 4  # button and copyable text in HTML, plus the text part
    assert all(link.startswith(f"{FRONTEND}/") for link in links)
    assert "/api/" not in message.body + html


@pytest.mark.django_db
def test_tasks_are_stored_with_ids_and_addresses_only_and_run_by_the_worker(run_tasks):
    user = UserFactory(email="ann@example.com")

    email_verification_send.enqueue(user_id=user.pk)
    password_reset_send.enqueue(email="ann@example.com")
    email_change_send.enqueue(user_id=user.pk, new_email="new@example.com")
    tasks.security_notice_send.enqueue(to="ann@example.com", notice="password_changed", name=user.name)

    stored = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert all(
        set(kwargs["kwargs"])
        <= {
            "user_id",
            "email",
            "ip",
            "new_email",
            "to",
            "notice",
            "name",
            "credential_epoch",
            "requested_at",
            "language",
        }
        for kwargs in stored
    )
    assert run_tasks() == 4
    assert len(mail.outbox) == 5  # the email change mails the new and the old address
    for message in mail.outbox:
        assert len(message.alternatives) == 1
        assert all(link.startswith(f"{FRONTEND}/") for link in message_links(message))


@pytest.mark.django_db
def test_verification_task_skips_a_user_verified_meanwhile(run_tasks):
    user = UserFactory(email_verified=True)

    email_verification_send.enqueue(user_id=user.pk)
    run_tasks()

    assert mail.outbox == []


@pytest.mark.django_db
def test_unknown_notice_fails_the_task():
    with pytest.raises(ValueError, match="Unknown notice"):
        tasks.security_notice_send.call(to="a@example.com", notice="whatever")


def test_file_backend_writes_each_message_to_the_folder(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    send_message(to="ann@example.com", language="en", template="password_changed", context={"when": timezone.now()})

    (written,) = tmp_path.iterdir()
    assert "Your password was changed" in written.read_text()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(3600, "1 hour"), (3 * 86400, "3 days"), (1800, "30 minutes"), (5400, "90 minutes"), (60, "1 minute")],
)
def test_link_lifetimes_read_naturally(seconds, text):
    assert duration_text(seconds) == text
