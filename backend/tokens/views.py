from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tokens.keyring import jwks


class JWKSView(APIView):
    """Public keys that verify our access tokens, for other services and the Next.js server."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiResponse(description="A JSON Web Key Set")}, tags=["auth"])
    def get(self, request: Request) -> Response:
        # Short enough that a rotated key is picked up quickly, long enough to spare this endpoint.
        return Response(jwks(), headers={"Cache-Control": "public, max-age=300"})
