"""Views that do no work of their own: the differences between them are the cost of DRF and of auth.

The peer views put simplejwt's own authentication classes (benchmarks.peers) in front of the same no-op, so our
authentication is measured against them in the same server and the same run. hash_view does one thing, a password
verification, so that the login's floor is measured in the process that verifies logins.
"""

import functools

from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from benchmarks.peers import PeerJWTAuthentication, PeerJWTStatelessUserAuthentication
from usersessions.authentication import SessionJWTAuthentication

_BODY = {"ok": True}


def bare_view(request: HttpRequest) -> HttpResponse:
    """Plain Django: URL routing and the middleware stack, no DRF."""
    return HttpResponse(b'{"ok":true}', content_type="application/json")


# Not a secret: the password of the hash the view below verifies, in a server started with BENCH_ENDPOINTS only.
_HASH_PASSWORD = "bench correct horse battery 42"  # noqa: S105


@functools.cache
def _encoded() -> str:
    return make_password(_HASH_PASSWORD)


def hash_view(request: HttpRequest) -> HttpResponse:
    """Plain Django plus one password verification with the configured hasher (Argon2id in production), in the
    server's own process as a login's is: the hash part of the login's floor (bench/run.py). The hash is made on the
    first request, which the bench's warm-up sends."""
    if not check_password(_HASH_PASSWORD, _encoded()):
        raise RuntimeError("the benchmark password does not verify")
    return bare_view(request)


@extend_schema(exclude=True)
class NoopOpenView(APIView):
    """DRF with authentication switched off: the baseline of the auth overhead."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def get(self, request: Request) -> Response:
        return Response(_BODY)


@extend_schema(exclude=True)
class NoopAuthView(APIView):
    """The same view behind the production authentication (signature, session revocation, user): nothing else."""

    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = []

    def get(self, request: Request) -> Response:
        return Response(_BODY)


@extend_schema(exclude=True)
class PeerDefaultAuthView(NoopAuthView):
    """The no-op behind simplejwt's default JWTAuthentication (loads the user from the database per request)."""

    authentication_classes = [PeerJWTAuthentication]


@extend_schema(exclude=True)
class PeerStatelessAuthView(NoopAuthView):
    """The no-op behind simplejwt's JWTStatelessUserAuthentication (no revocation check, no user loaded)."""

    authentication_classes = [PeerJWTStatelessUserAuthentication]
