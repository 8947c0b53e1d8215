"""core.db.delete_in_batches: exactly the selected rows, one DELETE per batch, no row loaded into the process."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import SecurityEvent
from core.db import delete_in_batches


def _events(user, count: int, *, age: timedelta) -> None:
    SecurityEvent.objects.bulk_create(SecurityEvent(kind="logout", user=user) for _ in range(count))
    newest = SecurityEvent.objects.order_by("-id")[:count].values("id")
    SecurityEvent.objects.filter(id__in=newest).update(created_at=timezone.now() - age)


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "batch", "statements"), [(7, 3, 3), (6, 3, 3), (2, 10, 1), (0, 3, 1)])
def test_deletes_exactly_the_selected_rows_in_batches(user, old, batch, statements):
    _events(user, old, age=timedelta(days=10))
    _events(user, 4, age=timedelta(days=1))
    kept = set(SecurityEvent.objects.filter(created_at__gt=timezone.now() - timedelta(days=5)).values_list("id"))

    selected = SecurityEvent.objects.filter(created_at__lt=timezone.now() - timedelta(days=5))
    with CaptureQueriesContext(connection) as queries:
        deleted = delete_in_batches(selected, order_by="created_at", batch_size=batch)

    assert deleted == old
    assert set(SecurityEvent.objects.values_list("id")) == kept
    # Every statement is a DELETE whose rows are picked inside the database: nothing is read into memory.
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == statements
    assert all(s.upper().startswith("DELETE") for s in sql), sql
    assert all("LIMIT" in s.upper() for s in sql), sql


@pytest.mark.django_db
def test_the_batch_size_must_be_positive():
    with pytest.raises(ValueError, match="batch_size"):
        delete_in_batches(SecurityEvent.objects.all(), order_by="created_at", batch_size=0)
