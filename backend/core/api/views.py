from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api.exception_handler import AUTHENTICATE_HEADER
from core.throttles import ScopedClientIPThrottle


class PublicAuthView(APIView):
    """Credentials travel in the body; a stray Authorization header must not turn a login into a 401."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientIPThrottle]

    def get_authenticate_header(self, request: Request) -> str:
        return AUTHENTICATE_HEADER
