import pytest

from notifications.testing import queued_tasks_run


@pytest.fixture
def run_tasks(db):
    return queued_tasks_run
