import logging
import secrets
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from core import metrics
from core.api.exception_handler import method_not_allowed, not_authenticated, not_found
from core.client_ip import client_ip, from_trusted_proxy
from core.request_id import REQUEST_ID_HEADER, REQUEST_ID_META, request_id_accept, request_id_bind

request_logger = logging.getLogger("latchkey.request")

# Requests no URL pattern matched: one label value for all of them (the raw path would be one series per path).
UNMATCHED_ROUTE = "unmatched"


def request_route(request: HttpRequest) -> str:
    """The URL pattern that handled the request ("/api/auth/sessions/<uuid:pk>/"), never the path itself: paths may
    hold ids, and metric labels must stay a closed set. Middleware that answers before URL resolution (the health
    probes, the metrics endpoint) names its route in `request.route_label`."""
    match = request.resolver_match
    if match is not None:
        return "/" + match.route
    return str(getattr(request, "route_label", UNMATCHED_ROUTE))


class RequestLogMiddleware:
    """First in the chain: takes the request id (core.request_id) and binds it for every log line of the request,
    returns it in X-Request-ID, and writes one log line and the HTTP metrics per request: method, route pattern,
    status, duration, client address. Never the query string (emailed links carry one-time keys in it), headers
    (Authorization, cookies) or bodies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_accept(request.META.get(REQUEST_ID_META), trusted=from_trusted_proxy(request))
        # Unbound when the response is closed (core.apps), not here: django.request logs a 4xx or 5xx after the
        # outermost middleware has returned, and that line should carry the id too.
        request_id_bind(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        response[REQUEST_ID_HEADER] = request_id
        method, route = metrics.method_label(request.method), request_route(request)
        metrics.HTTP_REQUESTS.labels(method, route, str(response.status_code)).inc()
        metrics.HTTP_REQUEST_DURATION.labels(method, route).observe(elapsed)
        request_logger.info(
            "%s %s %s %.1fms",
            method,
            route,
            response.status_code,
            elapsed * 1000,
            extra={
                "method": method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "client_ip": client_ip(request),
            },
        )
        return response


METRICS_PATH = "/metrics"


@cache
def _scrape_time_collectors() -> tuple[Callable[[], Any], ...]:
    return tuple(import_string(path) for path in settings.METRICS_SCRAPE_COLLECTORS)


class MetricsEndpointMiddleware:
    """GET /metrics for Prometheus: 404 while METRICS_TOKEN is unset, 401 without `Authorization: Bearer
    <METRICS_TOKEN>`; with METRICS_PORT, only on that port, which answers every other path with 404. Answered here,
    like the health probes, before host validation (a scraper sends the pod IP as Host), sessions, CSRF and DRF's
    rate limits (a scraper must never be throttled)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_metrics = request.path_info in (METRICS_PATH, METRICS_PATH + "/")
        # gunicorn sets SERVER_PORT to the listening socket's port (the Host header counts only on Unix sockets).
        on_metrics_port = bool(settings.METRICS_PORT) and request.META.get("SERVER_PORT") == str(settings.METRICS_PORT)
        if not is_metrics and not on_metrics_port:
            return self.get_response(request)
        request.route_label = METRICS_PATH if is_metrics else UNMATCHED_ROUTE  # type: ignore[attr-defined]
        if not settings.METRICS_TOKEN or (is_metrics is not on_metrics_port and bool(settings.METRICS_PORT)):
            return not_found(request)
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed("GET, HEAD")
        if not metrics.metrics_token_matches(request.META.get("HTTP_AUTHORIZATION", "")):
            response = not_authenticated()
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        body, content_type = metrics.metrics_exposition(_scrape_time_collectors())
        return HttpResponse(b"" if request.method == "HEAD" else body, content_type=content_type)


class ApiNoStoreMiddleware:
    """API responses carry tokens and personal data: no browser or proxy may keep a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


# Pages (the admin, the API docs): scripts only from this origin or with this response's nonce, nothing framed.
_HTML_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Everything else (JSON, static files): nothing to run, nothing to frame.
_OTHER_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response (nonce-based on HTML, `request.csp_nonce` for templates) and
    Cross-Origin-Opener-Policy: same-origin, whatever a view set (drf-spectacular's docs set unsafe-none). Django
    views' bodiless 405 (the admin's, for any other method) becomes the API's JSON error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            response = method_not_allowed(response.get("Allow", ""))
        is_html = response.get("Content-Type", "").split(";")[0].strip().lower() == "text/html"
        response["Content-Security-Policy"] = _HTML_POLICY.format(nonce=nonce) if is_html else _OTHER_POLICY
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        return response


# ---- Django's sessions, for the pages that use them ----------------------------------------------------------------
# The API signs in with bearer tokens (DRF sets request.user) and never reads a Django session, its messages or
# Django's session-based request.user: only the admin does. Building them for every API request cost about a tenth
# of a GET /api/auth/me/, so these three skip the API's requests and behave as Django's for every other path.


def _token_api(request: HttpRequest) -> bool:
    """Whether `request` is for the token API (/api/...); the admin never is (ADMIN_PATH is one segment, not "api")."""
    return request.path_info.startswith("/api/")


class PageSessionMiddleware(SessionMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if not _token_api(request):
            super().process_request(request)


class PageAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if not _token_api(request):
            super().process_request(request)


class PageMessageMiddleware(MessageMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if not _token_api(request):
            super().process_request(request)
