"""Admission of a sign-in attempt: the per-address login rate, then per-(account, address) delays.

Every way to sign in with a password (the API's login, the Django admin) calls login_attempt_admit before it
checks the password, and tells the returned LoginAttempt how it ended. One home for the rule, so the admin cannot
drift into a softer way in.

Per pair, FREE_FAILURES attempts may be judged; after that one attempt at a time, each only once the delay since
the previous failure has passed, the delay doubling per failure. Counting per pair rather than per account means
an attacker cannot lock the owner out from elsewhere: the owner's own address keeps its own, clean count.

Every step is an atomic cache operation taken *before* the password hash (add, incr, add-if-absent on Redis or in
local memory), so N parallel attempts get at most the allowed number of verdicts, whichever process serves them.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Literal

from django.core.cache import cache

from accounts.email_address import email_lookup_key
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.cache import cache_read_then_delete, counter_increment
from core.client_ip import rate_limit_identity
from core.context import RequestContext
from core.exceptions import RateLimitedError
from core.throttles import rate_admit_then_count

logger = logging.getLogger(__name__)

FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60
WINDOW_SECONDS = 3600
# The per-address rate (THROTTLE_RATE_LOGIN) that every sign-in path shares.
LOGIN_SCOPE = "login"

Via = Literal["api", "admin"]


def _delay(failures: int) -> float:
    """Seconds to wait after the `failures`-th failure (0 before FREE_FAILURES): 1 s, 2 s, 4 s ... 15 min."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS))


def _keys(email: str, ip: str) -> str:
    ip = rate_limit_identity(ip)
    digest = hashlib.sha256(f"{email}\x00{ip}".encode()).hexdigest()
    return f"login-pair:{digest}"


@dataclass
class LoginAttempt:
    """An admitted attempt holds one slot of its pair: a free one (slot = 0) or the grant that follows failure
    number `slot`. It must end in failed(), succeeded() or abandoned() (an error before any verdict)."""

    prefix: str = ""  # empty: the cache was unreachable at admission, nothing to count (fail open)
    slot: int = 0

    def failed(self) -> None:
        if not self.prefix:
            return
        p = self.prefix
        try:
            # The next delay is written before the count grows, so whoever sees the new count sees its delay too.
            known = max(self.slot, FREE_FAILURES - 1)
            cache.set(f"{p}:until", time.time() + max(_delay(known + 1), 1.0), timeout=WINDOW_SECONDS)
            counter_increment(f"{p}:failed", timeout=WINDOW_SECONDS)
            cache.touch(f"{p}:failed", WINDOW_SECONDS)
            cache.touch(f"{p}:reserved", WINDOW_SECONDS)
        except Exception:
            logger.warning("Cache unavailable: login failure not counted")

    def succeeded(self) -> None:
        if not self.prefix:
            return
        p = self.prefix
        try:
            # Every sign-in ends here: one round trip reads the failure count and clears the pair, with the first
            # two grants (those a pair that has just reached FREE_FAILURES may hold); only a pair past that needs a
            # second one for the grants of its later failures.
            first = [f"{p}:grant:{n}" for n in range(FREE_FAILURES, FREE_FAILURES + 2)]
            failures = int(
                cache_read_then_delete(f"{p}:failed", [f"{p}:reserved", f"{p}:failed", f"{p}:until", *first]) or 0
            )
            later = [f"{p}:grant:{n}" for n in range(FREE_FAILURES + 2, failures + 2)]
            if later:
                cache.delete_many(later)
        except Exception:
            logger.warning("Cache unavailable: login failures not cleared")

    def abandoned(self) -> None:
        """No verdict was given (e.g. the database was down): the slot goes back, or the pair would wait for a
        failure that never comes."""
        if not self.prefix:
            return
        try:
            if self.slot:
                cache.delete(f"{self.prefix}:grant:{self.slot}")
            else:
                cache.decr(f"{self.prefix}:reserved")
        except Exception:
            logger.warning("Cache unavailable: login slot not released")


def _admit(p: str, reserved: int | None = None) -> tuple[LoginAttempt | None, float, int]:
    """For the counter named `p`: (attempt, 0, failures) when admitted; (None, seconds to wait, failures) when
    not. `reserved`: the count of `p`:reserved when the caller already took it (login_attempt_admit)."""
    if reserved is None:
        reserved, _created = counter_increment(f"{p}:reserved", timeout=WINDOW_SECONDS)  # one round trip on Redis
    if reserved <= FREE_FAILURES:
        return LoginAttempt(prefix=p), 0.0, 0
    failures = int(cache.get(f"{p}:failed") or 0)
    until = float(cache.get(f"{p}:until") or 0.0)
    now = time.time()
    # One attempt per failure count, and only once that failure's delay has passed.
    if failures >= FREE_FAILURES and now >= until and cache.add(f"{p}:grant:{failures}", 1, timeout=WINDOW_SECONDS):
        return LoginAttempt(prefix=p, slot=failures), 0.0, failures
    # Waiting for the delay, or for the verdict of the attempt now in progress (then, for the delay it will start).
    wait = until - now if until > now else _delay(max(failures + 1, FREE_FAILURES))
    return None, wait, failures


def login_attempt_admit(*, context: RequestContext, email: str, via: Via) -> LoginAttempt:
    """Raises RateLimitedError (429, Retry-After) when the address is over THROTTLE_RATE_LOGIN or the (account,
    address) pair must wait; records a `rate_limited` event once per address and window, or pair and delay.
    If the cache is unreachable, the attempt is admitted (logged): sign-in keeps working during an outage."""
    ip = context.ip or ""
    email = email_lookup_key(email)
    pair = _keys(email, ip)
    # The address rate and the pair's reservation in one round trip; the pair is only counted when the rate admits.
    rate_wait, reserved = rate_admit_then_count(
        scope=LOGIN_SCOPE, ident=ip, context=context, then=(f"{pair}:reserved", WINDOW_SECONDS), via=via
    )
    if rate_wait is not None:
        raise RateLimitedError(math.ceil(rate_wait))
    if reserved is None:  # the cache was unreachable (logged): fail open, as below
        return LoginAttempt()
    try:
        attempt, wait, failures = _admit(pair, reserved[0])
        report = attempt is None and cache.add(f"{pair}:reported:{failures}", 1, timeout=WINDOW_SECONDS)
    except Exception:  # fail open: a cache outage must not stop everyone from signing in
        logger.warning("Cache unavailable: login lockout not checked")
        return LoginAttempt()
    if attempt is not None:
        return attempt
    if report:
        owner_id = User.objects.filter(email=email).values_list("pk", flat=True).first()
        security_event_record(
            kind=SecurityEvent.Kind.RATE_LIMITED, context=context, user_id=owner_id, scope="login_account", via=via
        )
    raise RateLimitedError(math.ceil(wait))


# Wrong second-factor codes per account per WINDOW_SECONDS, from all addresses together, after which codes are
# refused from everywhere until the window passes. Per (account, address) the password rule applies; this ceiling
# bounds guessing from many addresses (20 guesses an hour at 3 valid codes in a million: ~6e-5).
SECOND_FACTOR_ACCOUNT_CEILING = 20


@dataclass
class SecondFactorAttempt(LoginAttempt):
    """A pair attempt that also counts failures towards the account-wide ceiling."""

    account_key: str = ""

    def failed(self) -> None:
        super().failed()
        if self.account_key:
            try:
                counter_increment(self.account_key, timeout=WINDOW_SECONDS)
            except Exception:
                logger.warning("Cache unavailable: second-factor failure not counted")


def second_factor_attempt_admit(*, context: RequestContext, user_id: int) -> LoginAttempt:
    """Admission of a second-factor code (TOTP, recovery code) for an account, before it is checked. Only someone
    who knew the password (or holds a session) gets this far. Per (account, address): the same free attempts and
    doubling delays as passwords, so someone else's guessing cannot lock the owner's own address out; per account:
    SECOND_FACTOR_ACCOUNT_CEILING failures an hour from all addresses (whoever reaches it knows the password: the
    owner should reset it). A right code clears the pair's count; a right password does not.
    Raises RateLimitedError (429, Retry-After); fails open, logged, when the cache is unreachable."""
    ip = rate_limit_identity(context.ip or "")
    prefix = "mfa-pair:" + hashlib.sha256(f"{user_id}\x00{ip}".encode()).hexdigest()
    account_key = f"mfa-account:{user_id}:failed"
    try:
        if int(cache.get(account_key) or 0) >= SECOND_FACTOR_ACCOUNT_CEILING:
            attempt, wait, failures = None, float(WINDOW_SECONDS), SECOND_FACTOR_ACCOUNT_CEILING
        else:
            attempt, wait, failures = _admit(prefix)
        report = attempt is None and cache.add(f"{prefix}:reported:{failures}", 1, timeout=WINDOW_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: second-factor lockout not checked")
        return LoginAttempt()
    if attempt is not None:
        return SecondFactorAttempt(prefix=attempt.prefix, slot=attempt.slot, account_key=account_key)
    if report:
        security_event_record(
            kind=SecurityEvent.Kind.RATE_LIMITED, context=context, user_id=user_id, scope="second_factor"
        )
    raise RateLimitedError(math.ceil(wait))
