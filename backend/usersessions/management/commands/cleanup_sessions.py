import time
from typing import Any

from django.core.management.base import BaseCommand

from audit.services import security_event_cleanup
from mfa.challenges import challenge_cleanup
from social.flows import authorization_cleanup
from tokens.keyring import key_prune
from usersessions.services import session_cleanup


class Command(BaseCommand):
    help = (
        "Deletes expired sessions, revoked ones past retention, security events older than "
        "SECURITY_EVENT_RETENTION_DAYS, finished sign-in challenges and social authorizations, and signing keys no "
        "token can use. Run daily; rows go in batches, so memory stays bounded on any table size."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        sessions = session_cleanup()
        events = security_event_cleanup()
        challenges = challenge_cleanup() + authorization_cleanup()
        keys = key_prune()
        self.stdout.write(
            f"Deleted {sessions} session(s), {events} security event(s), {challenges} challenge(s) and {keys} "
            f"signing key(s) in {time.monotonic() - started:.1f} s."
        )
