"""The data migration that rewrites stored addresses in canonical form, and reports (never merges) collisions."""

import importlib
import logging

import pytest
from django.apps import apps
from django.db import connection

from accounts.models import User
from accounts.tests.factories import UserFactory

migration = importlib.import_module("accounts.migrations.0005_email_canonical")


def _stored(**fields) -> User:
    """A row as an older release stored it: saved without today's canonicalisation."""
    user = UserFactory.build(**fields)
    User.objects.bulk_create([user])
    return User.objects.get(email=fields["email"])


def _run():
    with connection.schema_editor() as schema_editor:
        return migration.email_canonicalize(apps, schema_editor)


@pytest.mark.django_db(transaction=True)
def test_rows_are_rewritten_in_canonical_form_and_collisions_are_left_alone_and_reported(caplog, capsys):
    nfc = _stored(email="ann@b\u00fccher.example")
    nfd = _stored(email="ann@bu\u0308cher.example")
    upper = _stored(email="Bob@Example.COM")
    idn = _stored(email="cy@stra\u00dfe.de")
    plain = _stored(email="dee@example.com")
    clash_stored = _stored(email="eve@xn--caf-dma.example")
    clash_unicode = _stored(email="EVE@caf\u00e9.example")
    broken = _stored(email="fay@xn--zz.example")

    with caplog.at_level(logging.WARNING, logger="accounts.migrations"):
        result = _run()

    emails = dict(User.objects.values_list("pk", "email"))
    assert emails[upper.pk] == "bob@example.com"
    assert emails[idn.pk] == "cy@xn--strae-oqa.de"
    assert emails[plain.pk] == "dee@example.com"
    # Collisions and rows without a canonical form: unchanged.
    assert emails[nfc.pk] == "ann@b\u00fccher.example"
    assert emails[nfd.pk] == "ann@bu\u0308cher.example"
    assert emails[clash_stored.pk] == "eve@xn--caf-dma.example"
    assert emails[clash_unicode.pk] == "EVE@caf\u00e9.example"
    assert emails[broken.pk] == "fay@xn--zz.example"
    assert sorted(result["updated"]) == sorted([upper.pk, idn.pk])
    assert result["collisions"] == [
        ("ann@xn--bcher-kva.example", sorted([nfc.pk, nfd.pk])),
        ("eve@xn--caf-dma.example", sorted([clash_stored.pk, clash_unicode.pk])),
    ]
    assert result["invalid"] == [broken.pk]
    report = caplog.text + capsys.readouterr().out
    assert f"user ids {sorted([nfc.pk, nfd.pk])} are all 'ann@xn--bcher-kva.example'" in report
    assert f"user ids {sorted([clash_stored.pk, clash_unicode.pk])} are all 'eve@xn--caf-dma.example'" in report
    assert f"user id {broken.pk}" in report


@pytest.mark.django_db(transaction=True)
def test_running_it_again_changes_nothing():
    _stored(email="Bob@B\u00dcCHER.example")
    _run()

    assert _run() == {"updated": [], "collisions": [], "invalid": []}
    assert User.objects.get().email == "bob@xn--bcher-kva.example"
