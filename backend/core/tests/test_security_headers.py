"""CSP and COOP on what Django serves, no 5xx for any method on any path, the admin and docs switches, and static
files with or without collectstatic's manifest."""

import importlib
import re
from http import HTTPStatus

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

from core.tests.test_platform import GOOD_JWT_KEY, GOOD_SECRET, _run_python

METHODS = [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "FOO",
    "PROPFIND",
    "MKCOL",
    "M-SEARCH",
    "get",
    "X" * 200,
]
PATHS = [
    "/api/auth/login/",
    "/api/auth/me/",
    "/api/auth/sessions/",
    "/api/health/",
    "/api/schema/",
    "/api/docs/",
    "/api/no-such-endpoint/",
    "/admin/",
    "/admin/login/",
    "/admin/logout/",
    "/admin/accounts/user/",
    "/admin/no-such-page/",
    "/static/admin/css/base.css",
    "/static/no-such-file.css",
    "/.well-known/jwks.json",
    "/",
    "/no-such-path",
    "/login",
    "/%2e%2e/etc/passwd",
    "/admin",
    "/api/docs",
    "/api/auth/login",
    "/%ff",
    "//",
    "/admin/login/%00",
    "/static/",
    "/static/admin/",
    "/static/../config/settings/base.py",
    "/.well-known/",
    "/admin/jsi18n/",
]


@pytest.fixture
def urls_with():
    """`urls_with(ADMIN_ENABLED=False)`: settings overridden and config.urls re-imported (the switches are read at
    import); both undone afterwards, in that order. Call it before changing other settings in the same test: undoing
    restores the settings it saw."""
    import config.urls

    overrides = []

    def apply(**values: object) -> None:
        override = override_settings(**values)
        override.enable()
        overrides.append(override)
        importlib.reload(config.urls)
        clear_url_caches()

    yield apply
    for override in reversed(overrides):
        override.disable()
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("path", PATHS)
def test_no_method_on_any_path_answers_5xx(client, method, path):
    response = client.generic(method, path, HTTP_ORIGIN="https://evil.example")

    assert response.status_code < 500, (method, path, response.status_code)
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"]
    if response.status_code >= 400 and method != "HEAD" and not path.startswith("/static/"):
        assert response["Content-Type"] == "application/json", (method, path, response["Content-Type"])


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/"])
def test_html_pages_carry_a_nonce_based_csp_and_coop_same_origin(client, path):
    first, second = client.get(path), client.get(path)

    assert first.status_code == HTTPStatus.OK
    assert first["Content-Type"].startswith("text/html")
    assert first["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = _directives(first)
    nonce = re.fullmatch(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{22,})'", directives["script-src"]).group(1)
    assert nonce not in second["Content-Security-Policy"]
    for name in ("object-src", "base-uri", "frame-ancestors"):
        assert directives[name] == f"{name} 'none'"
    assert "unsafe-eval" not in directives["script-src"]
    # Every script on the page is external from this origin, or carries this response's nonce.
    for tag in re.findall(r"<script\b[^>]*>", first.content.decode()):
        assert f'nonce="{nonce}"' in tag or re.search(r'src="/', tag), tag


@pytest.mark.django_db
def test_json_answers_carry_a_deny_all_csp(client):
    response = client.get("/api/health/")

    assert _directives(response)["default-src"] == "default-src 'none'"
    assert _directives(response)["frame-ancestors"] == "frame-ancestors 'none'"


# --- switches -------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_with_the_admin_off_its_paths_are_404_json(client, urls_with):
    urls_with(ADMIN_ENABLED=False)

    for path in ("/admin/", "/admin/login/", "/admin/accounts/user/"):
        for method in ("GET", "POST"):
            response = client.generic(method, path)
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_the_admin_can_be_moved(client, urls_with):
    urls_with(ADMIN_PATH="staff-7f3a")

    assert client.get("/admin/login/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/staff-7f3a/login/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_the_moved_admin_keeps_the_login_limits(client, urls_with, throttle_rates):
    urls_with(ADMIN_PATH="staff-7f3a")  # first: its teardown restores what it saw, so it must see the original
    throttle_rates(login="2/min")

    statuses = [client.post("/staff-7f3a/login/", {"username": f"u{i}@example.com", "password": "x"}) for i in range(3)]

    assert [r.status_code for r in statuses] == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]


@pytest.mark.django_db
def test_with_docs_off_schema_and_docs_are_404_json(client, urls_with):
    urls_with(API_DOCS=False)

    for path in ("/api/docs/", "/api/schema/"):
        response = client.get(path)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response["Content-Type"] == "application/json"


SETTINGS_OF = (
    "import django; django.setup(); from django.conf import settings as s;"
    " print(s.API_DOCS, s.ADMIN_ENABLED, s.ADMIN_PATH)"
)
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": GOOD_SECRET * 2, "JWT_SIGNING_KEY": GOOD_JWT_KEY * 2}


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        (PRODUCTION, "False True admin"),
        ({"DJANGO_DEBUG": "true"}, "True True admin"),
        ({**PRODUCTION, "DJANGO_API_DOCS": "true"}, "True True admin"),
        ({"DJANGO_DEBUG": "true", "DJANGO_API_DOCS": "false"}, "False True admin"),
        ({**PRODUCTION, "DJANGO_ADMIN_ENABLED": "false"}, "False False admin"),
        ({**PRODUCTION, "DJANGO_ADMIN_PATH": "staff-admin_2"}, "False True staff-admin_2"),
    ],
)
def test_docs_are_off_by_default_without_debug_and_switchable(env, printed):
    result = _run_python(SETTINGS_OF, **env)

    assert result.stdout.strip() == printed, result.stderr


@pytest.mark.parametrize(
    "value",
    [
        "/admin",
        "admin/",
        "//evil.example",
        "/",
        "a/b",
        "..",
        ".",
        "%2e%2e",
        "admin\\",
        "\\admin",
        "admin?x=1",
        "admin#x",
        " admin",
        "admin ",
        "api",
        "static",
        "-admin",
        "_admin",
        "ädmin",
        "admin\n",
        "x" * 65,
        "@evil",
    ],
)
def test_an_admin_path_that_is_not_one_plain_segment_refuses_to_start(value):
    result = _run_python(SETUP_ONLY, **PRODUCTION, DJANGO_ADMIN_PATH=value)

    assert result.returncode != 0
    assert "DJANGO_ADMIN_PATH" in result.stderr
    assert "started" not in result.stdout


SETUP_ONLY = "import django; django.setup(); print('started')"


# --- static files -----------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/"])
def test_pages_render_without_a_static_manifest(client, settings, tmp_path, path):
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran here

    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    assert "/static/" in response.content.decode()


def test_static_names_are_hashed_once_collectstatic_wrote_a_manifest(settings, tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    with override_settings(STATIC_ROOT=tmp_path):
        assert staticfiles_storage.url("admin/css/base.css") == "/static/admin/css/base.css"
        call_command("collectstatic", "--noinput", "-v0", "-i", "drf-yasg", "-i", "swagger-ui-dist", "-i", "redoc")
    with override_settings(STATIC_ROOT=tmp_path):
        assert re.fullmatch(r"/static/admin/css/base\.[0-9a-f]{12}\.css", staticfiles_storage.url("admin/css/base.css"))


def test_a_server_without_the_manifest_serves_the_assets_it_links(tmp_path):
    """A fresh process with debug off and no collectstatic: the admin's stylesheet link resolves (WhiteNoise)."""
    code = (
        "import re, django; django.setup(); from django.test import Client;"
        "c = Client(); page = c.get('/admin/login/');"
        'href = re.search(r\'href="(/static/admin/css/base[^"]*)"\', page.content.decode()).group(1);'
        "print(page.status_code, c.get(href).status_code, href.endswith('.css'))"
    )
    result = _run_python(code, **PRODUCTION, DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="false")

    assert result.stdout.strip().splitlines()[-1] == "200 200 True", result.stderr


def test_the_manifest_check_warns_only_when_it_is_missing_and_debug_is_off(settings):
    from core.checks import static_manifest_check

    settings.DEBUG, settings.STATIC_MANIFEST_PRESENT = False, False
    assert [w.id for w in static_manifest_check(None)] == ["core.W001"]
    settings.STATIC_MANIFEST_PRESENT = True
    assert static_manifest_check(None) == []
