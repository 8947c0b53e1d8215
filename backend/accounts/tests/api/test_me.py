from http import HTTPStatus

import pytest

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
