from http import HTTPStatus
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import (
    AcceptedOutputSerializer,
    AuthOutputSerializer,
    CurrentPasswordInputSerializer,
    EmailChangeInputSerializer,
    EmailKeyInputSerializer,
    LinkOutcomeOutputSerializer,
    LoginInputSerializer,
    PasswordChangeInputSerializer,
    PasswordResetConfirmInputSerializer,
    PasswordResetInputSerializer,
    PasswordResetResendInputSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    SecondFactorRequiredOutputSerializer,
    UserExportOutputSerializer,
    UserOutputSerializer,
    UserUpdateInputSerializer,
)
from accounts.flows import account_deletion, data_export, email_change, email_verification, password_change
from accounts.flows import password_reset as password_reset_flow
from accounts.models import User
from core.api.schema import error_responses
from core.api.views import PublicAuthView
from core.context import request_context
from core.throttles import ScopedClientIPThrottle
from usersessions.api.serializers import TokenPairOutputSerializer
from usersessions.services import TokenPair

_BODY_ERRORS = (400, 413, 415, 429)


# Built once and reused (read-only), like _USER_OUTPUT below: a new AuthOutputSerializer per sign-in builds its nested
# ModelSerializer's fields from the model again, about a third of a millisecond of every login.
_AUTH_OUTPUT = AuthOutputSerializer()


def _auth_body(user: Any, tokens: TokenPair) -> dict[str, Any]:
    return _AUTH_OUTPUT.to_representation({"user": user, "access": tokens.access, "refresh": tokens.refresh})


class RegisterView(PublicAuthView):
    throttle_scope = "register"

    @extend_schema(
        request=RegisterInputSerializer,
        responses={201: RegisterOutputSerializer, **error_responses(*_BODY_ERRORS, 408)},
        tags=["auth"],
        summary="Create an account and sign in",
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, tokens = services.user_register_and_sign_in(context=request_context(request), **serializer.validated_data)
        if tokens is None:  # verification is mandatory: the user signs in after following the emailed link
            return Response({"user": UserOutputSerializer(user).data}, status=HTTPStatus.CREATED)
        return Response(_auth_body(user, tokens), status=HTTPStatus.CREATED)


class LoginView(PublicAuthView):
    # The per-address login rate is counted by user_login (accounts.lockout), shared with the admin's sign-in.
    throttle_classes = []

    @extend_schema(
        request=LoginInputSerializer,
        responses={
            200: PolymorphicProxySerializer(
                component_name="LoginOutput",
                serializers=[AuthOutputSerializer, SecondFactorRequiredOutputSerializer],
                resource_type_field_name=None,
            ),
            **error_responses(*_BODY_ERRORS, 401, 403, 408),
        },
        tags=["auth"],
        summary="Sign in with email and password (or learn that a second factor is required)",
    )
    def post(self, request: Request) -> Response:
        serializer = LoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, result = services.user_login(context=request_context(request), **serializer.validated_data)
        if isinstance(result, services.SecondFactorRequired):
            body = {"mfa_required": True, "mfa_token": result.mfa_token, "methods": result.methods}
            return Response(SecondFactorRequiredOutputSerializer(body).data)
        return Response(_auth_body(user, result))


# Built once and reused (read-only): a ModelSerializer introspects the model each time one is made, which would cost
# GET /me/ (the most frequent authenticated read) more than its authentication does.
_USER_OUTPUT = UserOutputSerializer()


class MeView(APIView):
    @extend_schema(responses={200: UserOutputSerializer, **error_responses(401)}, tags=["account"])
    def get(self, request: Request) -> Response:
        return Response(_USER_OUTPUT.to_representation(request.user))  # type: ignore[arg-type]

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

    # Only deletion is rate limited here: it checks a password.
    throttle_scope = "account"

    def get_throttles(self) -> list[Any]:
        return [ScopedClientIPThrottle()] if self.request.method == "DELETE" else []

    @extend_schema(
        request=CurrentPasswordInputSerializer,
        responses={204: None, **error_responses(*_BODY_ERRORS, 401)},
        tags=["account"],
        summary="Delete the account and everything stored about it",
    )
    def delete(self, request: Request) -> Response:
        serializer = CurrentPasswordInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account_deletion.user_delete(context=request_context(request), user=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(status=HTTPStatus.NO_CONTENT)


# --- Account lifecycle -------------------------------------------------------------------------------------------
class AccountView(APIView):
    """Signed-in account operations, rate limited per client address."""

    throttle_classes = [ScopedClientIPThrottle]


def _accepted(detail: str) -> Response:
    return Response(AcceptedOutputSerializer({"detail": detail}).data, status=HTTPStatus.ACCEPTED)


class EmailVerifyView(PublicAuthView):
    throttle_scope = "account"

    @extend_schema(
        request=EmailKeyInputSerializer,
        responses={200: LinkOutcomeOutputSerializer, **error_responses(*_BODY_ERRORS)},
        tags=["account"],
        summary="Mark the email address verified with the emailed key (says so when it already is)",
    )
    def post(self, request: Request) -> Response:
        serializer = EmailKeyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = email_verification.email_verify(context=request_context(request), **serializer.validated_data)
        return Response(LinkOutcomeOutputSerializer(outcome).data)


class EmailVerifyResendView(AccountView):
    throttle_scope = "email"

    @extend_schema(
        request=None,
        responses={202: AcceptedOutputSerializer, **error_responses(400, 401, 429)},
        tags=["account"],
        summary="Send a new verification link",
    )
    def post(self, request: Request) -> Response:
        email_verification.email_verification_resend(user=request.user)  # type: ignore[arg-type]
        return _accepted(_("We sent a new verification link to your email address."))


class PasswordResetView(PublicAuthView):
    throttle_scope = "password_reset"

    @extend_schema(
        request=PasswordResetInputSerializer,
        responses={202: AcceptedOutputSerializer, **error_responses(*_BODY_ERRORS)},
        tags=["auth"],
        summary="Email a password reset link (same answer whether or not the account exists)",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_flow.password_reset_request(
            email=serializer.validated_data["email"], context=request_context(request)
        )
        return _accepted(_("If an account uses this address, we sent it a link to reset the password."))


class PasswordResetResendView(PublicAuthView):
    # The same limit as asking by address: a new link is a new reset request.
    throttle_scope = "password_reset"

    @extend_schema(
        request=PasswordResetResendInputSerializer,
        responses={202: AcceptedOutputSerializer, **error_responses(*_BODY_ERRORS)},
        tags=["auth"],
        summary="Email a new reset link to the address an expired one was sent to",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetResendInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_flow.password_reset_resend(context=request_context(request), **serializer.validated_data)
        return _accepted(_("We sent a new reset link to the address the old one was sent to."))


class PasswordResetConfirmView(PublicAuthView):
    throttle_scope = "account"

    @extend_schema(
        request=PasswordResetConfirmInputSerializer,
        responses={204: None, **error_responses(*_BODY_ERRORS)},
        tags=["auth"],
        summary="Set a new password with the emailed link; signs out every session",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetConfirmInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_flow.password_reset_confirm(context=request_context(request), **serializer.validated_data)
        return Response(status=HTTPStatus.NO_CONTENT)


class PasswordChangeView(AccountView):
    throttle_scope = "account"

    @extend_schema(
        request=PasswordChangeInputSerializer,
        responses={200: TokenPairOutputSerializer, **error_responses(*_BODY_ERRORS, 401)},
        tags=["account"],
        summary="Change the password; other sessions are signed out, this one gets fresh tokens",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tokens = password_change.password_change(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        return Response(TokenPairOutputSerializer(tokens).data)


class EmailChangeView(AccountView):
    throttle_scope = "email"

    @extend_schema(
        request=EmailChangeInputSerializer,
        responses={202: AcceptedOutputSerializer, **error_responses(*_BODY_ERRORS, 401)},
        tags=["account"],
        summary="Send a confirmation link to a new address (same answer whether or not it is taken)",
    )
    def post(self, request: Request) -> Response:
        serializer = EmailChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        email_change.email_change_request(context=request_context(request), user=user, **serializer.validated_data)
        return _accepted(_("We sent a confirmation link to the new address. Your email changes once it is used."))


class EmailChangeConfirmView(PublicAuthView):
    throttle_scope = "account"

    @extend_schema(
        request=EmailKeyInputSerializer,
        responses={200: LinkOutcomeOutputSerializer, **error_responses(*_BODY_ERRORS)},
        tags=["account"],
        summary="Confirm an email change with the key sent to the new address (says so when already done)",
    )
    def post(self, request: Request) -> Response:
        serializer = EmailKeyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = email_change.email_change_confirm(context=request_context(request), **serializer.validated_data)
        return Response(LinkOutcomeOutputSerializer(outcome).data)


class MeExportView(AccountView):
    throttle_scope = "account"

    @extend_schema(
        responses={200: UserExportOutputSerializer, **error_responses(401, 429)},
        tags=["account"],
        summary="Everything stored about the signed-in user, as JSON",
    )
    def get(self, request: Request) -> Response:
        export = data_export.user_data_export(user=request.user)  # type: ignore[arg-type]
        return Response(UserExportOutputSerializer(export).data)
