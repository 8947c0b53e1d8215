"""The frontend's forms check the backend's limits before a round trip (frontend/lib/validations/limits.ts): every
number there must be the backend's, or a form would refuse what the API accepts, or promise what it refuses."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError

from accounts.api.serializers import PASSWORD_MAX_LENGTH
from accounts.email_address import EMAIL_MAX_LENGTH
from accounts.validators import NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordLengthValidator
from mfa.models import Passkey

LIMITS_TS = Path(__file__).resolve().parents[3] / "frontend" / "lib" / "validations" / "limits.ts"


def _frontend_limits() -> dict[str, int]:
    if not LIMITS_TS.exists():  # a backend-only checkout (the Docker image)
        pytest.skip(f"{LIMITS_TS} is not in this checkout")
    return {name: int(value) for name, value in re.findall(r"export const (\w+) = (\d+);", LIMITS_TS.read_text())}


def _effective_min_length() -> int:
    """What the configured validators enforce, not what a constant says: the settings might override it."""
    lengths = [v.min_length for v in get_default_password_validators() if hasattr(v, "min_length")]
    assert len(lengths) == 1, "exactly one length rule is configured"
    return lengths[0]


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("PASSWORD_MIN_LENGTH", _effective_min_length),
        ("PASSWORD_MAX_LENGTH", lambda: PASSWORD_MAX_LENGTH),
        ("EMAIL_MAX_LENGTH", lambda: EMAIL_MAX_LENGTH),
        ("NAME_MAX_LENGTH", lambda: NAME_MAX_LENGTH),
        ("PASSKEY_NAME_MAX_LENGTH", lambda: Passkey._meta.get_field("name").max_length),
    ],
)
def test_frontend_limit_is_the_backends(name, backend):
    assert _frontend_limits()[name] == backend()


def test_every_frontend_limit_is_checked():
    assert set(_frontend_limits()) == {
        "PASSWORD_MIN_LENGTH",
        "PASSWORD_MAX_LENGTH",
        "EMAIL_MAX_LENGTH",
        "NAME_MAX_LENGTH",
        "PASSKEY_NAME_MAX_LENGTH",
    }


def test_the_configured_length_rule_is_the_constant():
    assert _effective_min_length() == PASSWORD_MIN_LENGTH


# Counted in code points, as the frontend counts them: "😀" * 4 is 8 UTF-16 units but 4 characters.
@pytest.mark.parametrize("password", ["", "a" * (PASSWORD_MIN_LENGTH - 1), "😀" * 4])
def test_length_rule_refuses_in_the_forms_words(password):
    with pytest.raises(ValidationError) as caught:
        PasswordLengthValidator().validate(password)
    assert caught.value.code == "password_too_short"
    assert caught.value.messages == ["Password must be at least 8 characters."]


@pytest.mark.parametrize("password", ["a" * PASSWORD_MIN_LENGTH, "😀" * PASSWORD_MIN_LENGTH, "e\u0301" * 4])
def test_length_rule_accepts_enough_code_points(password):
    PasswordLengthValidator().validate(password)


@pytest.mark.django_db
def test_validate_password_uses_the_forms_wording():
    with pytest.raises(ValidationError) as caught:
        validate_password("zq7#Lp")
    assert "Password must be at least 8 characters." in caught.value.messages
