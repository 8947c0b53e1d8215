"""The message catalogues' consistency check and compiler, in pure Python (Babel): no GNU gettext needed.

Messages are found the way `makemessages` finds them (the same files, keywords and template translation), so the
check agrees with it: every msgid in the code is translated in every language, no catalogue keeps an entry the code
no longer uses, a translation keeps the msgid's placeholders, and each compiled .mo says what its .po says.
`makemessages` itself (GNU gettext's xgettext) is only needed to update the .po files after a change of messages.

A development tool: Babel is in requirements-dev.txt, not in the image.
"""

import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

from config.env import BASE_DIR

LOCALE_DIR = BASE_DIR / "locale"
DOMAIN = "django"
# What `makemessages` is run with (README "Languages"): the same files are searched here.
IGNORE = ("*/tests/*", "staticfiles/*", "conftest.py", "locale/*")
TEMPLATE_SUFFIXES = (".html", ".txt")
# xgettext's Python keywords plus the ones Django's makemessages adds, in Babel's notation.
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")

# (context, msgid, msgid_plural): one message as the code asks for it.
Key = tuple[str | None, str, str | None]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _ignored(relative: str) -> bool:
    return any(fnmatch(relative, pattern) for pattern in IGNORE) or any(
        part.startswith(".") for part in Path(relative).parts
    )


def _source_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", *TEMPLATE_SUFFIXES) and path.is_file():
            if _ignored(path.relative_to(root).as_posix()):
                continue
            yield path


def _extract(path: Path) -> Iterator[Key]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in TEMPLATE_SUFFIXES:
        if "{%" not in text and "_(" not in text:
            return
        text = templatize(text, origin=str(path))
    found = extract("python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"})
    for _lineno, message, _comments, context in found:
        if isinstance(message, tuple):
            yield (context, message[0], message[1])
        else:
            yield (context, message, None)


def code_messages(root: Path = BASE_DIR) -> dict[Key, str]:
    """Every message the code asks for -> the first file asking (for the report)."""
    messages: dict[Key, str] = {}
    for path in _source_files(root):
        for key in _extract(path):
            if key[1]:
                messages.setdefault(key, path.relative_to(root).as_posix())
    return messages


def _key(message: Message) -> Key:
    if isinstance(message.id, tuple | list):
        return (message.context, str(message.id[0]), str(message.id[1]))
    return (message.context, str(message.id), None)


def _placeholders(text: str) -> set[str]:
    return {match.group(0) for match in _PLACEHOLDER.finditer(text)}


def _translation_problems(message: Message, catalog: Catalog) -> list[str]:
    key = _key(message)
    raw = message.string
    strings = [str(string or "") for string in raw] if isinstance(raw, tuple | list) else [str(raw or "")]
    if message.fuzzy:
        return ["is marked fuzzy: check the translation and remove the flag"]
    if key[2] is not None and len(strings) != catalog.num_plurals:
        return [f"has {len(strings)} plural forms, the header's Plural-Forms says {catalog.num_plurals}"]
    if any(not string for string in strings):
        return ["is not translated"]
    allowed = _placeholders(key[1]) | _placeholders(key[2] or "")
    problems = []
    for string in strings:
        unknown = _placeholders(string) - allowed
        if unknown:
            problems.append(f"uses placeholders the msgid does not have: {', '.join(sorted(unknown))}")
    # A plural form may leave the number out ("يوم واحد", one day); any other message keeps every placeholder.
    if key[2] is None and _placeholders(strings[0]) != allowed:
        problems.append("does not keep every placeholder of the msgid")
    return problems


def _compiled(catalog: Catalog) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _mo_problems(po_catalog: Catalog, mo_path: Path) -> list[str]:
    if not mo_path.is_file():
        return ["is missing: run `manage.py messages_compile`"]
    with mo_path.open("rb") as file:
        try:
            compiled = gettext.GNUTranslations(file)
        except (OSError, ValueError) as exc:
            return [f"cannot be read ({exc}): run `manage.py messages_compile`"]
    expected = _compiled(po_catalog)
    entries = {key: value for key, value in compiled._catalog.items() if key != ""}  # type: ignore[attr-defined]
    wanted = {key: value for key, value in expected._catalog.items() if key != ""}  # type: ignore[attr-defined]
    same_plurals = all(compiled.plural(n) == expected.plural(n) for n in range(1000))  # type: ignore[attr-defined]
    if entries != wanted or not same_plurals:
        return ["is stale (it differs from its .po): run `manage.py messages_compile`"]
    return []


def _languages() -> list[str]:
    return [str(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _read_po(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def catalogue_problems(root: Path = BASE_DIR) -> list[Problem]:
    """Everything wrong with the catalogues of every language but the default one (the msgids are its text)."""
    wanted = code_messages(root)
    problems: list[Problem] = []
    locale_dir = root / "locale"
    known = set(_languages())
    for folder in sorted(locale_dir.iterdir()) if locale_dir.is_dir() else []:
        if folder.is_dir() and folder.name not in known:
            problems.append(Problem(f"locale/{folder.name}", "is not a language of settings.LANGUAGES"))
    for language in sorted(known):
        po_path = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        relative = po_path.relative_to(root).as_posix()
        if not po_path.is_file():
            problems.append(Problem(relative, "is missing: run `manage.py makemessages -l " + language + "`"))
            continue
        catalog = _read_po(po_path, language)
        present = {}
        for message in catalog:
            if not message.id:
                continue
            key = _key(message)
            present[key] = message
            if key not in wanted:
                problems.append(Problem(relative, f"{key[1]!r} is used nowhere in the code: remove it"))
                continue
            problems.extend(
                Problem(relative, f"{key[1]!r} {problem}") for problem in _translation_problems(message, catalog)
            )
        for obsolete in catalog.obsolete:
            problems.append(Problem(relative, f"obsolete entry {obsolete!r}: run makemessages with --no-obsolete"))
        for key, source in wanted.items():
            if key not in present:
                problems.append(Problem(relative, f"{key[1]!r} (from {source}) is missing: run makemessages"))
        problems.extend(
            Problem(relative[:-3] + ".mo", problem) for problem in _mo_problems(catalog, po_path.with_suffix(".mo"))
        )
    return problems


def catalogues_compile(root: Path = BASE_DIR) -> list[Path]:
    """Writes each language's .mo from its .po (what `compilemessages` does, without GNU gettext)."""
    written = []
    for language in _languages():
        po_path = root / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.is_file():
            continue
        catalog = _read_po(po_path, language)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as file:
            write_mo(file, catalog)
        written.append(mo_path)
    return written
