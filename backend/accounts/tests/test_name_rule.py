"""One rule for display names (accounts.validators.name_validate), applied by the API, the model and the admin."""

import json
import unicodedata
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError

from accounts.admin import UserChangeAdminForm, UserCreationAdminForm
from accounts.models import User
from accounts.validators import name_validate


def _json(payload: dict) -> str:
    """As JSON with \\u escapes, which also carries lone surrogates (a client library would refuse to send them)."""
    return json.dumps(payload)


ZALGO = "A" + "\u0301\u0316\u0317\u0318\u0319" * 6 + "nn"

BAD_NAMES = [
    # Line breaks and C0/C1 controls, NUL included.
    *[f"Ann{char}ACCOUNT LOCKED" for char in ("\n", "\r", "\r\n", "\n\n", "\t", "\x0b", "\x0c", "\x1b", "\x7f")],
    *[f"Ann{char}Smith" for char in ("\x00", "\x01", "\x1f", "\x80", "\x85", "\x9b", "\x9f")],
    # Unicode line and paragraph separators.
    "Ann\u2028Smith",
    "Ann\u2029Smith",
    # Bidi embeddings, overrides and isolates, and the marks.
    *[f"Ann{chr(code)}Smith" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)],
    # Zero-width and other invisible characters.
    *[f"An{char}n" for char in ("\u200b", "\u200c", "\u200d", "\u2060", "\u2063", "\ufeff", "\u00ad", "\u034f")],
    "Ann\u3164",  # HANGUL FILLER: a name that looks empty
    "Ann\u115f",
    "Ann\U000e0041",  # a tag character
    "Ann\ufff9",  # interlinear annotation anchor (Cf)
    "Ann\U0001d173",  # musical format character
    # Surrogates, private use, unassigned.
    "Ann\ud800",
    "Ann\ue000",
    "Ann\U000f0000",
    "Ann\u0378",
    # A flood of combining marks ("Zalgo").
    ZALGO,
    "x" + "\u0301" * 5,
]

GOOD_NAMES = [
    "Ann",
    "Ann Example",
    "Zo\u00eb O'Neil-Smith",
    "\u5c71\u7530\u3000\u592a\u90ce",  # ideographic space inside a Japanese name
    "\u0645\u0647\u062f\u06cc",  # Persian, right to left, without controls
    "Nguy\u1ec5n Th\u1ecb",  # Vietnamese, stacked accents precomposed
    "Nguye\u0302\u0303n",  # and decomposed: two marks in a row
    "\u0915\u094d\u0937\u093f",  # Devanagari conjunct
    "Ann \u2764\ufe0f",  # emoji with its variation selector
    "Ann see https://evil.example/restore",  # a URL is text: allowed, but never linked in mail
    "x" * 150,
    "\U0001f600" * 150,  # 150 characters (300 UTF-16 units in the browser)
    "e\u0301" * 150,  # 300 code points as typed, 150 in NFC: the limit counts the stored form
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_the_rule_refuses_control_invisible_and_bidi_characters_and_mark_floods(name):
    with pytest.raises(ValidationError):
        name_validate(name)


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_the_rule_accepts_names_in_any_script(name):
    name_validate(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_NAMES)
def test_register_with_a_bad_name_returns_400_on_name(api_client, name):
    payload = {"email": "ann@example.com", "password": "correct horse battery staple", "name": name}

    response = api_client.post("/api/auth/register/", _json(payload), content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {error["param"] for error in response.json()["errors"]} == {"name"}
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_NAMES)
def test_updating_the_profile_with_a_bad_name_returns_400_on_name(auth_client, user, name):
    response = auth_client.patch("/api/auth/me/", _json({"name": name}), content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {error["param"] for error in response.json()["errors"]} == {"name"}
    user.refresh_from_db()
    assert user.name == "Ann Example"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "stored"),
    [
        *[(name, unicodedata.normalize("NFC", name)) for name in GOOD_NAMES],
        ("  Ann  ", "Ann"),  # surrounding whitespace is trimmed, not refused
        ("\u2028Ann\u3000", "Ann"),
        ("Zoe\u0308", "Zo\u00eb"),  # stored in NFC
    ],
)
def test_good_names_are_stored_trimmed_and_in_nfc(auth_client, user, name, stored):
    response = auth_client.patch("/api/auth/me/", {"name": name})

    assert response.status_code == HTTPStatus.OK, response.json()
    user.refresh_from_db()
    assert user.name == stored


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "code"), [("   ", "blank"), ("\t\n", "blank"), ("x" * 151, "max_length")])
def test_blank_and_overlong_names_are_refused(auth_client, user, name, code):
    response = auth_client.patch("/api/auth/me/", {"name": name})

    assert [(error["param"], error["code"]) for error in response.json()["errors"]] == [("name", code)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Ann\nACCOUNT LOCKED", "An\u202en", ZALGO])
def test_the_admin_forms_apply_the_same_rule(user, name):
    create = UserCreationAdminForm(
        data={"email": "new@example.com", "name": name, "password1": "x", "password2": "x", "usable_password": "false"}
    )
    change = UserChangeAdminForm(instance=user, data={"email": user.email, "name": name})

    assert "name" in create.errors
    assert "name" in change.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Ann@B\u00dcCHER.example", "ann@xn--bcher-kva.example"), ("Ann@Example.COM", "ann@example.com")],
)
def test_the_admin_stores_the_canonical_address_and_refuses_another_spelling_of_a_taken_one(typed, stored):
    create = UserCreationAdminForm(
        data={"email": typed, "name": "Ann", "password1": "x", "password2": "x", "usable_password": "false"}
    )
    assert create.is_valid(), create.errors
    assert create.save().email == stored

    again = UserCreationAdminForm(
        data={"email": typed.upper(), "name": "Ann", "password1": "x", "password2": "x", "usable_password": "false"}
    )
    assert "email" in again.errors


@pytest.mark.django_db
def test_createsuperuser_stores_the_canonical_address():
    User.objects.create_superuser("Root@B\u00fccher.example", "correct horse battery staple", name="Root")

    assert User.objects.get_by_natural_key("root@bu\u0308cher.example").email == "root@xn--bcher-kva.example"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ['"ann"@example.com', "ann@\U0001f600.example", "ann@exa\u200bmple.com"])
def test_the_admin_refuses_on_the_field_an_address_django_accepts_but_has_no_canonical_form(typed):
    create = UserCreationAdminForm(
        data={"email": typed, "name": "Ann", "password1": "x", "password2": "x", "usable_password": "false"}
    )

    assert "email" in create.errors
