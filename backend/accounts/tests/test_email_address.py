"""One mailbox, one canonical form: every spelling that delivers to the same mailbox maps to one string, and
every address our mail layer cannot deliver to is refused."""

import pytest
from django.core.exceptions import ValidationError

from accounts.email_address import EMAIL_MAX_LENGTH, email_lookup_key, email_normalize

NFC = "ann@b\u00fccher.example"
NFD = "ann@bu\u0308cher.example"
BUECHER = "ann@xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        # The domain: Unicode normalisation, case, UTS #46 width mapping and dots, punycode input, the root dot.
        (NFC, BUECHER),
        (NFD, BUECHER),
        ("ann@B\u00dcCHER.EXAMPLE", BUECHER),
        ("ann@BU\u0308CHER.example", BUECHER),
        ("ann@xn--bcher-kva.example", BUECHER),
        ("ann@XN--BCHER-KVA.EXAMPLE", BUECHER),
        ("ann@\uff42\u00fc\uff43\uff48\uff45\uff52.example", BUECHER),  # fullwidth letters in the domain
        ("ann@b\u00fccher\u3002example", BUECHER),  # ideographic full stop
        ("ann@b\u00fccher\uff0eexample", BUECHER),  # fullwidth full stop
        ("ann@b\u00fccher.example.", BUECHER),  # the DNS root
        ("ann@example.com.", "ann@example.com"),
        ("ann@\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25.com", "ann@example.com"),
        # Non-transitional IDNA 2008: ß is its own letter (not "ss"), final sigma stays, Turkish İ is i + dot.
        ("ann@stra\u00dfe.de", "ann@xn--strae-oqa.de"),
        ("ann@STRASSE.de", "ann@strasse.de"),
        ("ann@\u0130stanbul.example", "ann@xn--istanbul-o0e.example"),
        ("ann@istanbul.example", "ann@istanbul.example"),
        # Mixed-script look-alikes are other domains, so other mailboxes: accepted, kept apart.
        ("ann@\u0440\u0430ypal.com", "ann@xn--ypal-43d9g.com"),
        # ASCII host names keep their own (LDH) rules, even with hyphens in the third and fourth place.
        ("ann@ab--cd.example", "ann@ab--cd.example"),
        ("ann@localhost", "ann@localhost"),
        # The local part: case, surrounding whitespace, NFC's canonical singletons (KELVIN SIGN is K).
        ("Ann.Smith+Tag@Example.COM", "ann.smith+tag@example.com"),
        ("  ann@example.com\t\n", "ann@example.com"),
        ("\u00a0ann@example.com\u3000", "ann@example.com"),
        ("\u212aim@example.com", "kim@example.com"),
        ("o'neil@example.com", "o'neil@example.com"),
    ],
)
def test_every_spelling_of_a_mailbox_has_one_canonical_form(spelling, canonical):
    assert email_normalize(spelling) == canonical
    assert email_normalize(canonical) == canonical  # idempotent: safe at every layer


@pytest.mark.parametrize(
    ("address", "code"),
    [
        # Local parts our mail layer cannot deliver to (no SMTPUTF8): non-ASCII in any normal form.
        ("\u00e4nn@example.com", "invalid"),
        ("a\u0308nn@example.com", "invalid"),
        ("\uff41\uff4e\uff4e@example.com", "invalid"),  # fullwidth letters
        ("\ufb01le@example.com", "invalid"),  # the "fi" ligature
        ("\u0130nan@example.com", "invalid"),  # Turkish capital dotted I (lower-cases to i + U+0307)
        ("\u0131nan@example.com", "invalid"),  # dotless i
        ("stra\u00dfe@example.com", "invalid"),
        ("\u017fam@example.com", "invalid"),  # long s, which casefold() would turn into "s"
        ('"ann"@example.com', "invalid"),
        ('"ann smith"@example.com', "invalid"),
        # No @, or a fullwidth one, or an empty side.
        ("ann\uff20example.com", "invalid"),
        ("ann.example.com", "invalid"),
        ("@example.com", "invalid"),
        ("ann@", "invalid"),
        ("", "invalid"),
        ("ann@@example.com", "invalid"),
        # Invisible characters, wherever they are: refused, not silently dropped.
        ("an\u200dn@example.com", "invalid"),
        ("ann@b\u00fc\u200ccher.example", "invalid"),
        ("ann@b\u00fc\u200bcher.example", "invalid"),
        ("ann@b\u00fc\u00adcher.example", "invalid"),
        ("ann@example\u2060.com", "invalid"),
        ("\ufeffann@example.com", "invalid"),
        ("ann@\u202eelpmaxe.com", "invalid"),
        ("ann@example.com\u2066", "invalid"),
        ("ann@exa\u034fmple.com", "invalid"),
        ("ann@\u3164.example", "invalid"),
        ("ann@example.com\x00", "invalid"),
        ("ann\u2028@example.com", "invalid"),
        # Whitespace inside, domains IDNA refuses, bad punycode, address literals.
        ("ann smith@example.com", "invalid"),
        ("ann@exa mple.com", "invalid"),
        ("ann@xn--zz.example", "invalid"),
        ("ann@xn--a.example", "invalid"),
        ("ann@xn--ls8h.example", "invalid"),  # punycode for an emoji
        ("ann@\U0001f600.example", "invalid"),
        ("ann@\u2764.example", "invalid"),
        ("ann@example..com", "invalid"),
        ("ann@.example.com", "invalid"),
        ("ann@example.com..", "invalid"),
        ("ann@-example.com", "invalid"),
        ("ann@exa_mple.com", "invalid"),
        ("ann@[127.0.0.1]", "invalid"),
        ("ann@example", "invalid"),
        ("ann@\u0661\u0662.example", "invalid"),  # Arabic-Indic digits alone break the bidi rule
        # Lengths counted once encoded.
        ("a" * 65 + "@example.com", "max_length"),
        ("ann@" + "a" * 64 + ".com", "max_length"),
        ("ann@" + "\u00e9" * 60 + ".com", "max_length"),  # 61 characters, 70 bytes as an A-label
        ("ann@" + ".".join(["\u00e9" * 35] * 6) + ".com", "max_length"),  # 223 characters, 259 once encoded
        ("a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com", "max_length"),
    ],
)
def test_addresses_without_a_deliverable_canonical_form_are_refused(address, code):
    with pytest.raises(ValidationError) as exc_info:
        email_normalize(address)

    assert [error.code for error in exc_info.value.error_list] == [code]


def test_the_longest_address_that_fits_is_accepted():
    address = "a" * 64 + "@" + ".".join(["b" * 61, "c" * 61, "d" * 61]) + ".com"

    assert len(address) == EMAIL_MAX_LENGTH
    assert email_normalize(address) == address


def test_lookup_key_is_the_canonical_form_or_a_stand_in_that_matches_no_stored_address():
    assert email_lookup_key(NFD) == BUECHER
    assert email_lookup_key(" Ann@xn--zz.example ") == "ann@xn--zz.example"
