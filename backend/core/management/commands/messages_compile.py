from typing import Any

from django.core.management.base import BaseCommand

from core.catalogues import catalogues_compile


class Command(BaseCommand):
    help = "Compiles each language's locale/<lang>/LC_MESSAGES/django.po into its .mo, without GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in catalogues_compile():
            self.stdout.write(f"Wrote {path}")
