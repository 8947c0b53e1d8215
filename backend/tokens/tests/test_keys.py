from datetime import timedelta
from http import HTTPStatus

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from core.context import RequestContext
from tokens.models import SigningKey
from usersessions.services import session_start

ME = "/api/auth/me/"


def _me(access: str) -> int:
    return APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {access}").status_code


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/auth/jwks/", "/.well-known/jwks.json"])
def test_jwks_publishes_the_public_key_that_verifies_our_tokens(path, user):
    pair = session_start(user=user, context=RequestContext())

    response = APIClient().get(path)

    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "public, max-age=300"
    keys = response.json()["keys"]
    assert all("d" not in key for key in keys)  # no private part
    kid = jwt.get_unverified_header(pair.access)["kid"]
    [key] = [key for key in keys if key["kid"] == kid]
    claims = jwt.decode(
        pair.access, jwt.PyJWK(key).key, algorithms=["ES256"], audience="latchkey-api", issuer="latchkey"
    )
    assert claims["token_type"] == "access"


@pytest.mark.django_db
def test_rotation_signs_with_a_new_key_and_old_tokens_stay_valid(user, capsys):
    before = session_start(user=user, context=RequestContext())

    call_command("rotate_signing_key")
    after = session_start(user=user, context=RequestContext())

    assert "New signing key" in capsys.readouterr().out
    assert jwt.get_unverified_header(before.access)["kid"] != jwt.get_unverified_header(after.access)["kid"]
    assert _me(before.access) == _me(after.access) == HTTPStatus.OK
    assert len(APIClient().get("/api/auth/jwks/").json()["keys"]) == 2


@pytest.mark.django_db
def test_keys_retired_longer_than_any_token_lives_are_pruned_and_stop_verifying(user):
    before = session_start(user=user, context=RequestContext())
    call_command("rotate_signing_key")
    SigningKey.objects.filter(retired_at__isnull=False).update(retired_at=timezone.now() - timedelta(days=60))

    call_command("cleanup_sessions")

    assert SigningKey.objects.count() == 1
    from tokens.keyring import keyring

    keyring.clear()
    assert _me(before.access) == HTTPStatus.UNAUTHORIZED


@pytest.mark.django_db
def test_private_keys_are_stored_encrypted(user):
    session_start(user=user, context=RequestContext())

    key = SigningKey.objects.get()
    assert "PRIVATE KEY" not in key.private_key_encrypted
    assert "d" not in key.public_jwk
