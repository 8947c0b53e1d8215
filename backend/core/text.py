"""Which characters user-supplied text may carry into a page, a log line or a mail, and how to render it inline."""

import re
import unicodedata

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): rendered as nothing, so they hide in text
# that looks identical to another (a zero-width space in an address, a filler that makes a name look empty).
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Variation selectors pick a glyph (the emoji form of a heart, a CJK variant); they hide nothing.
_VARIATION_SELECTORS = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# Controls (Cc), format characters such as bidi overrides (Cf), surrogates, private use, unassigned, and the
# line and paragraph separators: none belongs in a one-line piece of text.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


# The same ranges as one character class: a whole string is searched in C, not a Python loop over characters and
# ranges (every login canonicalises its address, accounts.email_address).
_DEFAULT_IGNORABLE_RE = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _DEFAULT_IGNORABLE) + "]"
)


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def is_default_ignorable(char: str) -> bool:
    return _in(_DEFAULT_IGNORABLE, char)


def has_default_ignorable(text: str) -> bool:
    """True when any character of `text` is a default-ignorable code point (is_default_ignorable)."""
    return _DEFAULT_IGNORABLE_RE.search(text) is not None


def is_unsafe_inline(char: str) -> bool:
    """True for a character that breaks a line, reorders text or is invisible (variation selectors excepted)."""
    if unicodedata.category(char) in _UNSAFE_CATEGORIES:
        return True
    return is_default_ignorable(char) and not _in(_VARIATION_SELECTORS, char)


def longest_mark_run(text: str) -> int:
    """The most combining marks in a row: a few stack in real scripts, dozens are 'Zalgo' text."""
    longest = run = 0
    for char in text:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        longest = max(longest, run)
    return longest


WORD_JOINER = "\u2060"
# What a linkifier needs to see a URL or an address: scheme and path punctuation, the dot and its look-alikes that
# IDNA treats as a dot, and the at sign (plus their fullwidth forms, which UTS #46 maps to the ASCII ones).
_LINK_PUNCTUATION = frozenset(".:/@\\\u3002\uff0e\uff61\uff1a\uff0f\uff20\uff3c")


def inline_unlinkable(text: str) -> str:
    """User text made safe to print inline in a mail: one line, nothing invisible, no token a mail client would turn
    into a link. Unsafe characters become spaces; each piece of link punctuation is fenced by WORD JOINERs, which
    no linkifier counts as part of a host or a path, so `evil.example` or `https://x` never appears as such."""
    cleaned = "".join(" " if is_unsafe_inline(char) else char for char in text)
    cleaned = " ".join(cleaned.split())
    return "".join(f"{WORD_JOINER}{char}{WORD_JOINER}" if char in _LINK_PUNCTUATION else char for char in cleaned)
