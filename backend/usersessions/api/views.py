from http import HTTPStatus
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import error_responses
from core.api.views import PublicAuthView
from core.context import request_context, request_session_id
from usersessions import services
from usersessions.api.serializers import (
    RefreshTokenInputSerializer,
    RevokedCountOutputSerializer,
    SessionOutputSerializer,
    TokenPairOutputSerializer,
)
from usersessions.selectors import session_list_active

_BODY_ERRORS = (400, 413, 415, 429)


class RefreshView(PublicAuthView):
    throttle_scope = "refresh"

    @extend_schema(
        request=RefreshTokenInputSerializer,
        responses={200: TokenPairOutputSerializer, **error_responses(*_BODY_ERRORS, 401)},
        tags=["auth"],
        summary="Exchange a refresh token for a new pair (the old one is retired)",
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refresh = serializer.validated_data["refresh"]
        tokens = services.session_refresh(refresh=refresh, context=request_context(request))
        return Response(TokenPairOutputSerializer(tokens).data)


class LogoutView(PublicAuthView):
    throttle_scope = "refresh"

    @extend_schema(
        request=RefreshTokenInputSerializer,
        responses={204: None, **error_responses(*_BODY_ERRORS, 401)},
        tags=["auth"],
        summary="Retire a refresh token",
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.session_end(refresh=serializer.validated_data["refresh"], context=request_context(request))
        return Response(status=HTTPStatus.NO_CONTENT)


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
        services.session_revoke(user=request.user, session_id=str(session_id), context=request_context(request))  # type: ignore[arg-type]
        return Response(status=HTTPStatus.NO_CONTENT)


class SessionRevokeOthersView(APIView):
    @extend_schema(
        request=None,
        responses={200: RevokedCountOutputSerializer, **error_responses(401)},
        tags=["sessions"],
        summary="Sign out everywhere else",
    )
    def post(self, request: Request) -> Response:
        revoked = services.session_revoke_others(user=request.user, context=request_context(request))  # type: ignore[arg-type]
        return Response({"revoked": revoked})
