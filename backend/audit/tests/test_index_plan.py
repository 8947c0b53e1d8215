"""The plans behind a user's lists, on PostgreSQL: one index range scan in the list's order, no sort.

Sequential scans are switched off for the query: on a test-sized table PostgreSQL would rightly read the whole
table, which says nothing about a large one. What is checked is that the index exists and serves the query's exact
filter and order (bench/README.md "Index plan" has the plan on 10 million rows).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from audit.models import SecurityEvent
from audit.selectors import security_event_list, security_event_list_for_export
from core.context import RequestContext
from usersessions.selectors import session_list_active
from usersessions.services import session_start

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="plans of PostgreSQL"),
]


@pytest.fixture
def plans_with_indexes_only():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's transaction ends it


@pytest.fixture
def users_with_events():
    users = UserFactory.create_batch(3)
    SecurityEvent.objects.bulk_create(SecurityEvent(kind="logout", user=u) for u in users for _ in range(120))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_securityevent")
    return users


@pytest.mark.usefixtures("plans_with_indexes_only")
def test_a_users_event_list_is_one_ordered_range_scan_of_its_index(users_with_events):
    plan = _plan_of_the_query(lambda: list(security_event_list(user=users_with_events[1])))

    assert "Index Scan using securityevent_user_list" in plan, plan
    assert "Sort" not in plan, plan
    assert "Limit" in plan, plan


def _plan_of_the_query(run) -> str:
    """EXPLAIN of the one query `run()` sends (as executed, parameters in place)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.usefixtures("plans_with_indexes_only")
def test_the_export_reads_only_the_users_rows_through_the_same_index(users_with_events):
    plan = _plan_of_the_query(lambda: security_event_list_for_export(user=users_with_events[0]))

    # All of one user's rows, no LIMIT: a backward range scan or a bitmap scan and a sort are both the planner's
    # to choose; either reads that user's rows only.
    assert "securityevent_user_list" in plan, plan
    assert "Index Cond: (user_id = " in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.usefixtures("plans_with_indexes_only")
def test_a_users_session_list_reads_its_index():
    users = UserFactory.create_batch(3)
    for user in users:
        for _ in range(3):
            session_start(user=user, context=RequestContext())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE usersessions_session")

    plan = _plan_of_the_query(lambda: list(session_list_active(user=users[0])))

    # Either index that starts with the user (its own FK index or usersession_user_active) reads only its rows;
    # the sort is of that user's few sessions.
    assert "Index Cond: (user_id = " in plan, plan
    assert "Seq Scan" not in plan, plan
