"""The one answer to "what is this address's canonical form?", so that two spellings of one mailbox are one account.

The canonical form is what our mail layer puts on the wire, so that login and delivery agree:
- the domain as IDNA A-labels (UTS #46 mapping, non-transitional, STD3 rules; then IDNA 2008): `bücher.example`
  in NFC or NFD, `BÜCHER.example`, the same in fullwidth letters and dots, and `xn--bcher-kva.example` are all
  `xn--bcher-kva.example`, one trailing root dot dropped. Storing the A-label, not the Unicode form, also means
  Django's mail layer sends the stored domain unchanged (it would IDNA 2003-encode a Unicode one, which turns
  `ß` into `ss`: another domain);
- the local part in NFC, ASCII only, lower-cased. Django's SMTP backend cannot deliver to a non-ASCII local part
  (it has no SMTPUTF8 and would send an RFC 2047 encoded word), so such an address is refused rather than stored
  as an account no mail reaches. NFC still maps the few canonical singletons that turn ASCII (KELVIN SIGN is `K`);
  compatibility forms (fullwidth letters) are not folded, they are refused as non-ASCII. Lower-casing ASCII only
  leaves no casing trap (`İ`, `ß`, the long s never get that far). Quoted local parts are refused: `"ann"@x` and
  `ann@x` are one mailbox, and no one needs the quoted form to sign up;
- no invisible character anywhere (zero-width spaces and joiners, soft hyphens, bidi controls), although UTS #46
  would silently drop some of them: an address that differs from another only invisibly is refused, not merged.

Mixed-script look-alikes (paypal.com with a Cyrillic p and a) are accepted: they are other domains, so other mailboxes.
Provider rules (Gmail's dots, `+tags`) are not applied: they differ between providers, and `a+b@x` is, by the
standard, its own mailbox.
"""

import unicodedata

import idna
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import has_default_ignorable

EMAIL_MAX_LENGTH = 254  # RFC 5321's forward path (256) less the angle brackets
LOCAL_PART_MAX_LENGTH = 64

_validate_ascii_address = EmailValidator()


class InvalidEmailError(ValidationError):
    def __init__(self, message: str | None = None, code: str = "invalid") -> None:
        super().__init__(message or _("Enter a valid email address."), code=code)


def _domain_canonical(domain: str) -> str:
    try:
        mapped = idna.uts46_remap(domain, std3_rules=True, transitional=False)
    except idna.IDNAError as exc:
        raise InvalidEmailError(_("The domain of this address contains characters a domain cannot have.")) from exc
    if mapped.endswith("."):  # the DNS root: `example.com.` is `example.com`
        mapped = mapped[:-1]
    labels = mapped.split(".")
    encoded = []
    for label in labels:
        if not label:
            raise InvalidEmailError()
        if label.isascii() and not label.startswith("xn--"):
            encoded.append(label)  # plain host names keep their own rules (EmailValidator below)
            continue
        try:
            encoded.append(idna.alabel(label).decode("ascii"))
        except (idna.IDNAError, UnicodeError) as exc:
            if str(exc) == "Label too long":
                raise InvalidEmailError(_("A part of this address's domain is too long."), code="max_length") from exc
            raise InvalidEmailError(_("The domain of this address is not a valid internationalised domain.")) from exc
    for label in encoded:
        if len(label) > 63:
            raise InvalidEmailError(_("A part of this address's domain is too long."), code="max_length")
    return ".".join(encoded)


def email_normalize(email: str) -> str:
    """The canonical form of an address (see the module docstring); raises InvalidEmailError if it has none.

    Idempotent: the canonical form is its own canonical form, so it is safe to apply at every layer.
    """
    email = email.strip()
    if has_default_ignorable(email) or any(unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") for char in email):
        raise InvalidEmailError(_("This address contains invisible or control characters."))
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain:
        raise InvalidEmailError()
    local = unicodedata.normalize("NFC", local)
    if not local.isascii():
        raise InvalidEmailError(_("The part before the @ must use only Latin letters, digits and . _ - + symbols."))
    if local.startswith('"'):
        raise InvalidEmailError(_("Quoted addresses are not accepted."))
    if len(local) > LOCAL_PART_MAX_LENGTH:
        message = ngettext(
            "The part before the @ can have at most %(limit)d character.",
            "The part before the @ can have at most %(limit)d characters.",
            LOCAL_PART_MAX_LENGTH,
        )
        raise InvalidEmailError(message % {"limit": LOCAL_PART_MAX_LENGTH}, code="max_length")
    canonical = f"{local.lower()}@{_domain_canonical(domain)}"
    if len(canonical) > EMAIL_MAX_LENGTH:
        message = ngettext(
            "Ensure this field has no more than %(limit)d character (once its domain is encoded).",
            "Ensure this field has no more than %(limit)d characters (once its domain is encoded).",
            EMAIL_MAX_LENGTH,
        )
        raise InvalidEmailError(message % {"limit": EMAIL_MAX_LENGTH}, code="max_length")
    try:
        _validate_ascii_address(canonical)
    except ValidationError as exc:
        raise InvalidEmailError() from exc
    return canonical


def email_lookup_key(email: str) -> str:
    """For lookups and rate-limit keys only: the canonical form, or, for input that has none, a stand-in no stored
    address equals (stored addresses are canonical), so a bad address simply matches nothing."""
    try:
        return email_normalize(email)
    except ValidationError:
        return email.strip().lower()


def email_validate(email: str) -> None:
    """Model-field validator: the address has a canonical form. So `createsuperuser` asks again and the admin forms
    show the error on the field, instead of failing when the manager canonicalises it."""
    email_normalize(email)
