"""SECURITY_EVENT_RETENTION_DAYS: applied by cleanup_sessions, validated at startup."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import SecurityEvent
from core.tests.test_platform import GOOD_JWT_KEY, GOOD_SECRET, _run_python


def _event_aged(user, age: timedelta) -> int:
    event = SecurityEvent.objects.create(kind="logout", user=user)
    SecurityEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - age)
    return event.pk


def _cleanup() -> str:
    out = StringIO()
    call_command("cleanup_sessions", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_cleanup_deletes_events_older_than_the_retention_and_keeps_the_rest(user, settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 30
    old = _event_aged(user, timedelta(days=30, minutes=1))
    orphan = SecurityEvent.objects.create(kind="login_failed").pk  # unknown email: no user
    SecurityEvent.objects.filter(pk=orphan).update(created_at=timezone.now() - timedelta(days=400))
    recent = _event_aged(user, timedelta(days=29, hours=23))
    fresh = _event_aged(user, timedelta(0))

    output = _cleanup()

    assert "2 security event(s)" in output
    remaining = set(SecurityEvent.objects.values_list("pk", flat=True))
    assert remaining == {recent, fresh}
    assert old not in remaining


@pytest.mark.django_db
def test_the_default_retention_is_365_days(user):
    old = _event_aged(user, timedelta(days=366))
    kept = _event_aged(user, timedelta(days=364))

    _cleanup()

    assert set(SecurityEvent.objects.values_list("pk", flat=True)) == {kept}
    assert old != kept


@pytest.mark.django_db
def test_zero_keeps_events_forever(user, settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 0
    ancient = _event_aged(user, timedelta(days=20 * 365))

    assert "0 security event(s)" in _cleanup()
    assert SecurityEvent.objects.filter(pk=ancient).exists()


@pytest.mark.django_db
def test_cleanup_deletes_in_batches(user, settings, monkeypatch):
    monkeypatch.setattr("core.db.DELETE_BATCH_SIZE", 2)
    settings.SECURITY_EVENT_RETENTION_DAYS = 1
    for _ in range(5):
        _event_aged(user, timedelta(days=2))
    kept = _event_aged(user, timedelta(hours=1))

    assert "5 security event(s)" in _cleanup()
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [kept]


SETTING = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECURITY_EVENT_RETENTION_DAYS)"
)
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": GOOD_SECRET * 2, "JWT_SIGNING_KEY": GOOD_JWT_KEY * 2}


@pytest.mark.parametrize(("value", "printed"), [(None, "365"), ("0", "0"), ("30", "30"), ("36500", "36500")])
def test_valid_retention_values_start(value, printed):
    env = PRODUCTION if value is None else {**PRODUCTION, "SECURITY_EVENT_RETENTION_DAYS": value}
    result = _run_python(SETTING, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == printed


@pytest.mark.parametrize("value", ["-1", "abc", "1.5", "", "36501", "\uff13\uff10", "1e3"])
def test_invalid_retention_values_refuse_to_start(value):
    result = _run_python(SETTING, **PRODUCTION, SECURITY_EVENT_RETENTION_DAYS=value)

    assert result.returncode != 0
    assert "SECURITY_EVENT_RETENTION_DAYS=" in result.stderr
    assert "whole number from 0 to 36500" in result.stderr
