"""GET /metrics (core.middleware.MetricsEndpointMiddleware) and the counters behind it (core.metrics)."""

import os
import subprocess
import sys
import textwrap
from http import HTTPStatus
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from accounts.tests.factories import DEFAULT_PASSWORD

TOKEN = "metrics-token-" + "Zx81Qw" * 6
LOGIN = "/api/auth/login/"


def _samples(body: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def _scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    return _samples(response.content)


def _value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN


@pytest.mark.django_db
def test_metrics_are_not_found_while_no_token_is_configured(api_client, settings):
    settings.METRICS_TOKEN = ""
    response = api_client.get("/metrics", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"status": 404, "errors": [{"code": "not_found", "message": "Not found."}]}


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
@pytest.mark.django_db
def test_metrics_without_the_right_bearer_token_are_refused(api_client, metrics_on, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = api_client.get("/metrics", **headers)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert b"latchkey_" not in response.content


@pytest.mark.django_db
def test_metrics_answer_a_scraper_whatever_its_host_header(client, metrics_on):
    # Prometheus scrapes the pod IP, which is not in ALLOWED_HOSTS.
    response = client.get("/metrics", HTTP_HOST="10.1.2.3:8000", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_with_a_metrics_port_only_that_port_serves_metrics_and_nothing_else(client, metrics_on, settings):
    settings.METRICS_PORT = 9100
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    assert client.get("/metrics", SERVER_PORT="9100", **bearer).status_code == HTTPStatus.OK
    assert client.get("/api/health/", SERVER_PORT="9100", **bearer).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/api/health/live", SERVER_PORT="9100").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/metrics", SERVER_PORT="8000", **bearer).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/api/health/", SERVER_PORT="8000").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_logins_move_the_security_and_request_counters(api_client, metrics_on, user):
    before = _scrape(api_client)
    failed = api_client.post(LOGIN, {"email": user.email, "password": "not-the-password-1"}, format="json")
    succeeded = api_client.post(LOGIN, {"email": user.email, "password": DEFAULT_PASSWORD}, format="json")
    assert (failed.status_code, succeeded.status_code) == (HTTPStatus.UNAUTHORIZED, HTTPStatus.OK)
    refreshed = api_client.post("/api/auth/refresh/", {"refresh": succeeded.json()["refresh"]}, format="json")
    assert refreshed.status_code == HTTPStatus.OK
    after = _scrape(api_client)

    def moved(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert moved("latchkey_security_events_total", kind="login_failed") == 1
    assert moved("latchkey_security_events_total", kind="login_succeeded") == 1
    assert moved("latchkey_token_refreshes_total", result="rotated") == 1
    assert moved("latchkey_http_requests_total", method="POST", route=LOGIN, status="401") == 1
    assert moved("latchkey_http_requests_total", method="POST", route=LOGIN, status="200") == 1
    assert moved("latchkey_http_request_duration_seconds_count", method="POST", route=LOGIN) == 2
    # The scrape before this one was counted too, under its own route.
    assert moved("latchkey_http_requests_total", method="GET", route="/metrics", status="200") == 1


@pytest.mark.django_db
def test_a_refresh_token_replayed_after_rotation_counts_as_theft(api_client, metrics_on, tokens, settings):
    settings.SESSION_REFRESH_GRACE_SECONDS = 0
    first = api_client.post("/api/auth/refresh/", {"refresh": tokens.refresh}, format="json").json()
    api_client.post("/api/auth/refresh/", {"refresh": first["refresh"]}, format="json")
    before = _scrape(api_client)
    replay = api_client.post("/api/auth/refresh/", {"refresh": tokens.refresh}, format="json")
    assert replay.status_code == HTTPStatus.UNAUTHORIZED
    after = _scrape(api_client)
    kind = {"kind": "refresh_reuse_detected"}
    assert (
        _value(after, "latchkey_security_events_total", **kind)
        - _value(before, "latchkey_security_events_total", **kind)
        == 1
    )


@pytest.mark.django_db
def test_rate_limits_count_per_scope(api_client, metrics_on, throttle_rates):
    throttle_rates(login="1/min")
    before = _scrape(api_client)
    for _ in range(3):
        api_client.post(LOGIN, {"email": "x@example.com", "password": "not-the-password-1"}, format="json")
    after = _scrape(api_client)
    assert (
        _value(after, "latchkey_rate_limited_total", scope="login")
        - _value(before, "latchkey_rate_limited_total", scope="login")
        == 1
    )  # once per client and window, however many requests it refused
    assert _value(after, "latchkey_http_requests_total", method="POST", route=LOGIN, status="429") >= 2


@pytest.mark.django_db
def test_the_mail_queue_depth_is_counted_at_scrape_time(api_client, metrics_on, user):
    from django_tasks_db.models import DBTaskResult

    before = _value(_scrape(api_client), "latchkey_mail_queue_depth")
    response = api_client.post("/api/auth/password/reset/", {"email": user.email}, format="json")
    assert response.status_code == HTTPStatus.ACCEPTED
    after = _value(_scrape(api_client), "latchkey_mail_queue_depth")
    assert after == before + 1 == DBTaskResult.objects.filter(status="READY").count()


def test_gunicorn_workers_metrics_add_up_in_multiprocess_mode(tmp_path: Path):
    """Two processes count into one PROMETHEUS_MULTIPROC_DIR (as serve-api's workers do); a scrape from a third sees
    the sum, and the live gauges of a process marked dead (gunicorn's child_exit hook) drop out."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    count = textwrap.dedent(
        """
        import django; django.setup()
        from core import metrics
        metrics.HTTP_REQUESTS.labels("GET", "/api/health/live", "200").inc(int(__import__("sys").argv[1]))
        metrics.REVOCATION_FEED_PROCESSES.labels("memory").set(1)
        print(__import__("os").getpid())
        """
    )
    pids = [
        int(
            subprocess.run(  # noqa: S603  (this interpreter, our own script)
                [sys.executable, "-c", count, n], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
        for n in ("3", "4")
    ]
    scrape = textwrap.dedent(
        """
        import sys, django; django.setup()
        from prometheus_client import multiprocess
        from core.metrics import metrics_exposition
        for pid in sys.argv[1:]:
            multiprocess.mark_process_dead(int(pid))
        sys.stdout.write(metrics_exposition()[0].decode())
        """
    )

    def run_scrape(*dead: int) -> dict:
        out = subprocess.run(  # noqa: S603  (this interpreter, our own script)
            [sys.executable, "-c", scrape, *map(str, dead)], env=env, check=True, capture_output=True, text=True
        )
        return _samples(out.stdout.encode())

    samples = run_scrape()
    labels = {"method": "GET", "route": "/api/health/live", "status": "200"}
    assert _value(samples, "latchkey_http_requests_total", **labels) == 7
    assert _value(samples, "latchkey_revocation_feed_processes", state="memory") == 2
    samples = run_scrape(pids[0])
    assert _value(samples, "latchkey_http_requests_total", **labels) == 7  # counters outlive their process
    assert _value(samples, "latchkey_revocation_feed_processes", state="memory") == 1
