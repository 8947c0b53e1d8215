"""Three views that do no work of their own: the differences between them are the cost of DRF and of auth."""

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from usersessions.authentication import SessionJWTAuthentication

_BODY = {"ok": True}


def bare_view(request: HttpRequest) -> HttpResponse:
    """Plain Django: URL routing and the middleware stack, no DRF."""
    return HttpResponse(b'{"ok":true}', content_type="application/json")


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
