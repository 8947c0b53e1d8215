"""Health, schema, docs, configuration safety and client-address handling."""

import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from core.client_ip import client_ip

BACKEND = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_health_checks_the_database(client):
    response = client.get("/api/health/")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok", "revocation_check": "lookup"}


@pytest.mark.django_db
def test_health_answers_503_json_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)

    response = client.get("/api/health/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["errors"][0]["code"] == "service_unavailable"
    assert "connection refused" not in response.content.decode()


def test_openapi_schema_lists_every_auth_path(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == HTTPStatus.OK
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/auth/register/",
        "/api/auth/login/",
        "/api/auth/refresh/",
        "/api/auth/logout/",
        "/api/auth/me/",
        "/api/health/",
    } <= set(schema["paths"])


def test_interactive_docs_are_served_with_local_assets(client):
    response = client.get("/api/docs/")

    assert response.status_code == HTTPStatus.OK
    assert b"swagger-ui" in response.content
    assert b"cdn.jsdelivr" not in response.content


def _run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "JWT_", "BREACHED_"))}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=BACKEND,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


GOOD_SECRET = "s3cr3t-" + "Zx8Qp2Lm7Vn4Rt6Yb1Wc9Kd5Hf3Gj0Sa"
GOOD_JWT_KEY = "jwtkey-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv"
SETUP = "import django; django.setup(); print('started')"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY is insecure"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + "a1b2c3d4e5" * 5}, "DJANGO_SECRET_KEY is insecure"),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET * 2}, "JWT_SIGNING_KEY must be set"),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET * 2, "JWT_SIGNING_KEY": GOOD_SECRET * 2}, "must differ"),
    ],
)
def test_production_refuses_to_start_without_safe_secrets(env, message):
    result = _run_python(SETUP, DJANGO_DEBUG="false", **env)

    assert result.returncode != 0
    assert message in result.stderr
    assert "started" not in result.stdout


def test_production_deploy_check_is_clean():
    # The static files manifest is a build artifact (the image runs collectstatic), which this tree may lack.
    result = _run_python(
        "import sys; from django.conf import settings; from django.core.management import execute_from_command_line"
        " as run; settings.SILENCED_SYSTEM_CHECKS = ['core.W001'];"
        " run(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=GOOD_SECRET * 2,
        JWT_SIGNING_KEY=GOOD_JWT_KEY * 2,
        DJANGO_ALLOWED_HOSTS="api.example.com",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_starts_without_any_configuration():
    result = _run_python(SETUP, DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr


def _request(remote_addr: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


@override_settings(TRUSTED_PROXIES=[])
def test_client_ip_ignores_forwarded_for_when_no_proxy_is_trusted():
    assert client_ip(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.1", "203.0.113.1"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # the client cannot prepend its own choice
        ("10.0.0.2", "203.0.113.1, 10.0.0.9", "203.0.113.1"),  # several of our proxies in a row
        ("10.0.0.2", "not-an-ip", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),  # forwarded header from a stranger is ignored
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(remote, forwarded, expected):
    assert client_ip(_request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("address", "identity"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::1", "::/64"),
        ("", ""),
        (None, ""),
        ("not an address", "not an address"),
    ],
)
def test_rate_limit_identity_counts_ipv6_per_64(address, identity):
    from core.client_ip import rate_limit_identity

    assert rate_limit_identity(address) == identity
