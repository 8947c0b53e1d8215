"""Account operations. Views validate input, call one of these, and render the result."""

import functools
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import EmailNotVerifiedError
from accounts.conf import app_settings
from accounts.email_address import email_lookup_key, email_normalize
from accounts.lockout import login_attempt_admit
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_logged, security_event_new, security_event_record
from core.context import RequestContext
from core.db import update_then_insert
from core.deadline import deadline_enforce
from core.exceptions import ApplicationError, AuthenticationError
from core.i18n import language_supported
from usersessions.services import TokenPair, session_new, session_start, session_supersede, session_tokens

__all__ = ["SecondFactorRequired", "TokenPair", "user_login", "user_register", "user_sign_in", "user_update"]


class EmailTakenError(ApplicationError):
    code = "unique"

    def __init__(self) -> None:
        super().__init__(_("An account with this email already exists."), param="email")


class InvalidCredentialsError(AuthenticationError):
    code = "invalid_credentials"

    def __init__(self) -> None:
        # One message for unknown email and wrong password: the answer must not reveal who has an account.
        super().__init__(_("Invalid email or password."))


def user_register(*, email: str, password: str, name: str, language: str = "en") -> User:
    """Validates the password against the user's own name and email before anything is stored. The address is
    stored in canonical form, so the unique index also refuses every other spelling of the same mailbox.
    `language`: what the account's mail is written in (the signup request's, RequestContext.language)."""
    try:
        email = email_normalize(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.error_list}) from exc
    user = User(email=email, name=name, language=language_supported(language))
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    if User.objects.filter(email=user.email).exists():
        raise EmailTakenError()
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a parallel registration of the same email won the race
        raise EmailTakenError() from exc
    return user


@transaction.atomic
def user_register_and_sign_in(
    *, context: RequestContext, email: str, password: str, name: str, refresh: str = ""
) -> tuple[User, TokenPair | None]:
    """All or nothing: an account whose session, event or verification mail failed to store (a database outage)
    is not left behind, or the client's retry would be told the address is taken by an account it cannot use.

    When verification is mandatory no session starts: the tokens would let an unverified address in. `refresh`:
    the refresh token the client still holds from an earlier sign-in; that session ends (session_supersede).
    DeadlineExceededError (408, core.deadline): the caller stopped waiting; nothing is kept, not even the account.
    """
    from accounts.flows.email_verification import email_verification_start

    user = user_register(email=email, password=password, name=name, language=context.language)
    # After the slow part (hashing the password): an answer nobody waits for rolls it all back, so the retry the
    # user makes after seeing it fail is not told the address is taken (core.deadline).
    deadline_enforce(context.deadline)
    email_verification_start(user=user)
    security_event_record(kind=SecurityEvent.Kind.REGISTERED, context=context, user=user)
    if app_settings.email_verification_required:
        return user, None
    tokens = session_start(user=user, context=context)
    if refresh:
        session_supersede(refresh=refresh, by=tokens.session_id)
    return user, tokens


def user_update(*, user: User, name: str | None = None, language: str | None = None) -> User:
    """Changes what is given. `language` is one of settings.LANGUAGES (the input serializer's rule)."""
    changes = {"name": name, "language": language}
    for field, value in changes.items():
        if value is not None:
            setattr(user, field, value)
    update_fields = [field for field, value in changes.items() if value is not None]
    if update_fields:
        user.save(update_fields=update_fields)
    return user


@dataclass(frozen=True)
class SecondFactorRequired:
    """The password was right and the account has a second factor: no session yet. `mfa_token` names the pending
    sign-in (mfa.challenges); `methods`: what the user may complete it with ("totp", "recovery_code", "passkey")."""

    mfa_token: str
    methods: list[str]


@functools.cache
def _login_accounts() -> QuerySet[User]:
    """Every account, each with its second factors (mfa.flows.users_with_second_factors): where a password sign-in
    looks its account up. Built once: resolving the two subqueries took about half a millisecond of every login,
    and the lookup's .get() works on a copy, so this one is never evaluated."""
    from mfa.flows import users_with_second_factors

    return users_with_second_factors(User.objects.all())


def user_login(
    *, context: RequestContext, email: str, password: str, refresh: str = ""
) -> tuple[User, TokenPair | SecondFactorRequired]:
    """Email and password sign-in. `refresh`: the refresh token the client still holds from an earlier sign-in in
    the same browser; that session ends before the new one starts (an invalid value is ignored). For an account
    with a second factor, no session starts: the sign-in waits for it (mfa.flows.login_second_factor_complete).

    Raises InvalidCredentialsError (401, same for unknown email, wrong password, inactive account),
    RateLimitedError (429) or EmailNotVerifiedError (403, when verification is mandatory).
    """
    from mfa.flows import login_second_factor_begin

    email = email_lookup_key(email)
    # Counted before the hash, so a parallel burst cannot get more verdicts than the rule allows.
    attempt = login_attempt_admit(context=context, email=email, via="api")
    try:
        # The account and its second factors in one query: login_second_factor_begin reads them from it.
        user = authenticate(None, email=email, password=password, context=context, users=_login_accounts())
    except EmailNotVerifiedError:
        attempt.succeeded()  # the password was right
        raise
    except BaseException:
        attempt.abandoned()
        raise
    if not isinstance(user, User):
        attempt.failed()
        # The same lookup happens whether or not the account exists, so it adds no timing signal.
        owner_id = User.objects.filter(email=email).values_list("pk", flat=True).first()
        security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, context=context, user_id=owner_id, via="api")
        raise InvalidCredentialsError()
    attempt.succeeded()
    pending = login_second_factor_begin(user=user)
    if pending is not None:
        return user, SecondFactorRequired(mfa_token=pending.token, methods=pending.methods)
    return user, user_sign_in(user=user, context=context, refresh=refresh, via="api", password_hash=user.password)


def user_sign_in(
    *,
    user: User,
    context: RequestContext,
    via: str,
    refresh: str = "",
    password_hash: str | None = None,
    credential_epoch: int | None = None,
    second_factor: bool = False,
    event: SecurityEvent.Kind = SecurityEvent.Kind.LOGIN_SUCCEEDED,
    **event_details: str,
) -> TokenPair:
    """The end of every sign-in (password, password + second factor, passkey): records it and starts the session,
    in one commit (one WAL flush) for last_login, the session and its audit event.

    What was checked happened without a lock: if any change of credentials committed since (a password change or
    reset, an email change, a second factor added or removed), the session would start under an epoch that is
    already over. The UPDATE re-checks, after waiting for any change in progress on the row, that the user is
    active and has the address, epoch (`credential_epoch`, default the one read) and, for a password sign-in, the
    hash that were checked; InvalidCredentialsError (401) otherwise, and nothing is written. `event`: the audit kind
    recorded (a social sign-in records SOCIAL_LOGIN with its provider in `event_details`).
    """
    now = timezone.now()
    unchanged = User.objects.filter(
        pk=user.pk,
        email=user.email,
        credential_epoch=user.credential_epoch if credential_epoch is None else credential_epoch,
        is_active=True,
    )
    if password_hash is not None:
        unchanged = unchanged.filter(password=password_hash)
    session = session_new(user=user, context=context, now=now, second_factor=second_factor)
    record = security_event_new(
        kind=event, context=context, user=user, session_id=str(session.pk), via=via, **event_details
    )
    # On PostgreSQL the three writes are one statement (core.db.update_then_insert): outside a transaction it
    # commits on its own, in one round trip instead of five (BEGIN, UPDATE, INSERT, INSERT, COMMIT), still one
    # transaction and one WAL flush with synchronous_commit on. Ending the browser's earlier session (`refresh`)
    # must commit with them, so that case, and other databases (three statements), take a transaction.
    single_statement = connection.vendor == "postgresql"
    with transaction.atomic() if refresh or not single_statement else nullcontext():
        if refresh:
            session_supersede(refresh=refresh, by=session.pk)
        deadline_enforce(context.deadline)  # right before the write: a client that stopped waiting gets no session
        if single_statement:
            signed_in = update_then_insert(unchanged, {"last_login": now}, [session, record])
        else:
            signed_in = unchanged.update(last_login=now)
            if signed_in:
                session.save(force_insert=True)
                record.save(force_insert=True)
        if not signed_in:
            raise InvalidCredentialsError()  # inside the transaction: a superseded session is not ended either
    user.last_login = now
    security_event_logged(record)
    return session_tokens(session)
