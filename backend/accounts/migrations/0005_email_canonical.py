"""Rewrites stored addresses in canonical form (accounts.email_address), the form every lookup now uses.

Rows that would collide (two accounts for one mailbox, e.g. a domain once in NFC and once in NFD) and rows without a
canonical form are left as they are and reported: which account keeps the address is a decision for a person, not
for a migration. Until it is made, the colliding accounts cannot sign in by password; a password reset reaches
neither. `manage.py migrate` prints the report; the `accounts.migrations` logger records it too.
"""

import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import migrations

from accounts.email_address import email_normalize

logger = logging.getLogger("accounts.migrations")


def _report(message: str) -> None:
    logger.warning(message)
    print(f"\n  {message}", end="")  # noqa: T201 - shown in the output of `manage.py migrate`


def email_canonicalize(apps, schema_editor) -> dict[str, list]:
    """Returns what it did: {"updated": [ids], "collisions": [(canonical, [ids])], "invalid": [ids]}."""
    User = apps.get_model("accounts", "User")
    by_canonical: dict[str, list[tuple[int, str]]] = defaultdict(list)
    invalid: list[int] = []
    for pk, email in User.objects.using(schema_editor.connection.alias).values_list("pk", "email").iterator():
        try:
            by_canonical[email_normalize(email)].append((pk, email))
        except ValidationError:
            invalid.append(pk)
    updated, collisions = [], []
    for canonical, rows in sorted(by_canonical.items()):
        if len(rows) > 1:
            collisions.append((canonical, sorted(pk for pk, _ in rows)))
            continue
        ((pk, email),) = rows
        if email != canonical:
            User.objects.using(schema_editor.connection.alias).filter(pk=pk).update(email=canonical)
            updated.append(pk)
    for canonical, ids in collisions:
        _report(f"Email collision left unchanged: user ids {ids} are all {canonical!r} in canonical form.")
    for pk in invalid:
        _report(f"Email without a canonical form left unchanged: user id {pk}.")
    return {"updated": updated, "collisions": collisions, "invalid": invalid}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_field_validators")]

    operations = [migrations.RunPython(email_canonicalize, migrations.RunPython.noop)]
