from typing import Any

from django.core.management.base import BaseCommand

from tokens.keyring import key_prune, key_rotate


class Command(BaseCommand):
    help = "Starts signing tokens with a new ES256 key. Tokens signed with earlier keys stay valid until they expire."

    def handle(self, *args: Any, **options: Any) -> None:
        key = key_rotate()
        pruned = key_prune()
        self.stdout.write(f"New signing key {key.kid}; {pruned} expired key(s) removed.")
