"""Two-factor flows: what each ceremony grants. Views validate input, call one of these, and render the result.

Adding or removing a second factor (an authenticator app, a passkey) is a change of credentials
(accounts.credentials): every session ends and every emailed link dies; the device that made the change goes on
under a new session, whose pair is returned. Recovery codes are a fallback for the factors, not a factor: making a
new set only replaces the old one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import EmailNotVerifiedError
from accounts.conf import app_settings
from accounts.credentials import CredentialChange, credentials_changing
from accounts.flows._common import WrongPasswordError, current_password_check, mail_name
from accounts.lockout import login_attempt_admit, second_factor_attempt_admit
from accounts.models import User
from accounts.services import user_sign_in
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.exceptions import ApplicationError, ConflictError, NotFoundError
from mfa import passkeys as webauthn_ceremonies
from mfa.challenges import (
    ChallengeInvalidError,
    challenge_attach_webauthn,
    challenge_by_token,
    challenge_consume,
    challenge_failed,
    challenge_issue,
    challenge_lock,
    challenge_of_session,
)
from mfa.models import Challenge, Passkey, RecoveryCode, TotpDevice
from mfa.passkeys import InvalidCredentialError
from mfa.recovery_codes import recovery_code_use, recovery_codes_count, recovery_codes_generate
from mfa.totp import TotpSetup, totp_code_accept, totp_devices_enabled, totp_enabled, totp_pending_create
from notifications.tasks import security_notice_send
from usersessions.services import TokenPair, session_continue
from usersessions.stepup import reauth_window, recent_authentication_require, session_recent_until

TOTP, RECOVERY_CODE, PASSKEY = "totp", "recovery_code", "passkey"


class InvalidCodeError(ApplicationError):
    def __init__(self, *, param: str, message: str = "") -> None:
        message = message or (
            _("That recovery code is not valid or was already used.")
            if param == "recovery_code"
            else _("That code is not valid. Enter the current code from your authenticator app.")
        )
        super().__init__(message, code="invalid_code", param=param)


# ---- what the user has ------------------------------------------------------------------------------------------
def _second_factor_flags() -> dict[str, Exists]:
    return {
        "has_totp": Exists(totp_devices_enabled().filter(user=OuterRef("pk"))),
        "has_passkey": Exists(Passkey.objects.filter(user=OuterRef("pk"))),
    }


def users_with_second_factors(users: QuerySet[User]) -> QuerySet[User]:
    """`users`, each loaded with whether it has TOTP and a passkey (has_totp, has_passkey), which
    second_factor_methods then reads instead of asking the database again: a password sign-in learns the account
    and its factors in one query (accounts.services.user_login).

    Read before the password is checked, so a factor added meanwhile is not seen; that sign-in still fails, since
    adding a factor advances the credential epoch read in the same query, and user_sign_in requires it unchanged."""
    return users.annotate(**_second_factor_flags())


def second_factor_methods(user: User) -> list[str]:
    """The ways this user can prove a second factor, in the order the sign-in offers them; [] without MFA."""
    flags = (getattr(user, "has_totp", None), getattr(user, "has_passkey", None))  # users_with_second_factors
    if None in flags:
        # Every other sign-in asks here: both factors in one query (one round trip), not one query each.
        flags = User.objects.filter(pk=user.pk).values_list(*_second_factor_flags().values()).first() or (False, False)
    has_totp, has_passkey = flags
    methods = [TOTP] if has_totp else []
    if not methods and not has_passkey:
        return []
    if RecoveryCode.objects.filter(user=user, used_at__isnull=True).exists():
        methods.append(RECOVERY_CODE)
    if has_passkey:
        methods.append(PASSKEY)
    return methods


def user_has_second_factor(user: User) -> bool:
    return totp_enabled(user) or Passkey.objects.filter(user=user).exists()


@dataclass(frozen=True)
class MfaOverview:
    """GET /api/auth/mfa/: totp {enabled}, recovery_codes {total, remaining}, passkeys, and until when this session
    counts as recently authenticated (any factor / a second factor), None when it does not."""

    totp: dict[str, bool]
    recovery_codes: dict[str, int]
    passkeys: list[Passkey]
    reauthenticated_until: datetime | None
    second_factor_until: datetime | None


def mfa_overview(*, context: RequestContext, user: User) -> MfaOverview:
    total, remaining = recovery_codes_count(user)
    until, second_factor_until = session_recent_until(context.session_id)
    return MfaOverview(
        totp={"enabled": totp_enabled(user)},
        recovery_codes={"total": total, "remaining": remaining},
        passkeys=list(Passkey.objects.filter(user=user)),
        reauthenticated_until=until,
        second_factor_until=second_factor_until,
    )


# ---- proving a second factor ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SecondFactorProof:
    """Exactly one of: a TOTP `code`, a `recovery_code`, or a WebAuthn `credential` (an assertion JSON object)."""

    code: str = ""
    recovery_code: str = ""
    credential: Any = None
    webauthn_challenge: bytes | None = field(default=None, repr=False)


def _second_factor_verify(*, context: RequestContext, user: User, proof: SecondFactorProof) -> str:
    """Checks the proof; returns the method. Raises InvalidCodeError / InvalidCredentialError (400) or
    RateLimitedError (429). Codes are limited per account (accounts.lockout); a passkey cannot be guessed."""
    if proof.credential is not None:
        if not proof.webauthn_challenge:
            raise InvalidCredentialError()
        webauthn_ceremonies.passkey_assert(credential=proof.credential, challenge=proof.webauthn_challenge, user=user)
        return PASSKEY
    param = "code" if proof.code else "recovery_code"
    attempt = second_factor_attempt_admit(context=context, user_id=user.pk)
    try:
        remaining: int | None = None
        if proof.code:
            device = TotpDevice.objects.filter(user=user, confirmed=True).first()
            accepted = device is not None and totp_code_accept(device, proof.code)
        else:
            remaining = recovery_code_use(user, proof.recovery_code)
            accepted = remaining is not None
    except BaseException:
        attempt.abandoned()
        raise
    if not accepted:
        attempt.failed()
        security_event_record(kind=SecurityEvent.Kind.MFA_FAILED, context=context, user=user, method=param)
        raise InvalidCodeError(param=param)
    attempt.succeeded()
    if remaining is not None:
        security_event_record(kind=SecurityEvent.Kind.RECOVERY_CODE_USED, context=context, user=user, left=remaining)
        security_notice_send.enqueue(
            to=user.email,
            notice="recovery_code_used",
            name=mail_name(user),
            remaining=remaining,
            language=user.language,
        )
        return RECOVERY_CODE
    return TOTP


def second_factor_code_check(*, context: RequestContext, user: User, raw_code: str) -> str:
    """For sign-ins that can only take typed codes (the Django admin): a TOTP code, or a recovery code by its
    shape. Raises InvalidCodeError (also when the user has no authenticator app: the admin needs one) or
    RateLimitedError."""
    if not totp_enabled(user):
        raise InvalidCodeError(param="code", message=_("Set up an authenticator app at Settings > Security first."))
    cleaned = raw_code.strip()
    if not cleaned:
        raise InvalidCodeError(param="code", message=_("Enter the code from your authenticator app."))
    looks_like_recovery = any(char.isalpha() for char in cleaned)
    proof = SecondFactorProof(recovery_code=cleaned) if looks_like_recovery else SecondFactorProof(code=cleaned)
    return _second_factor_verify(context=context, user=user, proof=proof)


# ---- sign-in ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PendingSignIn:
    token: str
    methods: list[str]


def login_second_factor_begin(*, user: User) -> PendingSignIn | None:
    """Called once the password was right: None when the account has no second factor (sign in now), else the
    pending sign-in: an mfa_token (5 minutes, single use, dead after MFA_CHALLENGE_MAX_FAILURES wrong codes or any
    change of credentials) and the methods that complete it."""
    methods = second_factor_methods(user)
    if not methods:
        return None
    issued = challenge_issue(purpose=Challenge.Purpose.LOGIN, user=user)
    return PendingSignIn(token=issued.token, methods=methods)


def login_second_factor_options(*, mfa_token: str) -> dict[str, Any]:
    """WebAuthn request options for the pending sign-in's passkeys (PublicKeyCredentialRequestOptionsJSON)."""
    challenge = challenge_by_token(token=mfa_token, purpose=Challenge.Purpose.LOGIN, param="mfa_token")
    options, webauthn_challenge = webauthn_ceremonies.authentication_options(user=challenge.user)
    challenge_attach_webauthn(challenge, webauthn_challenge)
    return options


def login_second_factor_complete(
    *, context: RequestContext, mfa_token: str, proof: SecondFactorProof, refresh: str = ""
) -> tuple[User, TokenPair]:
    """Completes a pending sign-in. Raises ChallengeInvalidError (401 mfa_token_invalid), InvalidCodeError or
    InvalidCredentialError (400; each counts against the mfa_token), RateLimitedError (429)."""
    challenge = challenge_by_token(token=mfa_token, purpose=Challenge.Purpose.LOGIN, param="mfa_token")
    user = challenge.user
    if user is None:  # a sign-in challenge always has one
        raise ChallengeInvalidError(param="mfa_token")
    proof = SecondFactorProof(
        code=proof.code,
        recovery_code=proof.recovery_code,
        credential=proof.credential,
        webauthn_challenge=bytes(challenge.webauthn_challenge or b""),
    )

    def verify() -> User:
        _second_factor_verify(context=context, user=user, proof=proof)
        return user

    return _complete_under_lock(challenge=challenge, context=context, refresh=refresh, via="mfa", verify=verify)


def _complete_under_lock(
    *, challenge: Challenge, context: RequestContext, refresh: str, via: str, verify: Callable[[], User]
) -> tuple[User, TokenPair]:
    """Checks the proof (`verify` returns the user it proves) and signs in while holding the challenge: parallel
    requests with one token wait, then find it used, so a double submit neither spends a second recovery code nor
    counts as a wrong code. A wrong proof counts against the challenge, and is raised once that is stored."""
    param = "mfa_token" if challenge.purpose == Challenge.Purpose.LOGIN else "challenge_token"
    failure: InvalidCodeError | InvalidCredentialError | None = None
    with transaction.atomic():
        if not challenge_lock(challenge):
            raise ChallengeInvalidError(param=param)
        try:
            user = verify()
        except (InvalidCodeError, InvalidCredentialError) as exc:
            challenge_failed(challenge)
            failure = exc
        else:
            challenge_consume(challenge)
            epoch = challenge.credential_epoch if challenge.user_id is not None else None
            tokens = user_sign_in(
                user=user, context=context, via=via, refresh=refresh, credential_epoch=epoch, second_factor=True
            )
            return user, tokens
    raise failure


def passkey_login_begin() -> tuple[dict[str, Any], str]:
    """Passwordless sign-in: (request options for any discoverable credential of this RP, challenge_token)."""
    options, webauthn_challenge = webauthn_ceremonies.authentication_options(user=None)
    issued = challenge_issue(purpose=Challenge.Purpose.PASSKEY_LOGIN, webauthn_challenge=webauthn_challenge)
    return options, issued.token


def passkey_login_complete(
    *, context: RequestContext, challenge_token: str, credential: Any, refresh: str = ""
) -> tuple[User, TokenPair]:
    """A passkey sign-in is a full two-factor sign-in: something the user has, unlocked by user verification.
    Raises ChallengeInvalidError (401 challenge_invalid), InvalidCredentialError (400), EmailNotVerifiedError."""
    challenge = challenge_by_token(
        token=challenge_token, purpose=Challenge.Purpose.PASSKEY_LOGIN, param="challenge_token"
    )

    def verify() -> User:
        try:
            assertion = webauthn_ceremonies.passkey_assert(
                credential=credential, challenge=bytes(challenge.webauthn_challenge or b""), user=None
            )
        except InvalidCredentialError:
            security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, context=context, via="passkey")
            raise
        if app_settings.email_verification_required and not assertion.user.email_verified:
            raise EmailNotVerifiedError()
        return assertion.user

    return _complete_under_lock(challenge=challenge, context=context, refresh=refresh, via="passkey", verify=verify)


# ---- step-up ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reauthenticated:
    tokens: TokenPair
    reauthenticated_until: datetime | None


def reauthenticate_options(*, context: RequestContext, user: User) -> dict[str, Any]:
    if not Passkey.objects.filter(user=user).exists():
        raise ConflictError(_("This account has no passkey."), code="no_passkey")
    options, webauthn_challenge = webauthn_ceremonies.authentication_options(user=user)
    challenge_issue(
        purpose=Challenge.Purpose.REAUTHENTICATE,
        user=user,
        session_id=context.session_id,
        webauthn_challenge=webauthn_challenge,
    )
    return options


def reauthenticate(
    *, context: RequestContext, user: User, password: str = "", proof: SecondFactorProof
) -> Reauthenticated:
    """Step-up (usersessions.stepup): the user proves their password or a second factor again; the session is
    replaced by a new one (new id and tokens, ASVS 7.2.4) that counts as recently authenticated, with a second
    factor when one was proved. Raises WrongPasswordError, InvalidCodeError, InvalidCredentialError (400) or
    RateLimitedError (429)."""
    second_factor = not password
    if password:
        attempt = login_attempt_admit(context=context, email=user.email, via="api")
        try:
            current_password_check(user=user, password=password)
        except WrongPasswordError as exc:
            attempt.failed()
            raise ApplicationError(exc.message, code=exc.code, param="password") from exc
        except BaseException:
            attempt.abandoned()
            raise
        attempt.succeeded()
    else:
        challenge: Challenge | None = None
        if proof.credential is not None:
            challenge = challenge_of_session(session_id=context.session_id, purpose=Challenge.Purpose.REAUTHENTICATE)
            if challenge is None or not challenge_consume(challenge):
                raise InvalidCredentialError()
            proof = SecondFactorProof(
                credential=proof.credential, webauthn_challenge=bytes(challenge.webauthn_challenge or b"")
            )
        _second_factor_verify(context=context, user=user, proof=proof)
    tokens = session_continue(user=user, context=context, second_factor=second_factor)
    security_event_record(
        kind=SecurityEvent.Kind.REAUTHENTICATED,
        context=context,
        user=user,
        session_id=tokens.session_id,
        second_factor=second_factor,
    )
    # The new session was created just now, as authenticated: its window is derivable, no need to read it back.
    return Reauthenticated(tokens=tokens, reauthenticated_until=timezone.now() + reauth_window())


# ---- authenticator app ------------------------------------------------------------------------------------------
def _change_allowed(*, context: RequestContext, user: User) -> None:
    """Any change of the factors of an account that has one (adding another, new recovery codes, removing) needs a
    recent second factor: otherwise the password alone could mint second-factor proof (a new passkey, new recovery
    codes) and use it to remove the real ones. Without one, a recent authentication (the password) suffices."""
    recent_authentication_require(session_id=context.session_id, second_factor=user_has_second_factor(user))


def totp_setup(*, context: RequestContext, user: User) -> TotpSetup:
    _change_allowed(context=context, user=user)
    if totp_enabled(user):
        raise ConflictError(_("The authenticator app is already on. Turn it off first."), code="totp_enabled")
    return totp_pending_create(user)


@dataclass(frozen=True)
class FactorAdded:
    """recovery_codes: a first set, when the user had no unused ones (shown once); tokens: this device's new
    session."""

    recovery_codes: list[str]
    tokens: TokenPair
    passkey: Passkey | None = None


def _factor_added(*, context: RequestContext, user: User, kind: SecurityEvent.Kind, notice: str) -> list[str]:
    """Inside the transaction that stored the factor, within credentials_changing: a first set of recovery codes
    when the user has no unused ones, the event and the notice."""
    codes = recovery_codes_generate(user) if recovery_codes_count(user)[1] == 0 else []
    security_event_record(kind=kind, context=context, user=user)
    if codes:
        security_event_record(kind=SecurityEvent.Kind.RECOVERY_CODES_GENERATED, context=context, user=user)
    security_notice_send.enqueue(to=user.email, notice=notice, name=mail_name(user), language=user.language)
    return codes


@transaction.atomic
def totp_confirm(*, context: RequestContext, user: User, code: str) -> FactorAdded:
    """Turns the pending authenticator app on once it produced a valid code. Raises ReauthenticationRequiredError
    (403), ConflictError (409 no_pending_setup), InvalidCodeError (400), RateLimitedError (429)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _change_allowed(context=context, user=user)
    device = TotpDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ConflictError(_("Start the setup of an authenticator app first."), code="no_pending_setup")
    attempt = second_factor_attempt_admit(context=context, user_id=user.pk)
    if not totp_code_accept(device, code):
        attempt.failed()
        raise InvalidCodeError(param="code")
    attempt.succeeded()
    with credentials_changing(user=user, change=CredentialChange.SECOND_FACTOR_ADDED):
        # Only the secret the code was checked against: a setup restarted meanwhile (another tab) replaced it.
        if not TotpDevice.objects.filter(pk=device.pk, secret_encrypted=device.secret_encrypted).update(
            confirmed=True, address_proven=user.email_verified
        ):
            raise ConflictError(_("The setup was restarted. Scan the new QR code."), code="no_pending_setup")
        codes = _factor_added(context=context, user=user, kind=SecurityEvent.Kind.TOTP_ENABLED, notice="totp_enabled")
    # The code just proved the new factor: the new session has a recent second factor.
    return FactorAdded(recovery_codes=codes, tokens=session_continue(user=user, context=context, second_factor=True))


def _removal_allowed(*, context: RequestContext, user: User, removing: str) -> None:
    """Removing a factor needs a recent second factor (_change_allowed: the account has one), and removing a
    passkey is refused when it would leave no way in (social.selectors.ways_in: no password, no other passkey, no
    linked provider). An authenticator app is never a way in, so removing it never leaves none."""
    from social.selectors import ways_in

    _change_allowed(context=context, user=user)
    if removing != TOTP and not ways_in(user, without=removing):
        raise ConflictError(_("This is your only way to sign in: add another before removing it."), code="last_factor")


def _factor_removed(*, context: RequestContext, user: User, kind: SecurityEvent.Kind, notice: str) -> None:
    if not user_has_second_factor(user):
        RecoveryCode.objects.filter(user=user).delete()  # a fallback for factors that no longer exist
    security_event_record(kind=kind, context=context, user=user)
    security_notice_send.enqueue(to=user.email, notice=notice, name=mail_name(user), language=user.language)


@transaction.atomic
def totp_disable(*, context: RequestContext, user: User) -> TokenPair:
    user = User.objects.select_for_update().get(pk=user.pk)
    if not totp_enabled(user):
        raise NotFoundError(_("The authenticator app is not on."))
    _removal_allowed(context=context, user=user, removing=TOTP)
    with credentials_changing(user=user, change=CredentialChange.SECOND_FACTOR_REMOVED):
        TotpDevice.objects.filter(user=user).delete()
        _factor_removed(context=context, user=user, kind=SecurityEvent.Kind.TOTP_DISABLED, notice="totp_disabled")
    return session_continue(user=user, context=context)


def factors_of_unproven_address_remove(*, user: User) -> None:
    """After the owner of the address proved it (a password reset): removes the authenticator app and passkeys
    added while the account's address was unproven. Whoever added them may have squatted the address before its
    owner came (pre-hijacking); a squatter's passkey would otherwise still sign in, and a squatter's app would lock
    the owner out. Runs inside the reset's change of credentials. Factors added once the address was proven stay:
    a reset never bypasses those."""
    apps = TotpDevice.objects.filter(user=user, address_proven=False).delete()[0]
    passkeys = Passkey.objects.filter(user=user, address_proven=False).delete()[0]
    for kind, count in ((SecurityEvent.Kind.TOTP_DISABLED, apps), (SecurityEvent.Kind.PASSKEY_REMOVED, passkeys)):
        for _event in range(count):
            security_event_record(kind=kind, user=user, via="reset")
    if (apps or passkeys) and not user_has_second_factor(user):
        RecoveryCode.objects.filter(user=user).delete()


# ---- recovery codes ---------------------------------------------------------------------------------------------
def recovery_codes_regenerate(*, context: RequestContext, user: User) -> list[str]:
    _change_allowed(context=context, user=user)
    if not user_has_second_factor(user):
        raise ConflictError(_("Turn on a second factor first."), code="mfa_not_enabled")
    codes = recovery_codes_generate(user)
    security_event_record(kind=SecurityEvent.Kind.RECOVERY_CODES_GENERATED, context=context, user=user)
    security_notice_send.enqueue(
        to=user.email, notice="recovery_codes_regenerated", name=mail_name(user), language=user.language
    )
    return codes


# ---- passkeys ---------------------------------------------------------------------------------------------------
def passkey_registration_begin(*, context: RequestContext, user: User) -> dict[str, Any]:
    _change_allowed(context=context, user=user)
    registration = webauthn_ceremonies.registration_options(user)
    challenge_issue(
        purpose=Challenge.Purpose.PASSKEY_REGISTER,
        user=user,
        session_id=context.session_id,
        webauthn_challenge=registration.challenge,
        user_handle=registration.user_handle,
    )
    return registration.options


@transaction.atomic
def passkey_add(*, context: RequestContext, user: User, credential: Any, name: str) -> FactorAdded:
    """Raises ReauthenticationRequiredError (403), InvalidCredentialError (400: no open registration of this
    session, or the response failed verification)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _change_allowed(context=context, user=user)
    challenge = challenge_of_session(session_id=context.session_id, purpose=Challenge.Purpose.PASSKEY_REGISTER)
    if challenge is None or not challenge_consume(challenge):
        raise InvalidCredentialError()
    with credentials_changing(user=user, change=CredentialChange.SECOND_FACTOR_ADDED):
        passkey = webauthn_ceremonies.passkey_register(
            user=user,
            credential=credential,
            challenge=bytes(challenge.webauthn_challenge or b""),
            user_handle=bytes(challenge.user_handle or b""),
            name=name,
        )
        codes = _factor_added(context=context, user=user, kind=SecurityEvent.Kind.PASSKEY_ADDED, notice="passkey_added")
    tokens = session_continue(user=user, context=context, second_factor=True)  # the passkey just verified its user
    return FactorAdded(recovery_codes=codes, tokens=tokens, passkey=passkey)


def passkey_rename(*, context: RequestContext, user: User, passkey_id: str, name: str) -> Passkey:
    passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
    if passkey is None:
        raise NotFoundError(_("No such passkey."))
    passkey.name = name
    passkey.save(update_fields=["name"])
    security_event_record(kind=SecurityEvent.Kind.PASSKEY_RENAMED, context=context, user=user)
    return passkey


@transaction.atomic
def passkey_remove(*, context: RequestContext, user: User, passkey_id: str) -> TokenPair:
    user = User.objects.select_for_update().get(pk=user.pk)
    passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
    if passkey is None:
        raise NotFoundError(_("No such passkey."))
    _removal_allowed(context=context, user=user, removing=str(passkey.pk))
    with credentials_changing(user=user, change=CredentialChange.SECOND_FACTOR_REMOVED):
        passkey.delete()
        _factor_removed(context=context, user=user, kind=SecurityEvent.Kind.PASSKEY_REMOVED, notice="passkey_removed")
    return session_continue(user=user, context=context)
