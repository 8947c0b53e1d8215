"""DJANGO_ADMIN_REQUIRE_MFA: the admin's sign-in asks staff for their second factor."""

import pytest

from mfa.tests.conftest import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(person: Person, settings) -> Person:
    settings.ADMIN_REQUIRE_MFA = True
    person.user.is_staff = True
    person.user.is_superuser = True
    person.user.save(update_fields=["is_staff", "is_superuser"])
    return person


def _admin_login(client, otp: str) -> object:
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "mia@example.com", "password": "quiet meadow lantern 42", "otp": otp},
    )


def test_the_form_asks_for_the_code(client, staff: Person) -> None:
    assert 'name="otp"' in client.get("/admin/login/").content.decode()


def test_staff_without_an_authenticator_app_are_refused(client, staff: Person) -> None:
    response = _admin_login(client, "")
    assert response.status_code == 200
    assert "Set up an authenticator app" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("otp", ["", "000000", "abcd-efgh-jkmn"])
def test_a_missing_or_wrong_code_is_refused(client, staff: Person, otp: str) -> None:
    staff.enable_totp()
    response = _admin_login(client, otp)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_right_code_or_a_recovery_code_signs_in(client, staff: Person) -> None:
    staff.enable_totp()
    code = staff.totp_code(1)  # the next step: this one was used to turn the app on
    response = _admin_login(client, code)
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()
    response = _admin_login(client, (staff.recovery_codes or [])[0])
    assert response.status_code == 302


def test_off_the_admin_signs_in_with_the_password(client, person: Person, settings) -> None:
    settings.ADMIN_REQUIRE_MFA = False
    person.user.is_staff = True
    person.user.save(update_fields=["is_staff"])
    assert 'name="otp"' not in client.get("/admin/login/").content.decode()
    assert _admin_login(client, "").status_code == 302
