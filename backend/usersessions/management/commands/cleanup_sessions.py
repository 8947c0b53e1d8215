from typing import Any

from django.core.management.base import BaseCommand

from mfa.challenges import challenge_cleanup
from social.flows import authorization_cleanup
from tokens.keyring import key_prune
from usersessions.services import session_cleanup


class Command(BaseCommand):
    help = (
        "Deletes expired sessions, revoked ones past retention, finished sign-in challenges and social "
        "authorizations, and signing keys no token can use. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = session_cleanup()
        challenges = challenge_cleanup() + authorization_cleanup()
        keys = key_prune()
        self.stdout.write(f"Deleted {sessions} session(s), {challenges} challenge(s) and {keys} signing key(s).")
