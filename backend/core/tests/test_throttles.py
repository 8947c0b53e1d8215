import pytest
from django.core.cache import cache

from core.context import RequestContext
from core.tests.test_cache import any_cache  # noqa: F401  (the fixture: Redis, then local memory)
from core.throttles import rate_admit


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("time.time", lambda: now[0])
    return now


def _admit() -> float | None:
    return rate_admit(scope="login", ident="203.0.113.9", context=RequestContext())


@pytest.mark.django_db
@pytest.mark.usefixtures("any_cache")
@pytest.mark.parametrize("stored_by", ["this release", "a release before it"])
def test_a_refusal_waits_until_the_window_that_opened_at_the_first_attempt_ends(settings, clock, stored_by):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "2/min"}}
    assert _admit() is None
    if stored_by == "a release before it":  # which stored the opening time as float seconds
        cache.set("rate:login:203.0.113.9:opened", 1000.0, timeout=60)
    clock[0] = 1010.0
    assert _admit() is None
    clock[0] = 1015.5
    assert _admit() == pytest.approx(44.5)  # the window opened at 1000 and lasts 60 s
