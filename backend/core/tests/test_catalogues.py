"""The message catalogues' check (core.catalogues) on the real catalogues, and on broken copies of them."""

import shutil
from pathlib import Path

import pytest

from config.env import BASE_DIR
from core.catalogues import catalogue_problems, catalogues_compile


def test_every_message_is_translated_in_every_language_and_compiled():
    assert [str(problem) for problem in catalogue_problems()] == []


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of a tiny project with the real catalogues: one Python message, one template message."""
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "errors.py").write_text('from django.utils.translation import gettext as _\n_("Not found.")\n')
    (tmp_path / "app" / "templates" / "mail.txt").write_text('{% load i18n %}{% translate "Choose a new password" %}')
    # Tests are not searched, as makemessages is run with --ignore='*/tests/*'.
    (tmp_path / "app" / "tests" / "test_x.py").write_text('from django.utils.translation import gettext as _\n_("x")\n')
    for language in ("de", "ar"):
        folder = tmp_path / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "django.po").write_text(
            _po(language, {"Not found.": "X", "Choose a new password": "Y"}), encoding="utf-8"
        )
    catalogues_compile(tmp_path)
    return tmp_path


def _po(language: str, entries: dict[str, str]) -> str:
    plural = (BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    header = plural.split("\n\n", 1)[0]
    return header + "\n\n" + "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries.items())


def _problems(root: Path) -> list[str]:
    return [str(problem) for problem in catalogue_problems(root)]


def test_a_consistent_copy_passes(project):
    assert _problems(project) == []


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            {"Not found.": "X"},
            ["locale/de/LC_MESSAGES/django.po: 'Choose a new password' (from app/templates/mail.txt) is missing"],
        ),
        (
            {"Not found.": "X", "Choose a new password": "Y", "Gone.": "Z"},
            ["locale/de/LC_MESSAGES/django.po: 'Gone.' is used nowhere in the code: remove it"],
        ),
        (
            {"Not found.": "", "Choose a new password": "Y"},
            ["locale/de/LC_MESSAGES/django.po: 'Not found.' is not translated"],
        ),
    ],
    ids=["missing", "unused", "untranslated"],
)
def test_a_catalogue_out_of_step_with_the_code_fails(project, entries, expected):
    (project / "locale" / "de" / "LC_MESSAGES" / "django.po").write_text(_po("de", entries), encoding="utf-8")
    catalogues_compile(project)

    assert [problem.split(": run")[0] for problem in _problems(project)] == expected


def test_an_obsolete_entry_fails(project):
    po = project / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    po.write_text(po.read_text(encoding="utf-8") + '#~ msgid "Old."\n#~ msgstr "Q"\n', encoding="utf-8")

    assert _problems(project) == [
        "locale/ar/LC_MESSAGES/django.po: obsolete entry 'Old.': run makemessages with --no-obsolete"
    ]


def test_a_translation_that_drops_or_invents_a_placeholder_fails(project):
    (project / "app" / "errors.py").write_text(
        'from django.utils.translation import gettext as _\n_("Not found.")\n_("Hi %(name)s,")\n'
    )
    po = project / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po.write_text(
        _po("de", {"Not found.": "Nicht %(what)s.", "Choose a new password": "Y", "Hi %(name)s,": "Hallo,"}),
        encoding="utf-8",
    )
    ar = project / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    ar.write_text(ar.read_text(encoding="utf-8") + 'msgid "Hi %(name)s,"\nmsgstr "مرحبًا %(name)s،"\n', encoding="utf-8")
    catalogues_compile(project)

    assert _problems(project) == [
        "locale/de/LC_MESSAGES/django.po: 'Not found.' uses placeholders the msgid does not have: %(what)s",
        "locale/de/LC_MESSAGES/django.po: 'Not found.' does not keep every placeholder of the msgid",
        "locale/de/LC_MESSAGES/django.po: 'Hi %(name)s,' does not keep every placeholder of the msgid",
    ]


def test_a_stale_or_missing_compiled_catalogue_fails(project):
    po = project / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "X"', 'msgstr "XX"'), encoding="utf-8")
    (project / "locale" / "ar" / "LC_MESSAGES" / "django.mo").unlink()

    assert _problems(project) == [
        "locale/ar/LC_MESSAGES/django.mo: is missing: run `manage.py messages_compile`",
        "locale/de/LC_MESSAGES/django.mo: is stale (it differs from its .po): run `manage.py messages_compile`",
    ]


def test_a_language_without_a_catalogue_fails(project):
    shutil.rmtree(project / "locale" / "ar")

    assert _problems(project) == ["locale/ar/LC_MESSAGES/django.po: is missing: run `manage.py makemessages -l ar`"]
