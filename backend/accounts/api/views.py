from http import HTTPStatus
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import (
    AuthOutputSerializer,
    LoginInputSerializer,
    RefreshTokenInputSerializer,
    RegisterInputSerializer,
    TokenPairOutputSerializer,
    UserOutputSerializer,
    UserUpdateInputSerializer,
)
from core.api.exception_handler import AUTHENTICATE_HEADER
from core.api.schema import error_responses
from core.throttles import ScopedClientIPThrottle

_BODY_ERRORS = (400, 413, 415, 429)


class PublicAuthView(APIView):
    """Credentials travel in the body; a stray Authorization header must not turn a login into a 401."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientIPThrottle]

    def get_authenticate_header(self, request: Request) -> str:
        return AUTHENTICATE_HEADER


def _auth_body(user: Any, tokens: services.TokenPair) -> dict[str, Any]:
    return AuthOutputSerializer({"user": user, "access": tokens.access, "refresh": tokens.refresh}).data


class RegisterView(PublicAuthView):
    throttle_scope = "register"

    @extend_schema(
        request=RegisterInputSerializer,
        responses={201: AuthOutputSerializer, **error_responses(*_BODY_ERRORS)},
        tags=["auth"],
        summary="Create an account and sign in",
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        tokens = services.token_pair_issue(user=user)
        return Response(_auth_body(user, tokens), status=HTTPStatus.CREATED)


class LoginView(PublicAuthView):
    throttle_scope = "login"

    @extend_schema(
        request=LoginInputSerializer,
        responses={200: AuthOutputSerializer, **error_responses(*_BODY_ERRORS, 401)},
        tags=["auth"],
        summary="Sign in with email and password",
    )
    def post(self, request: Request) -> Response:
        serializer = LoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, tokens = services.user_login(request=request._request, **serializer.validated_data)
        return Response(_auth_body(user, tokens))


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
        tokens = services.token_refresh(refresh=serializer.validated_data["refresh"])
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
        services.token_logout(refresh=serializer.validated_data["refresh"])
        return Response(status=HTTPStatus.NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses={200: UserOutputSerializer, **error_responses(401)}, tags=["account"])
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)  # type: ignore[arg-type]

    @extend_schema(
        request=UserUpdateInputSerializer,
        responses={200: UserOutputSerializer, **error_responses(400, 401, 413, 415)},
        tags=["account"],
    )
    def patch(self, request: Request) -> Response:
        serializer = UserUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(UserOutputSerializer(user).data)
