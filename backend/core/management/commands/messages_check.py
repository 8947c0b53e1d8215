from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.catalogues import catalogue_problems


class Command(BaseCommand):
    help = (
        "Fails when a message in the code has no translation in a language, a catalogue has an entry no code uses, "
        "or a compiled .mo differs from its .po (README 'Languages'). Needs no GNU gettext."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = catalogue_problems()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the message catalogues.")
        self.stdout.write("Message catalogues are complete and compiled.")
