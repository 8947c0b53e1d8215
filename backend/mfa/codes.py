"""What a person types as a code, in the one form the checks compare: "123 456", "123-456" and full-width digits
from a phone keyboard are the same TOTP code; recovery codes ignore case, spaces and hyphens."""

import unicodedata

_SEPARATORS = str.maketrans("", "", " -\u00a0\u2009\u202f\t\r\n")


def code_normalize(raw: object, *, max_length: int = 64) -> str:
    """NFKC (full-width and other compatibility digits become ASCII), separators removed, lower case. Anything
    that is not a short string normalises to "" (never a match)."""
    if not isinstance(raw, str) or len(raw) > max_length:
        return ""
    return unicodedata.normalize("NFKC", raw).translate(_SEPARATORS).lower()
