from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.api.serializers import SecurityEventOutputSerializer
from audit.selectors import security_event_list
from core.api.schema import error_responses


class SecurityEventListView(APIView):
    @extend_schema(
        responses={200: SecurityEventOutputSerializer(many=True), **error_responses(401)},
        tags=["account"],
        summary="The 50 most recent security events of the signed-in user",
    )
    def get(self, request: Request) -> Response:
        return Response(SecurityEventOutputSerializer(security_event_list(user=request.user), many=True).data)
