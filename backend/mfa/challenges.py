"""Open ceremonies (mfa.models.Challenge): issued, looked up, failed and consumed, each in one conditional UPDATE.

A challenge is live while unused, unexpired, under the failure limit and, when it belongs to a user, issued under
that user's current credential epoch (accounts.credentials): a password reset in the middle of a sign-in ends it.
"""

import hashlib
import secrets
from dataclasses import dataclass
from http import HTTPStatus

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import AuthenticationError
from mfa.conf import mfa_settings
from mfa.models import Challenge


class ChallengeInvalidError(AuthenticationError):
    """401: the mfa_token or challenge_token is unknown, expired, used, or dead after too many wrong codes."""

    status = HTTPStatus.UNAUTHORIZED

    def __init__(self, *, param: str) -> None:
        code = "mfa_token_invalid" if param == "mfa_token" else "challenge_invalid"
        super().__init__(_("This sign-in attempt has expired. Please sign in again."), code=code, param=param)


@dataclass(frozen=True)
class Issued:
    challenge: Challenge
    token: str  # the opaque value for the client; only its hash is stored


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def challenge_issue(
    *,
    purpose: Challenge.Purpose,
    user: User | None = None,
    session_id: str | None = None,
    webauthn_challenge: bytes | None = None,
    user_handle: bytes | None = None,
) -> Issued:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    challenge = Challenge.objects.create(
        purpose=purpose,
        token_hash=_token_hash(token),
        user=user,
        session_id=session_id,
        credential_epoch=user.credential_epoch if user is not None else 0,
        webauthn_challenge=webauthn_challenge,
        user_handle=user_handle,
        expires_at=now + mfa_settings.challenge_lifetime,
    )
    return Issued(challenge=challenge, token=token)


def _live() -> "QuerySet[Challenge]":
    return Challenge.objects.filter(
        used_at__isnull=True, expires_at__gt=timezone.now(), failures__lt=mfa_settings.challenge_max_failures
    )


def _epoch_current(challenge: Challenge) -> bool:
    if challenge.user_id is None:
        return True
    user = User.objects.filter(pk=challenge.user_id, is_active=True).only("credential_epoch").first()
    return user is not None and user.credential_epoch == challenge.credential_epoch


def challenge_by_token(*, token: str, purpose: Challenge.Purpose, param: str) -> Challenge:
    """The live challenge the token names; ChallengeInvalidError (401) otherwise."""
    if not isinstance(token, str) or not token or len(token) > 100:
        raise ChallengeInvalidError(param=param)
    challenge = _live().filter(token_hash=_token_hash(token), purpose=purpose).select_related("user").first()
    if challenge is None or not _epoch_current(challenge):
        raise ChallengeInvalidError(param=param)
    return challenge


def challenge_of_session(*, session_id: str | None, purpose: Challenge.Purpose) -> Challenge | None:
    """The newest live challenge a session opened for a ceremony (registration, step-up with a passkey)."""
    if not session_id:
        return None
    challenge = _live().filter(session_id=session_id, purpose=purpose).order_by("-created_at").first()
    return challenge if challenge is not None and _epoch_current(challenge) else None


def challenge_attach_webauthn(challenge: Challenge, webauthn_challenge: bytes) -> None:
    Challenge.objects.filter(pk=challenge.pk).update(webauthn_challenge=webauthn_challenge)
    challenge.webauthn_challenge = webauthn_challenge


def challenge_lock(challenge: Challenge) -> bool:
    """Inside a transaction: holds the challenge's row until commit (a no-op UPDATE takes the row lock on
    PostgreSQL, the write lock on SQLite) if it is still live; False when it is not (any more)."""
    return bool(_live().filter(pk=challenge.pk).update(failures=F("failures")))


def challenge_failed(challenge: Challenge) -> None:
    """Counts a wrong answer; at MFA_CHALLENGE_MAX_FAILURES the challenge is dead (ASVS 6.6.3)."""
    Challenge.objects.filter(pk=challenge.pk).update(failures=F("failures") + 1)


def challenge_consume(challenge: Challenge) -> bool:
    """Marks it used; False when it was not live any more (a parallel request used it first, or it just died)."""
    return bool(_live().filter(pk=challenge.pk).update(used_at=timezone.now()))


def challenge_cleanup() -> int:
    """Deletes challenges past their end (run by `manage.py cleanup_sessions`)."""
    deleted, _ = Challenge.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
