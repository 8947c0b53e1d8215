from http import HTTPStatus
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import security_event_record
from core.api.schema import error_responses
from usersessions import services
from usersessions.api.serializers import RevokedCountOutputSerializer, SessionOutputSerializer
from usersessions.authentication import request_session_id
from usersessions.selectors import session_list_active


class SessionListView(APIView):
    @extend_schema(responses={200: SessionOutputSerializer(many=True), **error_responses(401)}, tags=["sessions"])
    def get(self, request: Request) -> Response:
        sessions = session_list_active(user=request.user)  # type: ignore[arg-type]
        context = {"current_session_id": request_session_id(request)}
        return Response(SessionOutputSerializer(sessions, many=True, context=context).data)


class SessionDetailView(APIView):
    @extend_schema(
        request=None,
        responses={204: None, **error_responses(401, 404)},
        tags=["sessions"],
        summary="Sign out a session",
    )
    def delete(self, request: Request, session_id: UUID) -> Response:
        services.session_revoke(user=request.user, session_id=str(session_id), request=request._request)  # type: ignore[arg-type]
        return Response(status=HTTPStatus.NO_CONTENT)


class SessionRevokeOthersView(APIView):
    @extend_schema(
        request=None,
        responses={200: RevokedCountOutputSerializer, **error_responses(401)},
        tags=["sessions"],
        summary="Sign out everywhere else",
    )
    def post(self, request: Request) -> Response:
        current = request_session_id(request)
        revoked = services.session_revoke_all(user=request.user, reason="revoked", keep_session_id=current)  # type: ignore[arg-type]
        security_event_record(
            kind="sessions_revoked", request=request._request, user=request.user, session_id=current, count=revoked
        )
        return Response({"revoked": revoked})
