"""Sessions (token families): start, rotate, end and revoke. Each write is one UPDATE or INSERT."""

import ipaddress
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.utils import datetime_to_epoch

from accounts.models import User
from audit.services import security_event_record
from core.client_ip import client_ip
from core.exceptions import ApplicationError, AuthenticationError
from tokens.jwt import SESSION_CLAIM, SessionRefreshToken
from usersessions.conf import session_settings
from usersessions.devices import device_describe
from usersessions.models import Session
from usersessions.revocation import revocations

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


class InvalidRefreshTokenError(AuthenticationError):
    code = "token_not_valid"

    def __init__(self) -> None:
        super().__init__("The refresh token is invalid, expired or already used.", param="refresh")


class SessionNotFoundError(ApplicationError):
    status = HTTPStatus.NOT_FOUND
    code = "not_found"

    def __init__(self) -> None:
        super().__init__("No such session.")


def _new_jti() -> str:
    return uuid.uuid4().hex


def _grace_key(jti: str) -> str:
    return f"session-successor:{jti}"


def _ip_or_none(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _mint(*, session_id: str, user_id: object, jti: str, session_expires_at: datetime) -> TokenPair:
    refresh = SessionRefreshToken()
    refresh[jwt_settings.USER_ID_CLAIM] = str(user_id)
    refresh[SESSION_CLAIM] = str(session_id)
    refresh[jwt_settings.JTI_CLAIM] = jti
    # No token outlives its session's absolute end.
    end = datetime_to_epoch(session_expires_at)
    refresh["exp"] = min(refresh["exp"], end)
    access = refresh.access_token
    access["exp"] = min(access["exp"], end)
    return TokenPair(access=str(access), refresh=str(refresh))


def session_start(*, user: User, request: HttpRequest | None) -> TokenPair:
    now = timezone.now()
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:512] if request is not None else ""
    session = Session.objects.create(
        user=user,
        last_used_at=now,
        expires_at=now + session_settings.absolute_lifetime,
        ip_address=_ip_or_none(request),
        user_agent=user_agent,
        device=device_describe(user_agent),
        refresh_jti=_new_jti(),
    )
    return _mint(
        session_id=str(session.pk), user_id=user.pk, jti=session.refresh_jti, session_expires_at=session.expires_at
    )


def _refresh_token_parse(raw: str) -> SessionRefreshToken:
    try:
        token = SessionRefreshToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidRefreshTokenError() from exc
    if not token.get(SESSION_CLAIM):
        raise InvalidRefreshTokenError()
    return token


def session_refresh(*, refresh: str, request: HttpRequest | None = None) -> TokenPair:
    """Rotates the session's refresh token.

    The conditional UPDATE is the whole concurrency story: of several requests presenting the current token, one
    changes the row and the others find the token just rotated, and get the same successor within the grace
    window. A token older than that is a copy in someone else's hands: the session is revoked.
    """
    token = _refresh_token_parse(refresh)
    session_id, jti = str(token[SESSION_CLAIM]), str(token[jwt_settings.JTI_CLAIM])
    now = timezone.now()
    new_jti = _new_jti()
    # No join in this filter: Django turns a join into `WHERE id IN (SELECT ...)`, and PostgreSQL re-checks only
    # the outer WHERE on a row that a parallel refresh just rotated, so the stale subquery let a second request
    # rotate again, orphaning the first one's successor (whose next refresh then looked like theft).
    active_users = User.objects.filter(is_active=True).values("pk")
    rotated = Session.objects.filter(
        pk=session_id, refresh_jti=jti, revoked_at__isnull=True, expires_at__gt=now, user_id__in=active_users
    ).update(refresh_jti=new_jti, previous_jti=jti, rotated_at=now, last_used_at=now, ip_address=_ip_or_none(request))
    if rotated:
        session = Session.objects.only("expires_at", "user_id").get(pk=session_id)
        pair = _mint(session_id=session_id, user_id=session.user_id, jti=new_jti, session_expires_at=session.expires_at)
        try:
            cache.set(_grace_key(jti), pair, timeout=int(session_settings.refresh_grace.total_seconds()) + 1)
        except Exception:  # the grace path re-mints an equivalent pair without the cache
            logger.warning("Could not cache a refresh successor")
        return pair
    return _refresh_replayed(session_id=session_id, jti=jti, now=now, request=request)


def _refresh_replayed(*, session_id: str, jti: str, now: datetime, request: HttpRequest | None) -> TokenPair:
    session = Session.objects.select_related("user").filter(pk=session_id).first()
    if session is None or session.revoked_at is not None or session.expires_at <= now or not session.user.is_active:
        raise InvalidRefreshTokenError()
    in_grace = (
        session.previous_jti == jti
        and session.rotated_at is not None
        and now - session.rotated_at <= session_settings.refresh_grace
    )
    if in_grace:
        try:
            cached = cache.get(_grace_key(jti))
        except Exception:
            cached = None
        if isinstance(cached, TokenPair):
            return cached
        return _mint(
            session_id=session_id,
            user_id=session.user_id,
            jti=session.refresh_jti,
            session_expires_at=session.expires_at,
        )
    _revoke(Session.objects.filter(pk=session_id), reason="refresh_reuse")
    security_event_record(kind="refresh_reuse_detected", request=request, user=session.user, session_id=session_id)
    raise InvalidRefreshTokenError()


def _revoke(sessions: "models.QuerySet[Session]", *, reason: str) -> list[str]:
    ids = [str(pk) for pk in sessions.filter(revoked_at__isnull=True).values_list("pk", flat=True)]
    if ids:
        Session.objects.filter(pk__in=ids, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
        revocations.add(ids)
    return ids


def session_end(*, refresh: str, request: HttpRequest | None = None) -> None:
    """Logout: the session of this refresh token ends, and its access tokens stop working at once."""
    token = _refresh_token_parse(refresh)
    session_id, jti = str(token[SESSION_CLAIM]), str(token[jwt_settings.JTI_CLAIM])
    current = Session.objects.filter(pk=session_id).filter(Q(refresh_jti=jti) | Q(previous_jti=jti))
    if not _revoke(current, reason="logout"):
        raise InvalidRefreshTokenError()
    security_event_record(
        kind="logout", request=request, user_id=token.get(jwt_settings.USER_ID_CLAIM), session_id=session_id
    )


def session_revoke(*, user: User, session_id: str, request: HttpRequest | None = None) -> None:
    if not _revoke(Session.objects.filter(pk=session_id, user=user), reason="revoked"):
        raise SessionNotFoundError()
    security_event_record(kind="session_revoked", request=request, user=user, session_id=session_id)


def session_revoke_all(*, user: User, reason: str, keep_session_id: str | None = None) -> int:
    """Signs the user out of every session except `keep_session_id`; returns how many were revoked."""
    sessions = Session.objects.filter(user=user)
    if keep_session_id:
        sessions = sessions.exclude(pk=keep_session_id)
    return len(_revoke(sessions, reason=reason))


def session_tokens_reissue(*, user: User, session_id: str) -> TokenPair:
    """A fresh pair for a session that continues (after a password change): every earlier token of it is dead."""
    new_jti = _new_jti()
    updated = Session.objects.filter(pk=session_id, user=user, revoked_at__isnull=True).update(
        refresh_jti=new_jti, previous_jti="", rotated_at=timezone.now()
    )
    if not updated:
        raise InvalidRefreshTokenError()
    session = Session.objects.only("expires_at").get(pk=session_id)
    return _mint(session_id=session_id, user_id=user.pk, jti=new_jti, session_expires_at=session.expires_at)


def session_cleanup() -> int:
    """Deletes sessions past their end, and revoked ones older than the retention period."""
    now = timezone.now()
    deleted, _ = Session.objects.filter(
        Q(expires_at__lte=now) | Q(revoked_at__lte=now - session_settings.revoked_retention)
    ).delete()
    return deleted
