"""Sessions (refresh token families): start, rotate, end and revoke. Each write is one UPDATE or INSERT.

Whether a session is live is decided in usersessions.liveness; this module only changes sessions.
"""

import enum
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.utils import datetime_to_epoch

from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core import metrics
from core.context import RequestContext
from core.db import delete_in_batches
from core.exceptions import ApplicationError, AuthenticationError
from tokens.jwt import CREDENTIAL_EPOCH_CLAIM, SESSION_CLAIM, SessionRefreshToken
from usersessions.conf import session_settings
from usersessions.liveness import live_session_rows, live_sessions, session_is_live, sessions_mark_revoked
from usersessions.models import RevocationReason, Session
from usersessions.stepup import recent_authentication_require

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    session_id: str = ""


class InvalidRefreshTokenError(AuthenticationError):
    code = "token_not_valid"

    def __init__(self) -> None:
        super().__init__(_("The refresh token is invalid, expired or already used."), param="refresh")


class SessionSupersededError(AuthenticationError):
    """401 `session_superseded`: the refresh token's session was replaced from its own device moments ago (within
    SESSION_REFRESH_GRACE_SECONDS; any token of that session). The device has the new pair: a client that shares
    cookies across servers (several Next.js replicas) keeps what it holds instead of signing out, as it would for
    `token_not_valid`. Carries no tokens."""

    code = "session_superseded"

    def __init__(self) -> None:
        super().__init__(_("This session was replaced by a newer one on the same device."), param="refresh")


class SessionEndedError(AuthenticationError):
    """401 `session_ended`: the session a request authenticated with ended while the request ran (signed out from
    elsewhere, by an administrator, for a reused refresh token); it cannot go on under a new one."""

    code = "session_ended"

    def __init__(self) -> None:
        super().__init__(_("This session has ended. Sign in again."))


def _credential_changes() -> list[str]:
    """The revocation reasons of a change of credentials (accounts.credentials.CredentialChange, the one list), but
    deactivation: such a change ends every session, the changing device's included, before that device goes on
    under a new one (session_continue), so that ending is the request's own, not one that happened to it."""
    from accounts.credentials import CredentialChange  # imported here: accounts.credentials imports this module

    return [change.value for change in CredentialChange if change is not CredentialChange.DEACTIVATED]


class SessionNotFoundError(ApplicationError):
    status = HTTPStatus.NOT_FOUND
    code = "not_found"

    def __init__(self) -> None:
        super().__init__(_("No such session."))


@dataclass(frozen=True)
class _RefreshClaims:
    session_id: str
    jti: str
    user_id: str
    credential_epoch: int


def _new_jti() -> str:
    return uuid.uuid4().hex


def _mint(*, session: Session, jti: str) -> TokenPair:
    refresh = SessionRefreshToken()
    refresh[jwt_settings.USER_ID_CLAIM] = str(session.user_id)
    refresh[SESSION_CLAIM] = str(session.pk)
    refresh[CREDENTIAL_EPOCH_CLAIM] = session.credential_epoch
    refresh[jwt_settings.JTI_CLAIM] = jti
    # No token outlives its session's absolute end.
    end = datetime_to_epoch(session.expires_at)
    refresh["exp"] = min(refresh["exp"], end)
    access = refresh.access_token
    access["exp"] = min(access["exp"], end)
    return TokenPair(access=str(access), refresh=str(refresh), session_id=str(session.pk))


def session_start(*, user: User, context: RequestContext, second_factor: bool = False) -> TokenPair:
    """A new session under the user's current credential epoch, and its first token pair. A sign-in is an
    authentication (usersessions.stepup); `second_factor`: it included one (a code or a passkey)."""
    now = timezone.now()
    return _session_create(user=user, context=context, now=now, second_factor_at=now if second_factor else None)


def session_new(*, user: User, context: RequestContext, now: datetime, second_factor: bool = False) -> Session:
    """The session session_start creates, not saved yet: for a caller that writes it in a statement of its own
    (accounts.services.user_sign_in), then gets its tokens from session_tokens."""
    return _session_new(user=user, context=context, now=now, second_factor_at=now if second_factor else None)


def session_tokens(session: Session) -> TokenPair:
    """The first token pair of a session just written (session_new)."""
    return _mint(session=session, jti=session.refresh_jti)


def _session_create(
    *, user: User, context: RequestContext, now: datetime, second_factor_at: datetime | None
) -> TokenPair:
    session = _session_new(user=user, context=context, now=now, second_factor_at=second_factor_at)
    session.save(force_insert=True)
    return _mint(session=session, jti=session.refresh_jti)


def _session_new(*, user: User, context: RequestContext, now: datetime, second_factor_at: datetime | None) -> Session:
    return Session(
        authenticated_at=now,
        second_factor_at=second_factor_at,
        user=user,
        credential_epoch=user.credential_epoch,
        last_used_at=now,
        expires_at=now + session_settings.absolute_lifetime,
        ip_address=context.ip,
        user_agent=context.user_agent,
        device=context.device,
        refresh_jti=_new_jti(),
    )


@transaction.atomic
def session_continue(*, user: User, context: RequestContext, second_factor: bool = False) -> TokenPair:
    """The device of `context.session_id` goes on under a new session, after a fresh proof of identity: a change of
    credentials (which already ended the old session) or a re-authentication (which ends it here: a new session id
    and token pair at every authentication, ASVS 7.2.4). The new session is recently authenticated
    (usersessions.stepup); `second_factor`: the proof was one, else a second factor proved earlier carries over.

    SessionEndedError (401) when the old session ended otherwise while the request ran ("sign out everywhere else",
    an administrator, a reused refresh token): the proof does not bring it back. The old row is locked until the
    commit, so such an ending either comes first (and is seen here) or waits and ends the successor too."""
    now = timezone.now()
    sid = context.session_id
    current = Session.objects.filter(pk=sid, user=user) if sid else Session.objects.none()
    row = current.select_for_update().values("revoked_at", "revoked_reason", "second_factor_at").first()
    if row is not None and row["revoked_at"] is not None and row["revoked_reason"] not in _credential_changes():
        raise SessionEndedError()
    earlier = row["second_factor_at"] if row is not None else None
    successor = _session_new(user=user, context=context, now=now, second_factor_at=now if second_factor else earlier)
    _supersede(current, by=successor.pk)
    successor.save(force_insert=True)
    return _mint(session=successor, jti=successor.refresh_jti)


def _supersede(sessions: "models.QuerySet[Session]", *, by: uuid.UUID | str) -> None:
    """Ends `sessions` (this device's) as superseded by the session whose id is `by`, its successor on the device.
    A session a change of credentials ended in this transaction keeps that reason and is linked too; one ended
    otherwise is left as it was (SessionSupersededError must not soften its ending)."""
    sessions.filter(Q(revoked_at__isnull=True) | Q(revoked_reason__in=_credential_changes())).update(superseded_by=by)
    _revoke(sessions, reason=RevocationReason.SUPERSEDED)


def _refresh_claims(raw: str) -> _RefreshClaims:
    try:
        token = SessionRefreshToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidRefreshTokenError() from exc
    epoch = token.get(CREDENTIAL_EPOCH_CLAIM, 0)  # tokens minted before epochs existed were epoch 0
    if not token.get(SESSION_CLAIM) or not isinstance(epoch, int) or isinstance(epoch, bool):
        raise InvalidRefreshTokenError()
    return _RefreshClaims(
        session_id=str(token[SESSION_CLAIM]),
        jti=str(token[jwt_settings.JTI_CLAIM]),
        user_id=str(token.get(jwt_settings.USER_ID_CLAIM, "")),
        credential_epoch=epoch,
    )


def session_refresh(*, refresh: str, context: RequestContext) -> TokenPair:
    """Rotates the session's refresh token (RFC 9700 section 4.14.2, refresh token rotation).

    The conditional UPDATE is the whole concurrency story: of several requests presenting the current token, one
    changes the row; the others find their token just rotated out and are answered with its successor.
    """
    claims = _refresh_claims(refresh)
    now = timezone.now()
    new_jti = _new_jti()
    session_id, jti = claims.session_id, claims.jti
    rotated = (
        live_session_rows(session_id=session_id, credential_epoch=claims.credential_epoch, now=now)
        .filter(refresh_jti=jti)
        .update(
            refresh_jti=new_jti,
            previous_jti=jti,
            retired_jti=models.F("previous_jti"),
            rotated_at=now,
            last_used_at=now,
            ip_address=context.ip,
        )
    )
    if rotated:
        session = Session.objects.only("pk", "user_id", "expires_at", "credential_epoch").get(pk=session_id)
        metrics.TOKEN_REFRESHES.labels("rotated").inc()
        return _mint(session=session, jti=new_jti)
    return _refresh_replayed(claims=claims, now=now, context=context)


class _Standing(enum.Enum):
    """Where a presented refresh token stands in its session's rotation (see session_refresh)."""

    CURRENT = "current"
    UNSEEN_SUCCESSOR = "unseen_successor"  # rotated out, its successor never presented: the answer was likely lost
    GRACE = "grace"  # the one before, within the grace window after its successor was used: crossed cookie writes
    STALE = "stale"  # anything else: a copy in someone else's hands


def _presented_standing(session: Session, jti: str, now: datetime) -> _Standing:
    if jti == session.refresh_jti:
        return _Standing.CURRENT
    if jti == session.previous_jti:
        return _Standing.UNSEEN_SUCCESSOR
    in_grace = session.rotated_at is not None and now - session.rotated_at <= session_settings.refresh_grace
    if jti == session.retired_jti and in_grace:
        return _Standing.GRACE
    return _Standing.STALE


def _live_session_of(claims: _RefreshClaims, now: datetime) -> Session | None:
    """The token's session if it is live under the token's epoch (usersessions.liveness), else None."""
    session = Session.objects.select_related("user").filter(pk=claims.session_id).first()
    if session is None or not session_is_live(session, now=now) or session.credential_epoch != claims.credential_epoch:
        return None
    return session


def _refresh_replayed(*, claims: _RefreshClaims, now: datetime, context: RequestContext) -> TokenPair:
    """A token that is not (or no longer) the session's current one: answered with the current pair while its
    holder may still use it; theft when stale. A token of a dead session, or from an older credential epoch, is
    simply refused: that is no theft."""
    session = _live_session_of(claims, now)
    if session is None:
        if _superseded_moments_ago(claims, now):
            raise SessionSupersededError()
        raise InvalidRefreshTokenError()
    if _presented_standing(session, claims.jti, now) is not _Standing.STALE:
        metrics.TOKEN_REFRESHES.labels("reissued").inc()
        return _mint(session=session, jti=session.refresh_jti)
    _revoke(Session.objects.filter(pk=session.pk), reason=RevocationReason.REFRESH_REUSE)
    security_event_record(
        kind=SecurityEvent.Kind.REFRESH_REUSE_DETECTED, context=context, user=session.user, session_id=str(session.pk)
    )
    raise InvalidRefreshTokenError()


def _superseded_moments_ago(claims: _RefreshClaims, now: datetime) -> bool:
    """Whether the token's session was superseded from its device within the grace window (usersessions.conf): the
    refresh is a late request of a device that now holds the new pair. Any token of the session counts, whatever
    its place in the rotation: the answer grants nothing, and a request sent a while ago may carry an older one."""
    return Session.objects.filter(
        pk=claims.session_id,
        superseded_by__isnull=False,
        revoked_at__gte=now - session_settings.refresh_grace,
        credential_epoch=claims.credential_epoch,
    ).exists()


def _revoke(sessions: "models.QuerySet[Session]", *, reason: str) -> list[str]:
    ids = [str(pk) for pk in sessions.filter(revoked_at__isnull=True).values_list("pk", flat=True)]
    if ids:
        Session.objects.filter(pk__in=ids, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
        sessions_mark_revoked(ids)
    return ids


def _held_session(claims: _RefreshClaims) -> "models.QuerySet[Session]":
    """The token's live session, if the token is one its holder may still use (the same rule as a refresh)."""
    now = timezone.now()
    session = _live_session_of(claims, now)
    if session is None or _presented_standing(session, claims.jti, now) is _Standing.STALE:
        return Session.objects.none()
    return Session.objects.filter(pk=session.pk)


def session_end(*, refresh: str, context: RequestContext) -> None:
    """Logout: the session of this refresh token ends, and its access tokens stop working at once."""
    claims = _refresh_claims(refresh)
    if not _revoke(_held_session(claims), reason=RevocationReason.LOGOUT):
        raise InvalidRefreshTokenError()
    security_event_record(
        kind=SecurityEvent.Kind.LOGOUT, context=context, user_id=claims.user_id or None, session_id=claims.session_id
    )


def session_supersede(*, refresh: str, by: uuid.UUID | str) -> None:
    """Ends the session a browser held before signing in again in it, as superseded by the new sign-in's session
    (`by`: its id; saved or not yet).

    Anything that is not a refresh token its holder may still use is ignored: a new sign-in must not fail because
    of an old cookie.
    """
    try:
        claims = _refresh_claims(refresh)
    except InvalidRefreshTokenError:
        return
    _supersede(_held_session(claims), by=by)


def session_revoke(*, user: User, session_id: str, context: RequestContext) -> None:
    """Signs out one of the user's live sessions; SessionNotFoundError (404) for any other id."""
    if not _revoke(live_sessions().filter(pk=session_id, user=user), reason=RevocationReason.REVOKED):
        raise SessionNotFoundError()
    security_event_record(kind=SecurityEvent.Kind.SESSION_REVOKED, context=context, user=user, session_id=session_id)


def session_revoke_all(*, user: User, reason: str, keep_session_id: str | None = None) -> int:
    """Signs the user out of every session except `keep_session_id`; returns how many were revoked."""
    sessions = Session.objects.filter(user=user)
    if keep_session_id:
        sessions = sessions.exclude(pk=keep_session_id)
    return len(_revoke(sessions, reason=reason))


def session_revoke_others(*, user: User, context: RequestContext) -> int:
    """ "Sign out everywhere else": every session but the caller's; returns how many were revoked. Needs a recent
    authentication (usersessions.stepup): a stolen session must not be able to lock its owner out."""
    recent_authentication_require(session_id=context.session_id)
    revoked = session_revoke_all(user=user, reason=RevocationReason.REVOKED, keep_session_id=context.session_id)
    security_event_record(kind=SecurityEvent.Kind.SESSIONS_REVOKED, context=context, user=user, count=revoked)
    return revoked


def session_cleanup() -> int:
    """Deletes sessions past their end, and revoked ones older than the retention period.

    In batches (core.db.delete_in_batches): a million expired rows never sit in memory or in one transaction. The
    expired ones go along the `expires_at` index; the revoked-but-unexpired ones are few (an ended session reaches
    its absolute end within SESSION_ABSOLUTE_LIFETIME anyway).
    """
    now = timezone.now()
    expired = delete_in_batches(Session.objects.filter(expires_at__lte=now), order_by="expires_at")
    retired = Session.objects.filter(revoked_at__lte=now - session_settings.revoked_retention)
    return expired + delete_in_batches(retired, order_by="revoked_at")
