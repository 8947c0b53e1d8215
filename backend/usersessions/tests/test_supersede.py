"""A new sign-in from a browser that still holds a session ends that session first."""

from datetime import timedelta
from http import HTTPStatus

import jwt
import pyotp
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import SecurityEvent
from core.context import RequestContext
from usersessions import services
from usersessions.models import RevocationReason, Session

LOGIN = "/api/auth/login/"
REGISTER = "/api/auth/register/"
REFRESH = "/api/auth/refresh/"
ME = "/api/auth/me/"


def _sid(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


def _login(user, password, **extra):
    response = APIClient().post(LOGIN, {"email": user.email, "password": password, **extra})
    assert response.status_code == HTTPStatus.OK, response.json()
    return response.json()


def _dead(pair: dict) -> bool:
    me = APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    return me.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("held", "rotate_first"),
    [("current refresh token", False), ("rotated-out token, successor never received", True)],
)
def test_login_with_the_held_refresh_token_ends_that_session(user, user_password, held, rotate_first):
    old = _login(user, user_password)
    if rotate_first:
        assert APIClient().post(REFRESH, {"refresh": old["refresh"]}).status_code == HTTPStatus.OK

    new = _login(user, user_password, refresh=old["refresh"])

    assert _dead(old)
    assert not _dead(new)
    assert APIClient().post(REFRESH, {"refresh": old["refresh"]}).status_code == HTTPStatus.UNAUTHORIZED
    assert Session.objects.get(pk=_sid(old["refresh"])).revoked_reason == "superseded"
    live = [str(pk) for pk in Session.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True)]
    assert live == [_sid(new["refresh"])]
    assert not SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "junk",
    ["", "not a token", "x" * 4096, "eyJhbGciOiJub25lIn0.eyJzaWQiOiIxIn0.", "a.b.c", "\u00e9\u00e9"],
    ids=["empty", "text", "long", "alg-none", "dots", "unicode"],
)
def test_login_ignores_a_refresh_value_that_is_not_a_live_token(user, user_password, junk):
    other = _login(user, user_password)

    new = _login(user, user_password, refresh=junk)

    assert not _dead(other)
    assert not _dead(new)


@pytest.mark.django_db
def test_login_ignores_an_access_token_or_an_ended_session_given_as_refresh(user, user_password):
    first = _login(user, user_password)
    second = _login(user, user_password, refresh=first["access"])
    assert not _dead(first)
    APIClient().post("/api/auth/logout/", {"refresh": first["refresh"]})

    third = _login(user, user_password, refresh=first["refresh"])

    assert not _dead(second)
    assert not _dead(third)


@pytest.mark.django_db
def test_a_failed_login_leaves_the_held_session_alone(user, user_password):
    old = _login(user, user_password)

    response = APIClient().post(LOGIN, {"email": user.email, "password": "wrong password 1", "refresh": old["refresh"]})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert not _dead(old)


@pytest.mark.django_db
def test_signing_up_from_a_browser_that_holds_a_session_ends_it(user, user_password):
    old = _login(user, user_password)

    response = APIClient().post(
        REGISTER,
        {
            "email": "bea@example.com",
            "password": "correct horse battery staple",
            "name": "Bea",
            "refresh": old["refresh"],
        },
    )

    assert response.status_code == HTTPStatus.CREATED
    assert _dead(old)
    assert not _dead(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("value", [1, None, ["x"], {"a": 1}, True])
def test_a_refresh_value_of_the_wrong_type_is_a_400_on_refresh(user, user_password, value):
    old = _login(user, user_password)

    response = APIClient().post(
        LOGIN, {"email": user.email, "password": user_password, "refresh": value}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e["param"] for e in response.json()["errors"]] == ["refresh"]
    assert not _dead(old)


# ---- a late refresh from the device that replaced its own session (SessionSupersededError) --------------------------
# A device that replaces its session (a new sign-in in the same browser, a re-authentication, a second factor or a
# password changed there) holds the new pair, but requests it sent just before can still present the old refresh
# token, and with several Next.js replicas they can reach one that never saw the change. Within the grace window
# Django tells such a refresh apart (401 session_superseded, no tokens), so the replica writes no cookie; a session
# ended any other way stays token_not_valid, which signs its device out.
NEW_PASSWORD = "violet harbour kettle 77"


def _bearer(pair: dict) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    return client


def _answer(response) -> dict:
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.json()
    return response.json()


def _sign_in_again(user, password, old):
    return _login(user, password, refresh=old["refresh"])


def _sign_up_again(user, password, old):
    body = {"email": "second@example.com", "password": NEW_PASSWORD, "name": "Second", "refresh": old["refresh"]}
    return _answer(APIClient().post(REGISTER, body, format="json"))


def _change_password(user, password, old):
    body = {"current_password": password, "new_password": NEW_PASSWORD}
    return _answer(_bearer(old).post("/api/auth/password/change/", body, format="json"))


def _reauthenticate(user, password, old):
    return _answer(_bearer(old).post("/api/auth/reauthenticate/", {"password": password}, format="json"))


def _turn_on_totp(user, password, old):
    client = _bearer(old)
    secret = _answer(client.post("/api/auth/mfa/totp/setup/"))["secret"]
    return _answer(client.post("/api/auth/mfa/totp/confirm/", {"code": pyotp.TOTP(secret).now()}, format="json"))


REPLACEMENTS = [_sign_in_again, _sign_up_again, _change_password, _reauthenticate, _turn_on_totp]


def _refresh_with(refresh: str):
    return APIClient().post(REFRESH, {"refresh": refresh}, format="json")


def _code(response) -> str:
    return response.json()["errors"][0]["code"]


def _rotated(pair: dict, times: int) -> list[dict]:
    """`pair` and the `times` pairs each refresh hands out after it, oldest first."""
    pairs = [pair]
    for _ in range(times):
        pairs.append(_answer(_refresh_with(pairs[-1]["refresh"])))
    return pairs


@pytest.mark.django_db
@pytest.mark.parametrize("rotations", [0, 1, 2], ids=["never refreshed", "refreshed once", "refreshed twice"])
@pytest.mark.parametrize("replace", REPLACEMENTS, ids=lambda f: f.__name__.strip("_"))
def test_a_late_refresh_of_a_session_its_device_replaced_is_told_apart(user, user_password, replace, rotations):
    pairs = _rotated(_login(user, user_password), rotations)
    new = replace(user, user_password, pairs[-1])

    # Every token of the replaced session, the current one and any a request sent earlier may carry, twice: being
    # told changes nothing.
    for attempt, pair in enumerate(pairs + pairs):
        late = _refresh_with(pair["refresh"])
        assert late.status_code == HTTPStatus.UNAUTHORIZED, attempt
        assert _code(late) == "session_superseded"
        assert "access" not in late.json()
        assert "refresh" not in late.json()
    assert _dead(pairs[-1])
    assert not _dead(new)
    assert _refresh_with(new["refresh"]).status_code == HTTPStatus.OK
    assert not SecurityEvent.objects.filter(kind="refresh_reuse_detected").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("replace", REPLACEMENTS, ids=lambda f: f.__name__.strip("_"))
def test_after_the_grace_window_the_replaced_session_is_just_over(user, user_password, replace, settings):
    old = _login(user, user_password)
    replace(user, user_password, old)
    grace = timedelta(seconds=settings.SESSION_REFRESH_GRACE_SECONDS)
    Session.objects.filter(pk=_sid(old["refresh"])).update(revoked_at=timezone.now() - grace - timedelta(seconds=1))

    late = _refresh_with(old["refresh"])

    assert late.status_code == HTTPStatus.UNAUTHORIZED
    assert _code(late) == "token_not_valid"


def _logged_out(user, password, old, other):
    assert APIClient().post("/api/auth/logout/", {"refresh": old["refresh"]}).status_code == HTTPStatus.NO_CONTENT


def _revoked_from_another_session(user, password, old, other):
    response = _bearer(other).delete(f"/api/auth/sessions/{_sid(old['refresh'])}/")
    assert response.status_code == HTTPStatus.NO_CONTENT


def _password_changed_on_another_device(user, password, old, other):
    _change_password(user, password, other)


def _others_signed_out(user, password, old, other):
    _answer(_bearer(other).post("/api/auth/sessions/revoke-others/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "end",
    [
        _logged_out,
        _revoked_from_another_session,
        _password_changed_on_another_device,
        _others_signed_out,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_session_ended_any_other_way_is_not_superseded(user, user_password, end):
    old = _login(user, user_password)
    other = _login(user, user_password)
    end(user, user_password, old, other)

    late = _refresh_with(old["refresh"])

    assert late.status_code == HTTPStatus.UNAUTHORIZED
    assert _code(late) == "token_not_valid"


# ---- a proof of identity does not bring back a session that ended while the request ran ----------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("reason", [r for r in RevocationReason if r.value not in set(services._credential_changes())])
def test_a_session_ended_otherwise_while_the_request_ran_does_not_go_on(user, user_password, reason):
    """A re-authentication (or a factor's change) in flight when the session is signed out from elsewhere: the
    request authenticated before the ending, its proof checks out after it, and no successor may start."""
    pair = _login(user, user_password)
    sid = _sid(pair["refresh"])
    Session.objects.filter(pk=sid).update(revoked_at=timezone.now(), revoked_reason=reason)
    sessions_before = Session.objects.count()

    with pytest.raises(services.SessionEndedError):
        services.session_continue(user=user, context=RequestContext(session_id=sid))

    assert Session.objects.count() == sessions_before
    assert Session.objects.get(pk=sid).superseded_by is None
    assert _code(_refresh_with(pair["refresh"])) == "token_not_valid"


@pytest.mark.django_db
@pytest.mark.parametrize("reason", services._credential_changes())
def test_a_session_a_change_of_credentials_just_ended_goes_on(user, user_password, reason):
    pair = _login(user, user_password)
    sid = _sid(pair["refresh"])
    Session.objects.filter(pk=sid).update(revoked_at=timezone.now(), revoked_reason=reason)

    new = services.session_continue(user=user, context=RequestContext(session_id=sid))

    assert not _dead({"access": new.access})
    assert str(Session.objects.get(pk=sid).superseded_by) == new.session_id
    assert Session.objects.get(pk=sid).revoked_reason == reason
    assert _code(_refresh_with(pair["refresh"])) == "session_superseded"
