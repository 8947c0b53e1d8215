"""Recovery codes: ten single-use codes for when the second factor is lost (ASVS 6.5.1, 6.5.2).

A code is 12 characters from a 31-letter alphabet without look-alikes (about 59 bits from a CSPRNG), shown as
`abcd-efgh-jkmn`. It is shown once and stored only as a password hash (the project's Argon2id), so a database
dump reveals none; checking one tries the user's unused hashes, at most ten.
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from mfa.codes import code_normalize
from mfa.models import RecoveryCode

COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_LENGTH = 12


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))


@transaction.atomic
def recovery_codes_generate(user: User) -> list[str]:
    """A new set of COUNT codes; every earlier one dies. Returns the codes in clear: the only time they exist."""
    codes = [_new_code() for _ in range(COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=make_password(code_normalize(code))) for code in codes
    )
    return codes


def recovery_codes_count(user: User) -> tuple[int, int]:
    """(total, remaining) of the current set."""
    counts = RecoveryCode.objects.filter(user=user).aggregate(
        total=Count("pk"), remaining=Count("pk", filter=Q(used_at__isnull=True))
    )
    return counts["total"], counts["remaining"]


def recovery_code_use(user: User, raw_code: object) -> int | None:
    """Spends the code if it is one of the user's unused ones; returns how many remain, None when it is not.
    The spend is a conditional UPDATE: two parallel requests with one code cannot both succeed."""
    code = code_normalize(raw_code)
    if len(code) != _LENGTH or any(char not in _ALPHABET for char in code):
        return None
    for pk, code_hash in RecoveryCode.objects.filter(user=user, used_at__isnull=True).values_list("pk", "code_hash"):
        if check_password(code, code_hash):
            spent = RecoveryCode.objects.filter(pk=pk, used_at__isnull=True).update(used_at=timezone.now())
            if not spent:
                return None
            return recovery_codes_count(user)[1]
    return None
