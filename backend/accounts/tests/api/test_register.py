from http import HTTPStatus

import pytest

from accounts.models import User

URL = "/api/auth/register/"
GOOD = {"email": "Ann@Example.com", "password": "correct horse battery staple", "name": "Ann Example"}


def _error(response) -> dict:
    return response.json()["errors"]


@pytest.mark.django_db
def test_register_creates_account_and_returns_user_and_token_pair(api_client):
    response = api_client.post(URL, GOOD)

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert set(body) == {"user", "access", "refresh"}
    assert set(body["user"]) == {"id", "email", "name", "date_joined", "email_verified", "language"}
    assert body["user"]["email_verified"] is False
    assert body["user"]["email"] == "ann@example.com"
    assert body["user"]["name"] == "Ann Example"
    assert response["Cache-Control"] == "no-store"
    user = User.objects.get()
    assert user.email == "ann@example.com"
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    me = api_client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.json()["id"] == user.id


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["ann@example.com", "ANN@EXAMPLE.COM", "ann@Example.com"])
def test_register_with_taken_email_in_any_case_returns_400_on_email(api_client, email):
    api_client.post(URL, GOOD)

    response = api_client.post(URL, {**GOOD, "email": email})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "unique", "message": "An account with this email already exists.", "param": "email"}],
    }
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1!", "password_too_short"),
        ("password123", "password_too_common"),
        ("qwertyuiop", "password_too_common"),
        ("8675309123", "password_entirely_numeric"),
        ("ann@example.com", "password_too_similar"),
        ("Ann Example", "password_too_similar"),
        ("my latchkey password", "password_contains_context_word"),
    ],
)
def test_register_rejects_weak_password_on_password_field(api_client, password, code):
    response = api_client.post(URL, {**GOOD, "password": password})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = _error(response)
    assert code in {error["code"] for error in errors}
    assert {error["param"] for error in errors} == {"password"}
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # lower-case passphrase: no composition rules
        "mqzvtrkw",  # exactly the minimum
        ("tangerine lighthouse orbit " * 3)[:64],
        ("x7#" * 43)[:128],
    ],
)
def test_register_accepts_passphrases_and_they_log_in(api_client, password):
    response = api_client.post(URL, {**GOOD, "password": password})
    assert response.status_code == HTTPStatus.CREATED, response.json()

    login = api_client.post("/api/auth/login/", {"email": GOOD["email"], "password": password})
    assert login.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_register_with_ten_thousand_character_password_is_refused_before_hashing(api_client, monkeypatch):
    hashed = []
    monkeypatch.setattr(User, "set_password", lambda self, raw: hashed.append(raw))

    response = api_client.post(URL, {**GOOD, "password": "x" * 10_000})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _error(response) == [
        {"code": "max_length", "message": "Ensure this field has no more than 1024 characters.", "param": "password"}
    ]
    assert hashed == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "param", "code"),
    [
        ({"password": GOOD["password"], "name": "A"}, "email", "required"),
        ({"email": "a@example.com", "name": "A"}, "password", "required"),
        ({"email": "a@example.com", "password": GOOD["password"]}, "name", "required"),
        ({**GOOD, "email": "not-an-email"}, "email", "invalid"),
        ({**GOOD, "email": ["a@example.com"]}, "email", "invalid"),
        ({**GOOD, "email": None}, "email", "null"),
        # A number is not a string (the schema says string): refused by type, not turned into "12345678".
        ({**GOOD, "password": 12345678}, "password", "invalid"),
        ({**GOOD, "name": 0}, "name", "invalid"),
        ({**GOOD, "password": {"a": 1}}, "password", "invalid"),
        ({**GOOD, "name": ""}, "name", "blank"),
        ({**GOOD, "name": "n" * 151}, "name", "max_length"),
        ({**GOOD, "name": "nul\x00byte"}, "name", "null_characters_not_allowed"),
        ({**GOOD, "email": "a" * 250 + "@example.com"}, "email", "max_length"),
    ],
)
def test_register_with_bad_field_returns_400_naming_the_field(api_client, payload, param, code):
    response = api_client.post(URL, payload)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert (param, code) in {(error.get("param"), error["code"]) for error in _error(response)}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_register_with_lone_surrogate_in_json_returns_400_on_that_field(api_client):
    body = '{"email": "s@example.com", "password": "correct horse battery staple", "name": "a\\ud800b"}'

    response = api_client.post(URL, body, content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _error(response)[0]["param"] == "name"
    assert not User.objects.exists()


@pytest.mark.django_db
def test_register_keeps_unicode_names(api_client):
    response = api_client.post(URL, {**GOOD, "name": "Zoë 山田 🦊"})

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["user"]["name"] == "Zoë 山田 🦊"


@pytest.mark.django_db
def test_register_is_rate_limited_with_retry_after(api_client, throttle_rates):
    throttle_rates(register="2/min")
    for n in range(2):
        assert api_client.post(URL, {**GOOD, "email": f"r{n}@example.com"}).status_code == HTTPStatus.CREATED

    response = api_client.post(URL, {**GOOD, "email": "r3@example.com"})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0
    assert _error(response)[0]["code"] == "throttled"
    assert not User.objects.filter(email="r3@example.com").exists()
