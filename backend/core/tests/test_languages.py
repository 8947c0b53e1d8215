"""The API answers in the language of Accept-Language (en, de, ar; regional variants fall back), English otherwise.
Error codes stay English: only `message` is translated."""

from http import HTTPStatus

import pytest
from django.utils import translation

from core.exceptions import RateLimitedError

LOGIN = "/api/auth/login/"
REGISTER = "/api/auth/register/"

INVALID_CREDENTIALS = {
    "en": "Invalid email or password.",
    "de": "E-Mail-Adresse oder Passwort ist falsch.",
    "ar": "البريد الإلكتروني أو كلمة المرور غير صحيحة.",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("fr", "en"),
        ("zz-ZZ, *;q=0.1", "en"),
        ("en-GB,de;q=0.8", "en"),
        ("de", "de"),
        ("de-AT", "de"),
        ("de-CH,fr;q=0.9", "de"),
        ("fr;q=1.0, de;q=0.5", "de"),
        ("ar", "ar"),
        ("ar-EG", "ar"),
        ("de;q=0.1, ar-SA;q=0.9", "ar"),
    ],
)
def test_the_api_answers_in_the_best_language_of_accept_language(api_client, accept_language, language):
    headers = {} if accept_language is None else {"HTTP_ACCEPT_LANGUAGE": accept_language}

    response = api_client.post(LOGIN, {"email": "nobody@example.com", "password": "wrong password"}, **headers)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {
        "status": 401,
        "errors": [{"code": "invalid_credentials", "message": INVALID_CREDENTIALS[language]}],
    }
    assert response["Content-Language"] == language


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "errors"),
    [
        (
            "en",
            [
                {"code": "invalid", "message": "Enter a valid email address.", "param": "email"},
                {
                    "code": "password_too_short",
                    "message": "Password must be at least 8 characters.",
                    "param": "password",
                },
            ],
        ),
        (
            "de",
            [
                {"code": "invalid", "message": "Geben Sie eine gültige E-Mail-Adresse ein.", "param": "email"},
                {
                    "code": "password_too_short",
                    "message": "Das Passwort muss mindestens 8 Zeichen lang sein.",
                    "param": "password",
                },
            ],
        ),
        (
            "ar",
            [
                {"code": "invalid", "message": "أدخل عنوان بريد إلكتروني صالحًا.", "param": "email"},
                {"code": "password_too_short", "message": "يجب ألا تقل كلمة المرور عن 8 أحرف.", "param": "password"},
            ],
        ),
    ],
)
def test_validation_errors_are_translated_and_keep_their_codes(api_client, language, errors):
    bad_email = api_client.post(
        REGISTER, {"email": "not-an-address", "password": "x" * 20, "name": "Ann"}, HTTP_ACCEPT_LANGUAGE=language
    )
    short_password = api_client.post(
        REGISTER, {"email": "ann@example.com", "password": "short", "name": "Ann"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert bad_email.status_code == short_password.status_code == HTTPStatus.BAD_REQUEST
    assert bad_email.json()["errors"] + short_password.json()["errors"] == errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Too many attempts. Try again in {n} seconds."),
        ("de", "Zu viele Versuche. Versuchen Sie es in {n} Sekunden erneut."),
        ("ar", "محاولات كثيرة جدًا. حاول مرة أخرى بعد {n} ثانية."),  # 11 to 99: the form for "many"
    ],
)
def test_a_rate_limited_answer_says_how_long_to_wait_in_the_language(api_client, throttle_rates, language, message):
    throttle_rates(login="1/min")
    api_client.post(LOGIN, {"email": "ann@example.com", "password": "wrong password"})

    response = api_client.post(
        LOGIN, {"email": "ann@example.com", "password": "wrong password"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    wait = int(response["Retry-After"])
    assert 11 <= wait <= 60
    assert response.json()["errors"] == [{"code": "throttled", "message": message.format(n=wait)}]


@pytest.mark.parametrize(
    ("language", "seconds", "message"),
    [
        ("en", 1, "Too many attempts. Try again in 1 second."),
        ("en", 2, "Too many attempts. Try again in 2 seconds."),
        ("de", 1, "Zu viele Versuche. Versuchen Sie es in 1 Sekunde erneut."),
        ("de", 30, "Zu viele Versuche. Versuchen Sie es in 30 Sekunden erneut."),
        ("ar", 1, "محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة."),
        ("ar", 2, "محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانيتين."),
        ("ar", 5, "محاولات كثيرة جدًا. حاول مرة أخرى بعد 5 ثوانٍ."),
        ("ar", 30, "محاولات كثيرة جدًا. حاول مرة أخرى بعد 30 ثانية."),
        ("ar", 300, "محاولات كثيرة جدًا. حاول مرة أخرى بعد 300 ثانية."),
    ],
)
def test_waiting_times_use_each_languages_plural_forms(language, seconds, message):
    with translation.override(language):
        assert RateLimitedError(seconds).message == message


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No such sign-in provider."),
        ("de", "Diesen Anmeldeanbieter gibt es nicht."),
        ("ar", "مزوّد تسجيل الدخول هذا غير موجود."),
    ],
)
def test_social_sign_in_errors_are_translated(api_client, settings, language, message):
    settings.SOCIAL_PROVIDERS = {}

    response = api_client.post("/api/auth/social/nope/start/", {}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["errors"] == [{"code": "unknown_provider", "message": message}]


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Not found."), ("de", "Nicht gefunden."), ("ar", "غير موجود.")],
)
def test_unknown_paths_answer_in_the_language_too(client, language, message):
    response = client.get("/api/no-such-thing/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["errors"] == [{"code": "not_found", "message": message}]


@pytest.mark.django_db
@pytest.mark.parametrize(("accept_language", "language"), [(None, "en"), ("de-AT", "de"), ("ar-EG,en;q=0.5", "ar")])
def test_an_account_keeps_the_language_it_signed_up_in(api_client, accept_language, language):
    headers = {} if accept_language is None else {"HTTP_ACCEPT_LANGUAGE": accept_language}

    response = api_client.post(
        REGISTER, {"email": "ann@example.com", "password": "quiet meadow lantern 42", "name": "Ann"}, **headers
    )

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["user"]["language"] == language
