"""Regression tests for defects found by the stress, fuzz and property tests (stress/, test_properties.py)."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.db import OperationalError
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD
from usersessions.models import Session

NEW_PASSWORD = "a different long passphrase 7"


@pytest.mark.django_db
def test_login_whose_password_changed_before_its_session_started_gets_no_session(user):
    """The race stress/test_concurrency.py found on PostgreSQL: a login proved the old password, a password
    change committed and signed out every session, then the login started a session that survived it."""

    def authenticate_then_lose_the_race(request, **credentials):
        proven = authenticate(request, **credentials)
        fresh = User.objects.get(pk=user.pk)
        fresh.set_password(NEW_PASSWORD)
        fresh.save(update_fields=["password"])
        return proven

    with mock.patch("accounts.services.authenticate", authenticate_then_lose_the_race):
        response = APIClient().post("/api/auth/login/", {"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_password_change_checks_the_stored_password_not_a_cached_copy(auth_client, user):
    """request.user can be an older cached copy: a second change with the old password must fail (no lost
    update), and so must any change made after the password changed elsewhere."""
    User.objects.filter(pk=user.pk).update(password="!")  # changed elsewhere (here: to an unusable password)
    stale = User.objects.get(pk=user.pk)
    stale.set_password(DEFAULT_PASSWORD)  # what the cached copy still believes

    with mock.patch("usersessions.authentication.session_user_get", return_value=stale):
        response = auth_client.post(
            "/api/auth/password/change/", {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
        )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"][0]["param"] == "current_password"


@pytest.mark.django_db
def test_registration_is_all_or_nothing(api_client):
    """A database failure after the account row (the session insert) leaves no account behind to block a retry."""
    body = {"email": "half@example.com", "password": "correct horse battery staple", "name": "Half"}

    with mock.patch("accounts.services.session_start", side_effect=OperationalError("connection lost")):
        response = api_client.post("/api/auth/register/", body)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert not User.objects.exists()
    assert api_client.post("/api/auth/register/", body).status_code == HTTPStatus.CREATED


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/auth/register/", "/api/auth/login/", "/api/auth/password/reset/"])
def test_email_longer_than_the_column_once_lower_cased_is_a_400(api_client, url):
    """'İ' lower-cases to two characters: 254 valid characters became 300, past PostgreSQL's varchar(254)."""
    email = "İ" * 100 + "@" + "a" * 140 + ".com"
    assert len(email) <= 254 < len(email.lower())

    response = api_client.post(url, {"email": email, "password": "correct horse battery staple", "name": "N"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"][0]["param"] == "email"
    assert not User.objects.exists()
