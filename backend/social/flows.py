"""Social sign-in: what starting and completing an authorization grants. Views validate input, call one of these,
and render the result.

The rules (issue 12, and the "pre-hijacking" attacks on auto-linking):
- an identity is found by (provider, subject), never by email address;
- an unknown identity whose address belongs to a local account signs in to nothing: the owner signs in and links it;
- an unknown identity with a new address makes a new account, verified only if the provider says it verified it;
- linking needs a recent re-authentication; unlinking too, and is refused when it would leave no way in; it is a
  change of credentials, so every session it started ends.
An authorization (state, nonce, PKCE verifier) lives 10 minutes and is spent by its first completion, whatever
the outcome: a replayed or parallel completion finds it used.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import EmailNotVerifiedError
from accounts.conf import app_settings
from accounts.credentials import CredentialChange, credentials_changing
from accounts.email_address import email_normalize
from accounts.flows._common import mail_name
from accounts.models import User
from accounts.services import InvalidCredentialsError, SecondFactorRequired, user_sign_in
from accounts.validators import NAME_MAX_LENGTH
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext
from core.exceptions import ApplicationError, AuthenticationError, ConflictError, NotFoundError
from notifications.tasks import security_notice_send
from social import oauth
from social.conf import Provider, providers
from social.models import Authorization, SocialAccount
from social.selectors import ways_in
from usersessions.services import TokenPair, session_continue
from usersessions.stepup import recent_authentication_require

AUTHORIZATION_LIFETIME = timedelta(minutes=10)
CALLBACK_PATH = "/auth/callback/"


class UnknownProviderError(ApplicationError):
    status = HTTPStatus.NOT_FOUND
    code = "unknown_provider"

    def __init__(self) -> None:
        super().__init__(_("No such sign-in provider."))


class InvalidStateError(ApplicationError):
    code = "invalid_state"

    def __init__(self) -> None:
        # One answer for unknown, expired, used and another provider's: none tells an attacker more.
        super().__init__(_("This sign-in expired or was already used. Start again."), param="state")


class EmailInUseError(ApplicationError):
    status = HTTPStatus.CONFLICT
    code = "email_in_use"

    def __init__(self, label: str) -> None:
        super().__init__(
            _(
                "An account with this email address already exists. Log in to it with your password, then connect "
                "%(provider)s from Settings → Security."
            )
            % {"provider": label}
        )


class EmailMissingError(ApplicationError):
    code = "email_missing"

    def __init__(self, label: str) -> None:
        super().__init__(
            _("%(provider)s did not share a usable email address, which a new account needs.") % {"provider": label}
        )


def provider_get(provider_id: str) -> Provider:
    provider = providers().get(provider_id)
    if provider is None:
        raise UnknownProviderError()
    return provider


def _state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Started:
    """authorization_url: where the browser goes; state: its value there (the web app binds it to the browser in
    an httpOnly cookie); expires_in: seconds the authorization can be completed in."""

    authorization_url: str
    state: str
    expires_in: int


def social_start(*, context: RequestContext, provider_id: str, intent: str, user: User | None) -> Started:
    """Begins an authorization. `intent` LINK needs a signed-in `user` whose session re-authenticated recently
    (ReauthenticationRequiredError 403, AuthenticationError 401). Raises UnknownProviderError (404),
    ProviderUnavailableError (503)."""
    provider = provider_get(provider_id)
    if intent == Authorization.Intent.LINK:
        from mfa.flows import user_has_second_factor  # mfa's flows import social.selectors

        if user is None or context.session_id is None:
            raise AuthenticationError(_("Sign in to connect a provider."), code="not_authenticated")
        # A linked provider is a way in (and, with trust_mfa, a second factor): like adding a passkey, it needs a
        # recent second factor when the account has one, or the password alone could mint second-factor proof.
        recent_authentication_require(session_id=context.session_id, second_factor=user_has_second_factor(user))
    redirect_uri = f"{str(settings.FRONTEND_URL).rstrip('/')}{CALLBACK_PATH}{provider.id}"
    request = oauth.authorization_begin(provider, redirect_uri=redirect_uri)
    now = timezone.now()
    Authorization.objects.create(
        provider=provider.id,
        intent=intent,
        state_hash=_state_hash(request.state),
        nonce=request.nonce,
        code_verifier=request.code_verifier,
        redirect_uri=redirect_uri,
        user=user if intent == Authorization.Intent.LINK else None,
        session_id=context.session_id if intent == Authorization.Intent.LINK else None,
        expires_at=now + AUTHORIZATION_LIFETIME,
    )
    return Started(request.url, request.state, int(AUTHORIZATION_LIFETIME.total_seconds()))


def _authorization_spend(*, provider: Provider, state: str) -> Authorization:
    """The authorization `state` names, marked used by one conditional UPDATE: of parallel or repeated
    completions exactly one gets it. InvalidStateError otherwise."""
    now = timezone.now()
    pending = Authorization.objects.filter(
        state_hash=_state_hash(state), provider=provider.id, used_at__isnull=True, expires_at__gt=now
    )
    row = pending.first()
    if row is None or not pending.filter(pk=row.pk).update(used_at=now):
        raise InvalidStateError()
    return row


@dataclass(frozen=True, slots=True)
class Linked:
    account: SocialAccount


def social_complete(
    *, context: RequestContext, provider_id: str, code: str, state: str, user: User | None, refresh: str = ""
) -> tuple[User, TokenPair | SecondFactorRequired] | Linked:
    """Completes an authorization: signs in (a token pair, or a pending second factor) or, for a LINK started by
    this signed-in session, links the identity. Raises InvalidStateError, SocialAuthFailedError (400),
    EmailInUseError, ConflictError (409), EmailMissingError (400), EmailNotVerifiedError (403),
    ProviderUnavailableError (503), AuthenticationError (401: a link completed by another session)."""
    provider = provider_get(provider_id)
    pending = _authorization_spend(provider=provider, state=state)
    linking = pending.intent == Authorization.Intent.LINK
    if linking and (user is None or user.pk != pending.user_id or str(pending.session_id) != str(context.session_id)):
        raise AuthenticationError(_("Connect the provider from the session that started it."), code="wrong_session")
    identity = oauth.authorization_complete(
        provider, redirect_uri=pending.redirect_uri, code=code, code_verifier=pending.code_verifier, nonce=pending.nonce
    )
    if linking and user is not None:
        return Linked(_link(context=context, user=user, provider=provider, identity=identity))
    return _sign_in(context=context, provider=provider, identity=identity, refresh=refresh)


def _sign_in(
    *, context: RequestContext, provider: Provider, identity: oauth.Identity, refresh: str
) -> tuple[User, TokenPair | SecondFactorRequired]:
    from mfa.flows import login_second_factor_begin  # mfa's flows import social.selectors

    account = (
        SocialAccount.objects.filter(provider=provider.id, subject=identity.subject).select_related("user").first()
    )
    created = account is None
    if account is None:
        account = _account_create(context=context, provider=provider, identity=identity)
    user = account.user
    if not user.is_active:
        raise InvalidCredentialsError()
    if app_settings.email_verification_required and not user.email_verified:
        if not created:  # a new account was just sent its first link
            from accounts.flows.email_verification import email_verification_start

            # The provider proved the identity, so a fresh link is safe to send; the login rate limit bounds them.
            email_verification_start(user=user)
        raise EmailNotVerifiedError()
    SocialAccount.objects.filter(pk=account.pk).update(last_used_at=timezone.now(), email=identity.email)
    # RFC 8176 "mfa": the provider checked more than one factor. Counted only where the operator said to trust it.
    provider_mfa = provider.trust_mfa and "mfa" in identity.amr
    if not provider_mfa:
        pending = login_second_factor_begin(user=user)
        if pending is not None:
            return user, SecondFactorRequired(mfa_token=pending.token, methods=pending.methods)
    tokens = user_sign_in(
        user=user,
        context=context,
        via=f"social:{provider.id}",
        refresh=refresh,
        second_factor=provider_mfa,
        event=SecurityEvent.Kind.SOCIAL_LOGIN,
        provider=provider.id,
    )
    return user, tokens


def _account_create(*, context: RequestContext, provider: Provider, identity: oauth.Identity) -> SocialAccount:
    """A new user for an unknown identity, unless its address is taken (EmailInUseError: never link by email)."""
    from accounts.flows.email_verification import email_verification_start

    if not identity.email:
        raise EmailMissingError(provider.label)
    try:
        email = email_normalize(identity.email)
    except ValidationError as exc:
        raise EmailMissingError(provider.label) from exc
    if User.objects.filter(email=email).exists():
        return _account_made_meanwhile(provider=provider, identity=identity)
    name = " ".join(identity.name.split())[:NAME_MAX_LENGTH] or email.split("@", 1)[0][:NAME_MAX_LENGTH]
    now = timezone.now()
    try:
        with transaction.atomic():
            user = User(email=email, name=name, email_verified=identity.email_verified, language=context.language)
            user.email_verified_at = now if identity.email_verified else None
            user.set_unusable_password()  # a way in is the provider; a password can be set by a reset
            user.save()
            account = SocialAccount.objects.create(
                user=user,
                provider=provider.id,
                subject=identity.subject,
                email=identity.email,
                email_verified=identity.email_verified,
            )
            security_event_record(
                kind=SecurityEvent.Kind.REGISTERED, context=context, user=user, via=f"social:{provider.id}"
            )
            if not identity.email_verified:
                email_verification_start(user=user)
    except IntegrityError:
        return _account_made_meanwhile(provider=provider, identity=identity)
    return account


def _account_made_meanwhile(*, provider: Provider, identity: oauth.Identity) -> SocialAccount:
    """The address is taken: by a parallel first sign-in of this same identity (use its account), or by another
    account (EmailInUseError)."""
    existing = SocialAccount.objects.filter(provider=provider.id, subject=identity.subject).select_related("user")
    account = existing.first()
    if account is None:
        raise EmailInUseError(provider.label)
    return account


def _link_verified(*, user: User, identity: oauth.Identity) -> bool:
    """Whether the link counts as made by the owner of the account's address, so that a password reset (the owner
    proving the address) keeps it: the provider verified the address it gave, and that address is the account's
    or the account's address was already proven. A link made to an account whose address nobody proved yet may be
    a squatter's (pre-hijacking) even when her provider verified her own address: the reset removes it."""
    if not identity.email_verified:
        return False
    if user.email_verified:
        return True
    try:
        return email_normalize(identity.email) == user.email
    except ValidationError:
        return False


@transaction.atomic
def _link(*, context: RequestContext, user: User, provider: Provider, identity: oauth.Identity) -> SocialAccount:
    user = User.objects.select_for_update().get(pk=user.pk)
    owner = SocialAccount.objects.filter(provider=provider.id, subject=identity.subject).values_list("user", flat=True)
    if owner.exists():
        if owner.first() == user.pk:
            raise ConflictError(
                _("This %(provider)s account is already connected.") % {"provider": provider.label},
                code="already_linked",
            )
        raise ConflictError(
            _("This %(provider)s account is connected to another account here.") % {"provider": provider.label},
            code="account_in_use",
        )
    if SocialAccount.objects.filter(user=user, provider=provider.id).exists():
        raise ConflictError(
            _("Another %(provider)s account is already connected. Disconnect it first.") % {"provider": provider.label},
            code="already_linked",
        )
    try:
        with transaction.atomic():
            account = SocialAccount.objects.create(
                user=user,
                provider=provider.id,
                subject=identity.subject,
                email=identity.email,
                email_verified=_link_verified(user=user, identity=identity),
                last_used_at=timezone.now(),
            )
    except IntegrityError as exc:  # linked (or signed up) elsewhere since the check above
        raise ConflictError(
            _("This %(provider)s account is connected to another account here.") % {"provider": provider.label},
            code="account_in_use",
        ) from exc
    security_event_record(kind=SecurityEvent.Kind.SOCIAL_LINKED, context=context, user=user, provider=provider.id)
    security_notice_send.enqueue(to=user.email, notice="social_linked", name=mail_name(user), language=user.language)
    return account


@transaction.atomic
def social_unlink(*, context: RequestContext, user: User, account_id: str) -> TokenPair:
    """Unlinks one identity: a change of credentials (every session ends; this device goes on under a new one,
    whose pair is returned). Needs a recent re-authentication (with a second factor, when the account has one).
    Raises NotFoundError (404), ConflictError `last_sign_in_method` (409), ReauthenticationRequiredError (403)."""
    from mfa.flows import user_has_second_factor

    user = User.objects.select_for_update().get(pk=user.pk)
    account = SocialAccount.objects.filter(user=user, pk=account_id).first()
    if account is None:
        raise NotFoundError(_("No such connected account."))
    recent_authentication_require(session_id=context.session_id, second_factor=user_has_second_factor(user))
    if not ways_in(user, without=str(account.pk)):
        raise ConflictError(
            _(
                "This is your only way to sign in. Set a password (Forgot password? on the login page) or add a "
                "passkey first."
            ),
            code="last_sign_in_method",
        )
    with credentials_changing(user=user, change=CredentialChange.SOCIAL_UNLINKED):
        account.delete()
        security_event_record(
            kind=SecurityEvent.Kind.SOCIAL_UNLINKED, context=context, user=user, provider=account.provider
        )
        security_notice_send.enqueue(
            to=user.email, notice="social_unlinked", name=mail_name(user), language=user.language
        )
    return session_continue(user=user, context=context)


def social_unverified_unlink(*, user: User) -> int:
    """After the owner of the address proved it (a password reset): unlinks every identity whose provider did not
    verify that address. Such a link may be an attacker's who "pre-hijacked" the address before its owner came;
    returns how many. Runs inside the reset's change of credentials, so their sessions end too."""
    accounts = SocialAccount.objects.filter(user=user, email_verified=False)
    removed = list(accounts.values_list("provider", flat=True))
    accounts.delete()
    for provider in removed:
        security_event_record(kind=SecurityEvent.Kind.SOCIAL_UNLINKED, user=user, provider=provider, via="reset")
    return len(removed)


def authorization_cleanup() -> int:
    """Deletes authorizations that expired (used or not); run by cleanup_sessions."""
    deleted, _ = Authorization.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
