"""Health: /api/health/ (the database answers, and how this process checks revocations), and the probes'
/api/health/live and /api/health/ready (HealthProbeMiddleware). They live here because they report the feed."""

import logging
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exception_handler import method_not_allowed
from core.api.serializers import ErrorResponseSerializer, HealthSerializer
from usersessions.health import Check, readiness_check
from usersessions.revocation_feed import feed

logger = logging.getLogger(__name__)


class HealthView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: HealthSerializer, 503: ErrorResponseSerializer}, tags=["health"])
    def get(self, request: Request) -> Response:
        # A database failure raises OperationalError, which the exception handler answers with 503.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response(
            {"status": "ok", "database": "ok", "revocation_check": "memory" if feed.in_memory() else "lookup"}
        )


# The probes' paths, with and without Django's trailing slash (Next.js serves the same pair without one).
LIVE_PATHS = frozenset({"/api/health/live", "/api/health/live/"})
READY_PATHS = frozenset({"/api/health/ready", "/api/health/ready/"})
_ALLOWED = "GET, HEAD"
_last_failing: tuple[Check, ...] = ()


class HealthProbeMiddleware:
    """Answers the kubelet's probes before host validation, CSRF, sessions, DRF and its throttles.

    The kubelet sends the pod IP as Host, which is not (and should not have to be) in ALLOWED_HOSTS; these answers
    build no URL from Host, so skipping the check is safe. Sits after SecurityMiddleware (the paths are in
    SECURE_REDIRECT_EXEMPT: probes speak plain HTTP) and SecurityHeadersMiddleware, so the usual headers apply.
    A 503 is logged once per change (warning), not as a django.request error on every probe.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path not in LIVE_PATHS and path not in READY_PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(_ALLOWED)
        response = JsonResponse({"status": "ok"}) if path in LIVE_PATHS else _ready_response()
        response["Cache-Control"] = "no-store"
        if request.method == "HEAD":
            response.content = b""
        return response


def _ready_response() -> JsonResponse:
    # Per process, and racy between threads at worst by one extra log line: only to log each change once.
    global _last_failing
    readiness = readiness_check()
    if readiness.failing != _last_failing:
        if readiness.failing:
            logger.warning("Not ready: %s", ", ".join(readiness.failing))
        else:
            logger.info("Ready")
        _last_failing = readiness.failing
    body = {
        "status": "ok" if readiness.ready else "unavailable",
        "checks": {str(check): state for check, state in readiness.checks.items()},
        "failing": [str(check) for check in readiness.failing],
    }
    response = JsonResponse(body, status=200 if readiness.ready else 503)
    # Expected while a dependency is down: the warning above says so once, instead of an error on every probe.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
