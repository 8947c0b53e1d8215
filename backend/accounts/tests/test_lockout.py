from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from accounts.lockout import FREE_FAILURES
from audit.models import SecurityEvent

URL = "/api/auth/login/"


def _attempt(password: str, ip: str = "198.51.100.1", email: str = "ann@example.com"):
    return APIClient().post(URL, {"email": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_failures_from_one_address_bring_growing_delays_for_that_account_only(user, user_password):
    statuses = [_attempt("wrong password entirely").status_code for _ in range(FREE_FAILURES)]
    assert statuses == [HTTPStatus.UNAUTHORIZED] * FREE_FAILURES

    locked = _attempt(user_password)
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(locked["Retry-After"]) >= 1
    assert locked.json()["errors"][0]["code"] == "throttled"

    # The owner, elsewhere, is not locked out; nor is another account from the attacker's address.
    assert _attempt(user_password, ip="203.0.113.9").status_code == HTTPStatus.OK
    assert _attempt("x", email="someone@example.com").status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_a_success_clears_the_failure_count(user, user_password):
    for _ in range(FREE_FAILURES - 1):
        _attempt("wrong password entirely")
    assert _attempt(user_password).status_code == HTTPStatus.OK

    assert all(_attempt("wrong password entirely").status_code == 401 for _ in range(FREE_FAILURES))


@pytest.mark.django_db
def test_failed_and_successful_logins_are_security_events(user, user_password):
    _attempt("wrong password entirely")
    _attempt(user_password)
    _attempt("x", email="nobody@example.com")

    kinds = list(SecurityEvent.objects.filter(user=user).order_by("id").values_list("kind", "ip_address"))
    assert kinds == [("login_failed", "198.51.100.1"), ("login_succeeded", "198.51.100.1")]
    assert SecurityEvent.objects.filter(user=None, kind="login_failed").count() == 1


@pytest.mark.django_db
def test_hitting_a_rate_limit_is_recorded_once_per_window(user, throttle_rates):
    throttle_rates(login="1/min")
    for _ in range(4):
        _attempt("wrong password entirely")

    assert SecurityEvent.objects.filter(kind="rate_limited").count() == 1


@pytest.mark.django_db
def test_rate_limits_fail_open_when_the_cache_is_down(user, user_password, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    assert _attempt(user_password).status_code == HTTPStatus.OK
