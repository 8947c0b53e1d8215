"""Property-based tests of the input layer: whatever a client sends in any field of any write endpoint, the answer
is never a 5xx, always the one error shape, and a refused request writes nothing.

Bounded (HYPOTHESIS_MAX_EXAMPLES, default 25 per endpoint) so the suite stays quick; deadline=None because
password hashing makes single examples slow on purpose.
"""

import json
import os
from http import HTTPStatus

import pytest
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.context import RequestContext
from usersessions.models import Session
from usersessions.services import session_start

MAX_EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "25"))

# Any code point, lone surrogates included (JSON can carry them as \ud800), any length around the limits.
any_text = st.text(st.characters(exclude_categories=()), max_size=1100) | st.text(
    st.sampled_from("aZ9 .@-_'\"\\\x00\n\u0130\u212a\ufeff\u200b😀"), min_size=0, max_size=300
)
emails = st.emails() | st.builds(lambda local, domain: f"{local}@{domain}", any_text, any_text)
tokens = any_text | st.text("abcdefABCDEF0123456789-_.", max_size=600)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3), max_leaves=6
)


def field(values: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a string of the right kind; sometimes any other JSON value, sometimes missing."""
    return st.one_of(values, values, json_values)


def body(**fields: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={name: field(values) for name, values in fields.items()}) | json_values


ENDPOINTS = {
    "/api/auth/register/": body(email=emails, password=any_text, name=any_text),
    "/api/auth/login/": body(email=emails, password=any_text),
    "/api/auth/refresh/": body(refresh=tokens),
    "/api/auth/logout/": body(refresh=tokens),
    "/api/auth/email/verify/": body(key=tokens),
    "/api/auth/email/change/confirm/": body(key=tokens),
    "/api/auth/password/reset/": body(email=emails),
    "/api/auth/password/reset/confirm/": body(uid=tokens, token=tokens, new_password=any_text),
    # Signed in: the current password is never guessed, so these always fail and must write nothing.
    "/api/auth/password/change/": body(current_password=any_text, new_password=any_text),
    "/api/auth/email/change/": body(new_email=emails, current_password=any_text),
    "PATCH /api/auth/me/": body(name=any_text),
    "DELETE /api/auth/me/": body(current_password=any_text),
}
SIGNED_IN = {"/api/auth/password/change/", "/api/auth/email/change/", "PATCH /api/auth/me/", "DELETE /api/auth/me/"}


def snapshot() -> tuple:
    users = tuple(User.objects.order_by("pk").values_list("pk", "email", "name", "password", "is_active"))
    sessions = tuple(Session.objects.order_by("pk").values_list("pk", "refresh_jti", "revoked_at"))
    return users, sessions, DBTaskResult.objects.count()


def assert_error_shape(response) -> None:
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["status"] == response.status_code
    assert data["errors"]
    for error in data["errors"]:
        assert set(error) <= {"code", "message", "param"}
        assert isinstance(error["code"], str)
        assert isinstance(error["message"], str)
        assert error["code"]
        assert error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_any_input_is_answered_without_5xx_and_refusals_write_nothing(endpoint):
    method, _, url = endpoint.rpartition(" ")
    user = UserFactory(email="owner@example.com", name="Owner")
    client = APIClient()
    if endpoint in SIGNED_IN:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_start(user=user, context=RequestContext()).access}")

    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(payload=ENDPOINTS[endpoint])
    def check(payload):
        before = snapshot()
        response = client.generic(method or "POST", url, json.dumps(payload), content_type="application/json")

        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (response.status_code, payload)
        if response.status_code >= HTTPStatus.BAD_REQUEST:
            assert_error_shape(response)
            assert snapshot() == before, f"{response.status_code} for {payload!r} changed stored data"

    check()
    # The account the signed-in requests ran under is intact: its password still signs in.
    assert User.objects.get(pk=user.pk).check_password(DEFAULT_PASSWORD)
