"""Test helper: runs queued tasks through the real database worker, the way `manage.py db_worker` does."""

import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def queued_tasks_run() -> int:
    """Runs every ready task once and returns how many ran; a failed task fails the test with its traceback."""
    ready = DBTaskResult.objects.ready().count()
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    # The worker recycles connections between tasks, which would end the test's wrapping transaction.
    with mock.patch.object(db_worker, "close_old_connections", return_value=None):
        worker.run()
    failed = list(DBTaskResult.objects.failed().values_list("task_path", "traceback"))
    assert not failed, failed
    return ready


_LINK = re.compile(r"https?://[^\s\"'<>]+")


def message_links(message: EmailMessage) -> list[str]:
    """Every link in the text part and the HTML part (HTML-escaped ampersands undone)."""
    assert isinstance(message, EmailMultiAlternatives)
    html = "".join(str(content) for content, _ in message.alternatives)
    return [link.replace("&amp;", "&") for link in _LINK.findall(str(message.body) + html)]


def link_params(link: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def mailed_link(*, to: str, page: str) -> str:
    """The one link to `page` (e.g. "/verify-email") in the mail sent so far to `to`."""
    from django.core import mail

    links = {
        link
        for message in mail.outbox
        if to in message.to
        for link in message_links(message)
        if urlsplit(link).path == page
    }
    assert len(links) == 1, (to, page, links)
    return links.pop()
