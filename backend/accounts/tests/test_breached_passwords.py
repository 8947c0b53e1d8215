"""ASVS 6.2.12: every way to set a password refuses one from the breach corpus, through a real range server on
loopback (scripts/breach_range.py), and falls back to the common-password list when that server fails."""

import hashlib
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm

from accounts.admin import UserCreationAdminForm
from accounts.models import User
from accounts.tests.api.test_password_reset import CONFIRM_URL, _reset_params
from accounts.tests.conftest import BREACHED, FRESH, PADDED
from core.tests.test_platform import GOOD_JWT_KEY, GOOD_SECRET, _run_python

BREACH_MESSAGE = "This password has appeared in a data breach and can't be used here. Choose a different one."
COMMON = "password123"  # in Django's common-password list
NEWCOMER = "bea@example.com"


@dataclass
class PasswordPath:
    """One way to set a password: `attempt(password)` answers the response; `took(password)` says whether the
    account now has that password (or, for signup, exists)."""

    field: str
    attempt: Callable[[str], object]
    took: Callable[[str], bool]


@pytest.fixture(params=["signup", "change", "reset"])
def path(request, api_client, auth_client, user, user_password, run_tasks) -> PasswordPath:
    if request.param == "signup":
        return PasswordPath(
            "password",
            lambda password: api_client.post(
                "/api/auth/register/", {"email": NEWCOMER, "name": "Bea", "password": password}
            ),
            lambda password: User.objects.filter(email=NEWCOMER).exists(),
        )
    if request.param == "change":
        return PasswordPath(
            "new_password",
            lambda password: auth_client.post(
                "/api/auth/password/change/", {"current_password": user_password, "new_password": password}
            ),
            lambda password: User.objects.get(pk=user.pk).check_password(password),
        )
    params = _reset_params(api_client, run_tasks, user.email)
    return PasswordPath(
        "new_password",
        lambda password: api_client.post(CONFIRM_URL, {**params, "new_password": password}),
        lambda password: User.objects.get(pk=user.pk).check_password(password),
    )


@pytest.mark.django_db
def test_a_breached_password_is_refused_on_its_field_and_changes_nothing(path, breach_range):
    response = path.attempt(BREACHED)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "status": 400,
        "errors": [{"code": "password_compromised", "message": BREACH_MESSAGE, "param": path.field}],
    }
    assert not path.took(BREACHED)


@pytest.mark.django_db
@pytest.mark.parametrize("password", [FRESH, PADDED], ids=["absent", "padding-count-0"])
def test_a_password_not_in_the_corpus_is_accepted(path, breach_range, password):
    response = path.attempt(password)

    assert response.status_code < HTTPStatus.BAD_REQUEST
    assert path.took(password)


@pytest.mark.django_db
def test_only_the_5_hex_prefix_and_the_padding_header_reach_the_range_server(path, breach_range, caplog):
    digest = hashlib.sha1(BREACHED.encode(), usedforsecurity=False).hexdigest().upper()

    with caplog.at_level(logging.INFO):
        path.attempt(BREACHED)

    assert not [line for line in caplog.messages if digest[:5] in line.upper()]  # not even the prefix is logged

    ((seen_path, headers),) = breach_range.requests
    assert seen_path == f"/range/{digest[:5]}"
    assert headers["Add-Padding"] == "true"
    assert BREACHED not in str(headers)
    assert digest[5:] not in str(headers).upper()


def _refused_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/range/"


@pytest.fixture(params=["hang", "error", "garbage", "refused", "drip", "huge"])
def outage(request, breach_range, settings) -> str:
    """The range server times out, answers 500, answers something that is not a range, or is not there at all; or it
    answers the genuine range, but so slowly that no single read times out (drip) or behind megabytes of padding
    (huge): either would hold a signup, and a worker, for as long as the server likes."""
    if request.param == "refused":
        settings.BREACHED_PASSWORDS_URL = _refused_port()
    else:
        breach_range.mode = request.param
    return request.param


@pytest.mark.django_db
def test_on_an_outage_the_common_list_still_refuses(path, outage, caplog):
    response = path.attempt(COMMON)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [(error["code"], error["param"]) for error in response.json()["errors"]] == [
        ("password_too_common", path.field)
    ]
    assert not path.took(COMMON)


@pytest.mark.django_db
def test_on_an_outage_an_uncommon_password_is_accepted_and_the_fallback_logged_without_it(path, outage, caplog):
    digest = hashlib.sha1(BREACHED.encode(), usedforsecurity=False).hexdigest().upper()

    with caplog.at_level(logging.WARNING):
        response = path.attempt(BREACHED)

    assert response.status_code < HTTPStatus.BAD_REQUEST
    assert path.took(BREACHED)
    logged = [record.getMessage() for record in caplog.records if record.name.startswith("pwned_passwords_django")]
    assert any("Falling back to Django CommonPasswordValidator" in line for line in logged)
    assert not [line for line in caplog.messages if BREACHED in line or digest[5:] in line.upper()]


@pytest.mark.django_db
def test_with_the_check_off_nothing_is_asked(api_client, breach_range, settings):
    settings.BREACHED_PASSWORDS_URL = ""

    response = api_client.post("/api/auth/register/", {"email": NEWCOMER, "name": "Bea", "password": BREACHED})

    assert response.status_code == HTTPStatus.CREATED
    assert breach_range.requests == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "de",
            "Dieses Passwort ist bei einem Datenleck bekannt geworden und kann hier nicht verwendet werden. "
            "Wählen Sie ein anderes.",
        ),
        ("ar", "ظهرت كلمة المرور هذه في تسريب بيانات ولا يمكن استخدامها هنا. اختر كلمة مرور أخرى."),
    ],
)
def test_the_breach_error_speaks_the_request_language(api_client, breach_range, language, message):
    response = api_client.post(
        "/api/auth/register/",
        {"email": NEWCOMER, "name": "Bea", "password": BREACHED},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert [error["message"] for error in response.json()["errors"]] == [message]


@pytest.mark.django_db
def test_the_admin_forms_refuse_a_breached_password(breach_range, user):
    create = UserCreationAdminForm(
        data={"email": NEWCOMER, "name": "Bea", "password1": BREACHED, "password2": BREACHED, "usable_password": "true"}
    )
    change = AdminPasswordChangeForm(user, data={"password1": BREACHED, "password2": BREACHED})

    for form in (create, change):
        assert not form.is_valid()
        assert [error.code for error in form.errors.as_data()["password2"]] == ["password_compromised"]


@pytest.mark.parametrize(
    ("debug", "url"),
    [("false", "https://api.pwnedpasswords.com/range/"), ("true", "")],
    ids=["production", "development"],
)
def test_the_check_is_on_by_default_in_production_and_off_in_development(debug, url):
    result = _run_python(
        "import django; django.setup(); from accounts.conf import app_settings as s;"
        " print(repr(s.breached_passwords_url), s.breached_passwords_timeout)",
        DJANGO_DEBUG=debug,
        DJANGO_SECRET_KEY=GOOD_SECRET * 2,
        JWT_SIGNING_KEY=GOOD_JWT_KEY * 2,
    )

    assert result.stdout.split() == [repr(url), "1.0"], result.stderr
