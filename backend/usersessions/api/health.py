"""Health: the database answers, and how this process checks revocations (it lives here because it reports that)."""

from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import ErrorResponseSerializer, HealthSerializer
from usersessions.revocation_feed import feed


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
