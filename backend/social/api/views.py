from typing import Any
from uuid import UUID

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import AuthOutputSerializer, SecondFactorRequiredOutputSerializer
from accounts.services import SecondFactorRequired
from core.api.schema import error_responses
from core.context import request_context
from core.throttles import ScopedClientIPThrottle
from social import flows
from social.api.serializers import (
    CompleteInputSerializer,
    LinkedOutputSerializer,
    ProviderOutputSerializer,
    SocialAccountOutputSerializer,
    StartInputSerializer,
    StartOutputSerializer,
)
from social.conf import providers
from social.models import SocialAccount
from usersessions.api.serializers import TokenPairOutputSerializer

_BODY_ERRORS = (400, 413, 415, 429)


def _user(request: Request) -> Any:
    return request.user if request.user is not None and request.user.is_authenticated else None


class ProviderListView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: ProviderOutputSerializer(many=True)},
        tags=["social"],
        summary="The providers users may sign in with ([] when none is configured)",
    )
    def get(self, request: Request) -> Response:
        return Response(ProviderOutputSerializer(list(providers().values()), many=True).data)


class StartView(APIView):
    """Public for sign-in; a link needs the signed-in user's bearer token."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientIPThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=StartInputSerializer,
        responses={200: StartOutputSerializer, **error_responses(*_BODY_ERRORS, 401, 403, 404, 503)},
        tags=["social"],
        summary="Begin an authorization code flow (PKCE, state, nonce): the URL to send the browser to",
    )
    def post(self, request: Request, provider: str) -> Response:
        serializer = StartInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        started = flows.social_start(
            context=request_context(request),
            provider_id=provider,
            intent=serializer.validated_data["intent"],
            user=_user(request),
        )
        return Response(StartOutputSerializer(started).data)


class CompleteView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientIPThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=CompleteInputSerializer,
        responses={
            200: PolymorphicProxySerializer(
                component_name="SocialLoginOutput",
                serializers=[AuthOutputSerializer, SecondFactorRequiredOutputSerializer],
                resource_type_field_name=None,
            ),
            201: LinkedOutputSerializer,
            **error_responses(*_BODY_ERRORS, 401, 403, 404, 408, 409, 503),
        },
        tags=["social"],
        summary="Complete it with the provider's code and state: a session, a second-factor step, or a new link",
    )
    def post(self, request: Request, provider: str) -> Response:
        serializer = CompleteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = flows.social_complete(
            context=request_context(request), provider_id=provider, user=_user(request), **serializer.validated_data
        )
        if isinstance(result, flows.Linked):
            return Response(LinkedOutputSerializer({"account": result.account}).data, status=201)
        user, outcome = result
        if isinstance(outcome, SecondFactorRequired):
            body = {"mfa_required": True, "mfa_token": outcome.mfa_token, "methods": outcome.methods}
            return Response(SecondFactorRequiredOutputSerializer(body).data)
        return Response(AuthOutputSerializer({"user": user, "access": outcome.access, "refresh": outcome.refresh}).data)


class SocialAccountListView(APIView):
    @extend_schema(
        responses={200: SocialAccountOutputSerializer(many=True), **error_responses(401)},
        tags=["social"],
        summary="The provider identities linked to the signed-in account",
    )
    def get(self, request: Request) -> Response:
        accounts = SocialAccount.objects.filter(user=request.user)  # type: ignore[misc]
        return Response(SocialAccountOutputSerializer(accounts, many=True).data)


class SocialAccountDetailView(APIView):
    throttle_classes = [ScopedClientIPThrottle]
    throttle_scope = "account"

    @extend_schema(
        request=None,
        responses={200: TokenPairOutputSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["social"],
        summary="Unlink a provider (step-up first); other sessions end, this one gets new tokens",
    )
    def delete(self, request: Request, account_id: UUID) -> Response:
        tokens = flows.social_unlink(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            account_id=str(account_id),
        )
        return Response(TokenPairOutputSerializer(tokens).data)
