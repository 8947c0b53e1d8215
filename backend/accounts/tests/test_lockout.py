"""Login admission (accounts.lockout): the per-address rate and the per-(account, address) delays, sequential and
with real parallel requests, through the API and the Django admin."""

import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts import lockout
from accounts.lockout import FREE_FAILURES
from accounts.models import User
from audit.models import SecurityEvent

URL = "/api/auth/login/"
ADMIN_URL = "/admin/login/"
ATTACKER = "198.51.100.1"
OWNER = "203.0.113.9"
WRONG = "wrong password entirely"


def _attempt(password: str, ip: str = ATTACKER, email: str = "ann@example.com"):
    return APIClient().post(URL, {"email": email, "password": password}, REMOTE_ADDR=ip)


def _admin_attempt(password: str, ip: str = ATTACKER, email: str = "ann@example.com"):
    return Client().post(ADMIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


PATHS = {"api": _attempt, "admin": _admin_attempt}


def _verdict(response) -> bool:
    """A verdict on the password (as opposed to a refusal to look at it)."""
    if response.status_code == HTTPStatus.TOO_MANY_REQUESTS:
        assert int(response["Retry-After"]) >= 1
        return False
    # API: 401; admin: the form again with "Please enter the correct email..." (200).
    assert response.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.OK, HTTPStatus.FOUND), response.status_code
    return True


class Clock:
    """accounts.lockout's idea of time, moved by the test instead of slept through."""

    def __init__(self) -> None:
        import time

        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(lockout, "time", fake)
    return fake


def _burst(function, count: int) -> list:
    """`count` calls released together by a barrier, each in its own thread (and database connection)."""
    barrier = threading.Barrier(count)

    def run(index: int):
        try:
            barrier.wait(timeout=30)
            return function(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


# --- sequential ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_failures_from_one_address_bring_growing_delays_for_that_account_only(user, user_password, via, clock):
    attempt = PATHS[via]
    user.is_staff = True
    user.save()
    assert all(_verdict(attempt(WRONG)) for _ in range(FREE_FAILURES))

    locked = attempt(user_password)
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert locked["Retry-After"] == "1"

    # The owner, elsewhere, is not locked out; nor is another account from the attacker's address.
    assert _attempt(user_password, ip=OWNER).status_code == HTTPStatus.OK
    assert _attempt("x", email="someone@example.com").status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_each_failure_after_the_free_ones_doubles_the_delay_and_admits_one_attempt(user, clock):
    for _ in range(FREE_FAILURES):
        assert _attempt(WRONG).status_code == HTTPStatus.UNAUTHORIZED
    for delay in (1, 2, 4, 8, 16):
        refused = _attempt(WRONG)
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert int(refused["Retry-After"]) == delay
        clock.now += delay - 0.5
        assert _attempt(WRONG).status_code == HTTPStatus.TOO_MANY_REQUESTS  # a late-ish request, still too early
        clock.now += 0.5
        assert _attempt(WRONG).status_code == HTTPStatus.UNAUTHORIZED  # the one verdict of this slot
        assert _attempt(WRONG).status_code == HTTPStatus.TOO_MANY_REQUESTS  # and not a second one


@pytest.mark.django_db
def test_the_delay_is_capped(user, clock):
    for _ in range(FREE_FAILURES):
        _attempt(WRONG)
    for _ in range(20):
        clock.now += lockout.MAX_DELAY_SECONDS
        assert _attempt(WRONG).status_code == HTTPStatus.UNAUTHORIZED
    assert int(_attempt(WRONG)["Retry-After"]) == lockout.MAX_DELAY_SECONDS


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_a_success_clears_the_failure_count(user, user_password, via, clock):
    user.is_staff = True
    user.save()
    attempt = PATHS[via]
    for _ in range(FREE_FAILURES - 1):
        attempt(WRONG)
    assert attempt(user_password).status_code in (HTTPStatus.OK, HTTPStatus.FOUND)

    assert all(_verdict(attempt(WRONG)) for _ in range(FREE_FAILURES))
    assert attempt(WRONG).status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.django_db
def test_a_success_after_a_delay_clears_the_pair(user, user_password, clock):
    for _ in range(FREE_FAILURES + 1):
        _attempt(WRONG)
    clock.now += 1
    assert _attempt(user_password).status_code == HTTPStatus.OK
    assert all(_attempt(WRONG).status_code == HTTPStatus.UNAUTHORIZED for _ in range(FREE_FAILURES))


# The per-account key is the normalised email: no spelling of the address gets a fresh counter, on either path.
EMAIL_VARIANTS = ["ann@example.com", "ANN@EXAMPLE.COM", "Ann@Example.com", " ann@example.com", "ann@example.com  "]


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_spellings_of_the_email_share_one_counter(user, user_password, via, clock):
    user.is_staff = True
    user.save()
    attempt = PATHS[via]
    for email in EMAIL_VARIANTS[:FREE_FAILURES]:
        assert _verdict(attempt(WRONG, email=email))
    for email in EMAIL_VARIANTS:
        assert attempt(user_password, email=email).status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.django_db
def test_api_and_admin_share_the_pair_counter(user, user_password, clock):
    user.is_staff = True
    user.save()
    for i in range(FREE_FAILURES):
        PATHS["api" if i % 2 else "admin"](WRONG)

    assert _attempt(user_password).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert _admin_attempt(user_password).status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.django_db
def test_an_attempt_that_ends_without_a_verdict_gives_its_slot_back(user, user_password, monkeypatch, clock):
    import accounts.services

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(accounts.services, "authenticate", broken)
        client = APIClient(raise_request_exception=False)
        for _ in range(FREE_FAILURES * 2):
            client.post(URL, {"email": user.email, "password": WRONG}, REMOTE_ADDR=ATTACKER)

    assert _attempt(user_password).status_code == HTTPStatus.OK


# --- the per-address rate, shared by every sign-in path -------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("paths", [("admin",), ("api",), ("api", "admin")])
def test_logins_for_many_accounts_from_one_address_are_refused_after_the_rate(paths, throttle_rates):
    throttle_rates(login="10/min")
    statuses = [PATHS[paths[i % len(paths)]](WRONG, email=f"user{i}@example.com") for i in range(25)]

    assert [r.status_code == HTTPStatus.TOO_MANY_REQUESTS for r in statuses] == [False] * 10 + [True] * 15
    assert all(int(r["Retry-After"]) >= 1 for r in statuses[10:])
    # Another address has its own budget.
    assert _admin_attempt(WRONG, ip=OWNER).status_code == HTTPStatus.OK
    assert _attempt(WRONG, ip=OWNER).status_code == HTTPStatus.UNAUTHORIZED


# --- security events ------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_failed_and_successful_logins_are_security_events(user, user_password, via):
    user.is_staff = True
    user.save()
    attempt = PATHS[via]
    attempt(WRONG)
    attempt(user_password)
    attempt("x", email="nobody@example.com")

    events = SecurityEvent.objects.filter(user=user).order_by("id")
    assert [(e.kind, e.ip_address, e.details) for e in events] == [
        ("login_failed", ATTACKER, {"via": via}),
        ("login_succeeded", ATTACKER, {"via": via}),
    ]
    assert SecurityEvent.objects.filter(user=None, kind="login_failed", details={"via": via}).count() == 1


@pytest.mark.django_db
def test_an_admin_sign_in_refused_to_a_non_staff_account_is_a_failure(user, user_password):
    assert _admin_attempt(user_password).status_code == HTTPStatus.OK  # the form again
    assert list(SecurityEvent.objects.values_list("kind", flat=True)) == ["login_failed"]


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_hitting_the_address_rate_is_recorded_once_per_window(user, throttle_rates, via):
    throttle_rates(login="1/min")
    for _ in range(4):
        PATHS[via](WRONG)

    events = SecurityEvent.objects.filter(kind="rate_limited")
    assert [(e.details, e.ip_address) for e in events] == [({"scope": "login", "via": via}, ATTACKER)]


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_hitting_the_pair_delay_is_recorded_once_per_delay(user, via, clock):
    for _ in range(FREE_FAILURES + 3):
        PATHS[via](WRONG)
    clock.now += 1
    for _ in range(3):
        PATHS[via](WRONG)

    events = SecurityEvent.objects.filter(kind="rate_limited").order_by("id")
    assert [(e.user_id, e.details) for e in events] == [(user.pk, {"scope": "login_account", "via": via})] * 2


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_rate_limits_fail_open_when_the_cache_is_down(user, user_password, settings, via):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    user.is_staff = True
    user.save()
    # The admin keeps its sign-in in the database session, not the cache.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    assert all(_verdict(PATHS[via](WRONG)) for _ in range(FREE_FAILURES + 2))
    assert PATHS[via](user_password).status_code in (HTTPStatus.OK, HTTPStatus.FOUND)


# --- parallel requests ----------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [8, 20])
@pytest.mark.parametrize("via", ["api", "admin"])
def test_a_parallel_burst_of_wrong_passwords_gets_at_most_the_free_verdicts(size, via, clock):
    User.objects.create_user("burst@example.com", "the right passphrase here", name="B", is_staff=True)

    def attempt(i: int):
        return PATHS[via](WRONG, email="burst@example.com")

    first = _burst(attempt, size)
    assert sum(map(_verdict, first)) == FREE_FAILURES
    assert all(r["Retry-After"] == "1" for r in first if r.status_code == HTTPStatus.TOO_MANY_REQUESTS)

    # After the delay, a whole new burst gets one verdict (one slot), not another full burst.
    clock.now += 1
    second = _burst(attempt, size)
    assert sum(map(_verdict, second)) == 1
    # Late requests, while the next delay runs, get none.
    clock.now += 1
    assert sum(map(_verdict, _burst(attempt, size))) == 0
    clock.now += 1
    assert sum(map(_verdict, _burst(attempt, size))) == 1

    # The owner's own address is unaffected throughout.
    owner = _burst(lambda i: PATHS[via]("the right passphrase here", ip=OWNER, email="burst@example.com"), 2)
    assert all(r.status_code in (HTTPStatus.OK, HTTPStatus.FOUND) for r in owner)


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_for_many_accounts_gets_at_most_the_address_rate(throttle_rates):
    throttle_rates(login="5/min")
    responses = _burst(lambda i: PATHS["api" if i % 2 else "admin"](WRONG, email=f"u{i}@example.com"), 20)

    assert sum(map(_verdict, responses)) == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_logins_mixing_spellings_of_one_email_share_the_counter(clock):
    User.objects.create_user("mixed@example.com", "the right passphrase here", name="M", is_staff=True)
    spellings = ["mixed@example.com", "MIXED@example.com", "Mixed@Example.Com", " mixed@example.com"]

    responses = _burst(lambda i: PATHS["api" if i % 2 else "admin"](WRONG, email=spellings[i % 4]), 16)

    assert sum(map(_verdict, responses)) == FREE_FAILURES


# An internationalised domain: every spelling the canonical form (accounts.email_address) folds together.
IDN_VARIANTS = [
    "ann@bücher.example",
    "ANN@BÜCHER.EXAMPLE",
    "ann@bu\u0308cher.example",  # decomposed ü (NFD)
    "ann@xn--bcher-kva.example",
    " Ann@Bücher.Example ",
    "ann@bücher.example.",
]


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
def test_unicode_and_idna_spellings_of_the_email_share_one_counter(via, clock):
    User.objects.create_user("ann@bücher.example", "the right passphrase here", name="A", is_staff=True)
    attempt = PATHS[via]
    for email in IDN_VARIANTS[:FREE_FAILURES]:
        assert _verdict(attempt(WRONG, email=email))
    for email in IDN_VARIANTS:
        assert attempt("the right passphrase here", email=email).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # The owner, from their own address, under any spelling.
    assert _attempt("the right passphrase here", ip=OWNER, email=IDN_VARIANTS[2]).status_code == HTTPStatus.OK


# --- client address spellings ----------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("via", ["api", "admin"])
@pytest.mark.parametrize(
    "addresses",
    [
        [
            "2001:db8:1:2::1",
            "2001:db8:1:2::2",
            "2001:db8:1:2:ffff:ffff:ffff:ffff",
            "2001:db8:1:2:0:0:0:9",
            "2001:DB8:1:2::a",
        ],
        ["198.51.100.7", "::ffff:198.51.100.7", "::ffff:c633:6407", "198.51.100.7", "::ffff:198.51.100.7"],
    ],
    ids=["one-ipv6-64", "ipv4-and-ipv4-mapped"],
)
def test_addresses_of_one_client_share_the_pair_counter(user, user_password, via, addresses, clock):
    user.is_staff = True
    user.save()
    for address in addresses:
        assert _verdict(PATHS[via](WRONG, ip=address))
    assert PATHS[via](user_password, ip=addresses[0]).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # Another /64 is another client.
    assert PATHS[via](user_password, ip="2001:db8:1:3::1").status_code in (HTTPStatus.OK, HTTPStatus.FOUND)


@pytest.mark.django_db
def test_an_ipv6_64_shares_one_address_rate(throttle_rates):
    throttle_rates(login="3/min")
    statuses = [_attempt(WRONG, ip=f"2001:db8:7:7::{i:x}", email=f"u{i}@example.com").status_code for i in range(1, 6)]

    assert statuses == [401, 401, 401, 429, 429]
    assert _attempt(WRONG, ip="2001:db8:7:8::1").status_code == HTTPStatus.UNAUTHORIZED
