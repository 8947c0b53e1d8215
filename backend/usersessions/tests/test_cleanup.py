"""cleanup_sessions: expired sessions and ones revoked past retention go, in batches; live ones stay."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.context import RequestContext
from usersessions.models import Session
from usersessions.services import session_cleanup, session_start


def _session(user, **fields) -> str:
    pair = session_start(user=user, context=RequestContext())
    session_id = Session.objects.filter(user=user).order_by("-created_at").values_list("id", flat=True)[0]
    if fields:
        Session.objects.filter(pk=session_id).update(**fields)
    assert pair.access
    return str(session_id)


@pytest.mark.django_db
def test_cleanup_deletes_expired_and_long_revoked_sessions_in_batches(user, settings, monkeypatch):
    monkeypatch.setattr("core.db.DELETE_BATCH_SIZE", 2)
    settings.SESSION_REVOKED_RETENTION_DAYS = 30
    now = timezone.now()
    expired = {_session(user, expires_at=now - timedelta(minutes=i + 1)) for i in range(5)}
    long_revoked = _session(user, revoked_at=now - timedelta(days=31), revoked_reason="logout")
    recently_revoked = _session(user, revoked_at=now - timedelta(days=29), revoked_reason="logout")
    live = _session(user)

    with CaptureQueriesContext(connection) as queries:
        deleted = session_cleanup()

    assert deleted == len(expired) + 1
    assert {str(pk) for pk in Session.objects.values_list("pk", flat=True)} == {recently_revoked, live}
    assert long_revoked not in expired
    statements = [q["sql"].upper() for q in queries.captured_queries]
    # 5 expired in batches of 2 (2, 2, 1), then 1 long-revoked (1): only DELETEs, each with its LIMIT.
    assert len(statements) == 4
    assert all(s.startswith("DELETE") and "LIMIT" in s for s in statements)
