import json
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.utils import timezone
from rest_framework import serializers

from accounts.api.serializers import UserOutputSerializer
from accounts.tests.factories import UserFactory

URL = "/api/auth/me/"


@pytest.mark.django_db
def test_me_returns_the_signed_in_user(auth_client, user):
    response = auth_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
        "email_verified": False,
        "language": "en",
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not.a.jwt", "Basic YTpi", "Token abc"])
def test_me_without_valid_bearer_token_returns_401_with_www_authenticate(api_client, header):
    if header:
        api_client.credentials(HTTP_AUTHORIZATION=header)

    response = api_client.get(URL)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["status"] == 401


@pytest.mark.django_db
def test_patch_me_updates_the_name_only(auth_client, user):
    response = auth_client.patch(URL, {"name": "Ann Renamed", "email": "evil@example.com"})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["name"] == "Ann Renamed"
    user.refresh_from_db()
    assert (user.name, user.email) == ("Ann Renamed", "ann@example.com")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "code"), [("", "blank"), ("x" * 151, "max_length"), (None, "null"), ([], "invalid")])
def test_patch_me_with_bad_name_returns_400_and_changes_nothing(auth_client, user, name, code):
    response = auth_client.patch(URL, {"name": name})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    [error] = response.json()["errors"]
    assert (error["code"], error["param"]) == (code, "name")
    user.refresh_from_db()
    assert user.name == "Ann Example"


@pytest.mark.django_db
def test_patch_me_requires_authentication(api_client):
    assert api_client.patch(URL, {"name": "x"}).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar", "en"])
def test_patch_me_sets_the_language_of_the_accounts_mail(auth_client, user, language):
    response = auth_client.patch(URL, {"language": language})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["language"] == language
    user.refresh_from_db()
    assert (user.language, user.name) == (language, "Ann Example")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({"language": "fr"}, "invalid_choice", "language"),
        ({"language": "de-AT"}, "invalid_choice", "language"),  # a stored language is one of LANGUAGES exactly
        ({"language": ""}, "invalid_choice", "language"),
        ({"language": None}, "null", "language"),
        ({"language": ["de"]}, "invalid_choice", "language"),
        ({}, "required", "name"),
    ],
)
def test_patch_me_with_an_unknown_language_returns_400_and_changes_nothing(auth_client, user, body, code, param):
    response = auth_client.patch(URL, body)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    [error] = response.json()["errors"]
    assert (error["code"], error["param"]) == (code, param)
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
def test_patch_me_changes_name_and_language_together(auth_client, user):
    response = auth_client.patch(URL, {"name": "Ann Neu", "language": "de"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == HTTPStatus.OK
    user.refresh_from_db()
    assert (user.name, user.language) == ("Ann Neu", "de")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "zone"),
    [
        ({}, "UTC"),
        ({"name": "Zoë Ångström 名前", "language": "de", "email_verified": False}, "UTC"),
        ({"date_joined": datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)}, "UTC"),
        ({"date_joined": datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)}, "Asia/Kolkata"),
        ({"date_joined": datetime(2025, 3, 30, 1, 30, tzinfo=UTC), "language": ""}, "Europe/Berlin"),
        ({"name": "", "email": "a@b.example"}, "America/St_Johns"),
    ],
)
def test_user_output_matches_drf(fields, zone):
    """The directly built output of UserOutputSerializer (what GET /me/ returns) equals what DRF's generic
    ModelSerializer makes of the same user, key order included, in any current time zone."""
    user = UserFactory(**fields)
    user.refresh_from_db()
    serializer = UserOutputSerializer()
    with timezone.override(zone):
        fast = serializer.to_representation(user)
        generic = serializers.ModelSerializer.to_representation(serializer, user)
    assert list(fast) == UserOutputSerializer.Meta.fields
    assert json.dumps(fast) == json.dumps(generic)
